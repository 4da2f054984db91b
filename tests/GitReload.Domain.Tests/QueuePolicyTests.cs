using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using Snapshooter.Xunit;

namespace GitReload.Domain.Tests;

/// <summary>
/// The queue policy as a table to review: named sequences of offers, starts, finishes, requeues and
/// a resume on <see cref="JobBoard"/>, with what each step did and the board after it.
/// This table pins the model: in production the journal runs only <see cref="JobBoard.Place"/>, <c>Add</c>,
/// <c>Merge</c> and <c>Find</c>, and starts, finishes and requeues in its own SQL. That the journal's queue
/// agrees with this model at every step is pinned by the journal contract
/// (<c>tests/Shared/Journal/JournalContract.Model.cs</c>, run on SQLite and PostgreSQL).
/// </summary>
public class QueuePolicyTests
{
    // One step on the board: what it is called in the table, and what it does.
    private sealed record Step(string Name, Func<JobBoard, (JobBoard Board, string Outcome)> Apply);

    private static Step Offer(long id, JobRequest request) => new(
        $"offer {Request(request)} as #{id}",
        board => board.Offer(request, new JobId(id)) is var (after, outcome)
            ? (after, outcome.Match(added: a => $"added #{a.Id}{(a.Ready ? ", ready" : ", waits its turn")}", merged: m => $"merged into #{m.Id}"))
            : throw new InvalidOperationException());

    private static Step Start(long id) => new($"start #{id}", board => (board.Start(new JobId(id)), "-"));

    private static Step Requeue(long id) => new($"requeue #{id}", board => (board.Requeue(new JobId(id)), "-"));

    private static Step Finish(long id) => new(
        $"finish #{id}",
        board => board.Finish(new JobId(id)) is var (after, next)
            ? (after, next.Match(n => $"next of its checkout: #{n.Id}", () => "nothing next"))
            : throw new InvalidOperationException());

    private static Step Resume(params (long Id, string Repo)[] left) => new(
        $"resume {string.Join(", ", left.Select(j => $"#{j.Id} {j.Repo}"))}, all running",
        _ => JobBoard.Resume(left.Select(j => new BoardJob(new JobId(j.Id), Update(j.Repo, "x"), Running: true, Merged: 0)).ToSeq()) is var (board, ready)
            ? (board, $"ready: {string.Join(", ", ready.Map(r => $"#{r.Id}"))}")
            : throw new InvalidOperationException());

    private static JobRequest Update(string repo, string? after) => Some.Job(repo, JobAction.GetLatest, after ?? "") with { After = Prelude.Optional(after) };

    private static JobRequest Import(string repo, string after) => Some.Job(repo, JobAction.CourseImport, after);

    private static JobRequest Rollback(string? undo) => Update("a", undo) with { Action = JobAction.Rollback };

    private static JobRequest Pushed(string after) => Update("a", after).WithSource(new ForgeRepo(Forge.GitHub, "mitodl/a"));

    private static string Request(JobRequest r) =>
        $"{r.Repo} {Name(r.Action)} {r.After.IfNone("(no commit)")}{r.Source.Map(s => $" from {s.FullName}").IfNone("")}";

    private static string Name(JobAction action) => action switch
    {
        JobAction.GetLatest => "update",
        JobAction.CourseImport => "import",
        JobAction.Rollback => "rollback",
        _ => action.ToString(),
    };

    private static string Board(JobBoard board) => board.Jobs.IsEmpty
        ? "(empty)"
        : string.Join("; ", board.Jobs.Map(j => $"#{j.Id} {Request(j.Request)}{(j.Merged > 0 ? $" +{j.Merged}" : "")} {(j.Running ? "running" : "waiting")}"));

    private static readonly (string Name, Step[] Steps)[] Sequences =
    [
        ("the first job of a checkout", [Offer(1, Update("a", "x"))]),
        ("a burst into a waiting job", [Offer(1, Update("a", "x")), Offer(2, Update("a", "y")), Offer(3, Update("a", "z"))]),
        ("a push while the work runs", [Offer(1, Update("a", "x")), Start(1), Offer(2, Update("a", "y")), Offer(3, Update("a", "z")), Finish(1), Start(2), Finish(2)]),
        ("checkouts are independent", [Offer(1, Update("a", "x")), Start(1), Offer(2, Update("b", "x")), Finish(1), Start(2)]),
        ("import and update of one checkout", [Offer(1, Update("a", "x")), Offer(2, Import("a", "x")), Offer(3, Import("a", "y")), Start(1), Finish(1), Start(2), Finish(2)]),
        ("a job cut off takes requests again", [Offer(1, Update("a", "x")), Start(1), Requeue(1), Offer(2, Update("a", "y"))]),
        ("rollbacks", [Offer(1, Update("a", "x")), Start(1), Offer(2, Rollback("c3")), Offer(3, Rollback("c3")), Offer(4, Rollback("c2")), Offer(5, Rollback(null)), Offer(6, Rollback(null))]),
        ("a request by hand into a waiting push", [Offer(1, Pushed("x")), Offer(2, Update("a", null)), Offer(3, Pushed("y"))]),
        ("a push into a waiting request by hand", [Offer(1, Update("a", null)), Offer(2, Pushed("y"))]),
        ("finishing a job not on the board", [Offer(1, Update("a", "x")), Finish(42)]),
        ("a restart", [Resume((4, "a"), (5, "b"), (7, "a")), Offer(8, Update("a", "y")), Start(4), Finish(4)]),
    ];

    [Fact]
    public void Every_sequence_of_offers_starts_and_finishes_has_one_reviewed_board()
    {
        var rows = Sequences.SelectMany(sequence =>
        {
            var board = JobBoard.Empty;
            return sequence.Steps.Select(step =>
            {
                (board, var outcome) = step.Apply(board);
                return $"{sequence.Name,-38} | {step.Name,-44} | {outcome,-32} | {Board(board)}";
            }).ToArray();
        });

        Snapshot.Match(rows.ToArray());
    }
}
