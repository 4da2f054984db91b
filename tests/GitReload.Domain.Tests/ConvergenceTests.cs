using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reconcile;
using LanguageExt;
using Snapshooter.Xunit;
using static LanguageExt.Prelude;

namespace GitReload.Domain.Tests;

/// <summary>The reconcile loop's decision: what origin said, who holds the checkout at which commit, what imports did, what is queued.</summary>
public class ConvergenceTests
{
    private const string X = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
    private const string W = "wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww";
    private static readonly HostId A = Some.HostOf("a");
    private static readonly HostId B = Some.HostOf("b");
    private static readonly DateTimeOffset Earlier = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Earlier.AddHours(1);

    private static HeldCheckout At(HostId host, string? head) => new(host, Some.OriginUrl, Optional(head));

    private static readonly (string Name, OriginAnswer Answer)[] Answers =
    [
        ("origin at x", new OriginAnswer.Branches(Map(("master", X), ("devel", W)))),
        ("no master", new OriginAnswer.Branches(Map(("devel", X)))),
        ("unreachable", new OriginAnswer.Unreachable("ssh: Permission denied (publickey)")),
    ];

    // The asking host (a) first, as read from its disk; then the others as registered.
    private static readonly (string Name, Seq<HeldCheckout> Holders)[] Holders =
    [
        ("a at x", Seq1(At(A, X))),
        ("a at w", Seq1(At(A, W))),
        ("a empty", Seq1(At(A, null))),
        ("a at x, b at w", Seq(At(A, X), At(B, W))),
        ("a at w, b at w", Seq(At(A, W), At(B, W))),
    ];

    private static readonly (string Name, Option<ImportBaseline> Baseline, Option<DoneImport> LastImport)[] Imports =
    [
        ("first round", None, None),
        ("first round, imported w", None, Some(new DoneImport(Some(W), Later))),
        ("baseline x", Some(new ImportBaseline(X, Earlier)), None),
        ("baseline w", Some(new ImportBaseline(W, Earlier)), None),
        ("baseline w, then imported x", Some(new ImportBaseline(W, Earlier)), Some(new DoneImport(Some(X), Later))),
        ("baseline x, then imported w", Some(new ImportBaseline(X, Earlier)), Some(new DoneImport(Some(W), Later))),
        ("imported x, then baseline w", Some(new ImportBaseline(W, Later)), Some(new DoneImport(Some(X), Earlier))),
        ("baseline w, then by hand", Some(new ImportBaseline(W, Earlier)), Some(new DoneImport(None, Later))),
    ];

    private static readonly (string Name, WorkInHand InHand, Option<EndedJob> LastEnd)[] Queues =
    [
        ("idle", WorkInHand.None, None),
        ("one waits", WorkInHand.Waiting, None),
        ("one runs", WorkInHand.Running, None),
        ("x failed for good", WorkInHand.None, Some(new EndedJob(X, FailedForGood: true))),
        ("x failed, may pass", WorkInHand.None, Some(new EndedJob(X, FailedForGood: false))),
        ("w failed for good", WorkInHand.None, Some(new EndedJob(W, FailedForGood: true))),
    ];

    private static string Show(Reconciled decision) => decision.Match(
        inSync: s => $"in sync at {s.Commit[..1]}",
        behind: b => $"queue {b.Job.Action} of {b.Job.Branch} for {b.Job.After.IfNone("")[..1]} from {b.Job.RepoUrl} on {b.Targets}",
        baseline: b => $"baseline {b.Commit[..1]}",
        busy: b => $"busy, {b.Commit[..1]} next round",
        gaveUp: g => $"gave up on {g.Commit[..1]}",
        rolledBack: r => $"rolled back from {r.Commit[..1]}",
        branchGone: g => $"no branch {g.Branch} on origin",
        unreachable: u => $"unreachable: {u.Error}");

    [Fact]
    public void Every_update_case_has_one_reviewed_decision()
    {
        var rows =
            from answer in Answers
            from holders in Holders
            from queue in Queues
            select $"{answer.Name,-11} | {holders.Name,-14} | {queue.Name,-18} | " + Show(Convergence.Decide(
                new OriginCheck(JobAction.GetLatest, Some.Repo(), "master", holders.Holders.Head, holders.Holders.Tail, None, None, queue.LastEnd, queue.InHand), answer.Answer));

        Snapshot.Match(rows.ToArray());
    }

    [Fact]
    public void Every_import_case_has_one_reviewed_decision()
    {
        var rows =
            from answer in Answers
            from imports in Imports
            from queue in Queues
            where answer.Name == "origin at x" || (imports.Name == "baseline w" && queue.Name == "idle")
            select $"{answer.Name,-11} | {imports.Name,-27} | {queue.Name,-18} | " + Show(Convergence.Decide(
                new OriginCheck(JobAction.CourseImport, Some.Repo(), "master", Holders[3].Holders.Head, Holders[3].Holders.Tail, imports.LastImport, imports.Baseline, queue.LastEnd, queue.InHand),
                answer.Answer));

        Snapshot.Match(rows.ToArray());
    }

    [Fact]
    public void An_update_is_queued_only_for_the_hosts_behind_origin()
    {
        var decision = Convergence.Decide(
            new OriginCheck(JobAction.GetLatest, Some.Repo(), "master", At(A, X), Seq1(At(B, W)), None, None, None, WorkInHand.None),
            Answers[0].Answer);

        var behind = Assert.IsType<Reconciled.Behind>(decision);
        Assert.Equal(new[] { B }, Assert.IsType<JobTargets.Each>(behind.Targets).Hosts.ToArray());
        Assert.Equal((X, "master", JobAction.GetLatest), (behind.Job.After.IfNone(""), behind.Job.Branch, behind.Job.Action));
    }

    [Theory]
    [InlineData(X, "rolled back from x")]
    [InlineData(W, "queue GetLatest of master for x from https://github.com/mitodl/course.git on each of [a]")]
    [InlineData(X + "," + W, "rolled back from x")]
    [InlineData(W + "," + X, "rolled back from x")]
    public void A_rollback_from_origin_s_commit_holds_until_origin_moves_on_however_many_rollbacks_followed_it(string rolledBackFrom, string expected)
    {
        var check = new OriginCheck(JobAction.GetLatest, Some.Repo(), "master", Holders[1].Holders.Head, Holders[1].Holders.Tail, None, None, None, WorkInHand.None) { RolledBackFrom = rolledBackFrom.Split(',').ToSeq() };

        Assert.Equal(expected, Show(Convergence.Decide(check, Answers[0].Answer)));
    }

    [Fact]
    public void Starting_to_follow_imports_records_a_baseline_and_queues_nothing() =>
        Assert.Equal(
            new Reconciled.Baseline(X),
            Convergence.Decide(new OriginCheck(JobAction.CourseImport, Some.Repo(), "master", Holders[0].Holders.Head, Holders[0].Holders.Tail, None, None, None, WorkInHand.None), Answers[0].Answer));
}
