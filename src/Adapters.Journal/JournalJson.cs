using System.Text.Json.Serialization;

namespace GitReload.Adapters.Journal;

/// <summary>The journal's JSON columns (lists of delivery ids), their contract generated at compile time: nothing of it is looked up by reflection, so a trimmed build reads and writes the same text.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class JournalJson : JsonSerializerContext;
