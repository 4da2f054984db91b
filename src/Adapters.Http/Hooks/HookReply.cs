using System.Text.Json.Serialization;

namespace GitReload.Adapters.Http.Hooks;

/// <summary>The JSON body of every hook answer: <c>{"msg": "..."}</c>, plus <c>job_id</c> when a job was queued or merged.</summary>
public sealed record HookReply(
    [property: JsonPropertyName("msg")] string Message,
    [property: JsonPropertyName("job_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? JobId = null);
