using System.Text.Json;
using GitReload.Adapters.Http.Hooks;
using GitReload.Application.Hooks;
using GitReload.Application.Ports;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter.Xunit;

namespace GitReload.Adapters.Http.Tests;

/// <summary>
/// Every hook answer (each <see cref="Decision"/>, each way a queued one ends, each <see cref="RequestRefusal"/>) with the status and body the
/// hook routes send, executed as ASP.NET Core executes them: the wording users match on, in one table.
/// </summary>
public class HookAnswersTableTests
{
    private static readonly JobId Job = new(42);

    private static readonly (string Name, HookReceipt Receipt)[] Cases =
    [
        ("ping", Answered(new Decision.Pong())),
        ("another event", Answered(new Decision.IgnoredEvent())),
        ("unreadable delivery (reason as Intake gives it)", Answered(new Decision.BadRequest("Cannot read the payload"))),
        .. Enum.GetValues<CheckoutProblem>().Select(p => ($"server problem: {p}", Answered(new Decision.ServerProblem(p)))),
        ("push to another branch", Answered(new Decision.BranchMismatch("refs/heads/other", "main"))),
        ("checked-out branch deleted", Answered(new Decision.BranchDeleted("main"))),
        .. from action in Enum.GetValues<JobAction>()
           from merged in new[] { false, true }
           select ($"enqueue {action}, {(merged ? "merged into a queued job" : "a new job")}", (HookReceipt)new HookReceipt.Queued(new Enqueued(Job, action, merged, 3))),
        ("enqueue, journal could not record it", new HookReceipt.NotRecorded(Error.New("disk full"))),
        ("redelivery of an accepted delivery", new HookReceipt.AlreadyReceived(Job)),
    ];

    private static HookReceipt Answered(Decision decision) => new HookReceipt.Answered(decision);

    private static async Task<string> Sent(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        if (body.Length == 0)
            return $"{context.Response.StatusCode} | (no body)";
        // Each field of the JSON body as name=value, so that the table reads without JSON escapes.
        using var json = JsonDocument.Parse(body.ToArray());
        var fields = json.RootElement.EnumerateObject().Select(field => $"{field.Name}={field.Value}");
        return $"{context.Response.StatusCode} | {string.Join(" | ", fields)}";
    }

    [Fact]
    public async Task Every_hook_answer_has_one_reviewed_status_and_body()
    {
        var rows = new List<string>();
        foreach (var (name, receipt) in Cases)
            rows.Add($"{name,-50} | {await Sent(HookAnswers.For(receipt))}");
        foreach (var refusal in Enum.GetValues<RequestRefusal>())
            rows.Add($"{"refused: " + refusal,-50} | {await Sent(HookAnswers.For(refusal))}");

        Snapshot.Match(rows);
    }
}
