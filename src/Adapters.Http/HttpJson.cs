using System.Text.Json.Serialization;
using GitReload.Adapters.Http.Hooks;
using GitReload.Adapters.Http.Jobs;
using GitReload.Adapters.Http.Queue;

namespace GitReload.Adapters.Http;

/// <summary>Source-generated JSON for every body GitReload writes.</summary>
[JsonSerializable(typeof(HookReply))]
[JsonSerializable(typeof(QueueReply))]
[JsonSerializable(typeof(JobReply))]
[JsonSerializable(typeof(JobsReply))]
[JsonSerializable(typeof(Fleet.HostsReply))]
public sealed partial class HttpJson : JsonSerializerContext;
