using System.Net;
using System.Text.Json;
using GitReload.Adapters.Http.Hooks;
using GitReload.Application.Hooks;
using GitReload.Application.Ports;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GitReload.Adapters.Http.Tests;

/// <summary>
/// What a route should answer, taken from <see cref="HookAnswers"/> itself: behaviour tests say which answer,
/// the snapshot (<see cref="HookAnswersTableTests"/>) says its words, so a change of wording fails only there.
/// </summary>
internal static class Expected
{
    public static Task<(HttpStatusCode Status, string Msg)> For(Decision decision) => Of(HookAnswers.For(decision));

    public static Task<(HttpStatusCode Status, string Msg)> For(RequestRefusal refusal) => Of(HookAnswers.For(refusal));

    public static Task<(HttpStatusCode Status, string Msg)> For(HookReceipt receipt) => Of(HookAnswers.For(receipt));

    public static async Task<string> Msg(Decision decision) => (await For(decision)).Msg;

    public static async Task<string> Msg(RequestRefusal refusal) => (await For(refusal)).Msg;

    /// <summary>The message of a queued job, with the queue's size as it was.</summary>
    public static async Task<string> Queued(JobAction action, bool merged, int queueSize) =>
        (await For(new HookReceipt.Queued(new Enqueued(new JobId(1), action, merged, queueSize)))).Msg;

    /// <summary>The message of a redelivery of an accepted delivery.</summary>
    public static async Task<string> AlreadyReceived() => (await For(new HookReceipt.AlreadyReceived(new JobId(1)))).Msg;

    // The answer as ASP.NET Core sends it: status, and the body's msg ("" when there is no body).
    private static async Task<(HttpStatusCode, string)> Of(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        var msg = body.Length == 0 ? "" : JsonDocument.Parse(body.ToArray()).RootElement.GetProperty("msg").GetString() ?? "";
        return ((HttpStatusCode)context.Response.StatusCode, msg);
    }
}
