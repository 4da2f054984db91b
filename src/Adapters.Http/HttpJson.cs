using System.Text.Encodings.Web;
using System.Text.Json;
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
public sealed partial class HttpJson : JsonSerializerContext
{
    /// <summary>
    /// The context every answer is written with: <c>'</c>, <c>&lt;</c>, <c>&amp;</c> and non-ASCII letters as
    /// they are (<c>doesn't</c>, not <c>doesn\u0027t</c>). The answers are <c>application/json</c> and never put
    /// into a page as they are; quotes, backslashes and control characters are still escaped.
    /// </summary>
    public static HttpJson Answers { get; } = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
