using System.Text.Json.Serialization;
using GitReload.Adapters.Http.Hooks;
using GitReload.Adapters.Http.Queue;

namespace GitReload.Adapters.Http;

/// <summary>Source-generated JSON for every body GitReload writes.</summary>
[JsonSerializable(typeof(HookReply))]
[JsonSerializable(typeof(QueueReply))]
public sealed partial class HttpJson : JsonSerializerContext;
