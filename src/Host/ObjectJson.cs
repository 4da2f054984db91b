using System.Text.Json.Serialization;

namespace GitReload.Host;

/// <summary>
/// <c>object</c>'s JSON contract, generated at compile time. Every generated request delegate asks the app's JSON
/// options for <c>object</c>'s contract when its endpoint is built; answered by the reflection-based resolver, that
/// built all of System.Text.Json's built-in converters before the first answer (issue 16). Put first in the
/// chain, this answers that one question; every other type is resolved as before.
/// </summary>
[JsonSerializable(typeof(object))]
internal sealed partial class ObjectJson : JsonSerializerContext;
