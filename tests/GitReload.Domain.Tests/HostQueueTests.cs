using GitReload.Domain.Jobs;
using LanguageExt;
using Snapshooter.Xunit;
using static LanguageExt.Prelude;

namespace GitReload.Domain.Tests;

/// <summary>What a host runs next, from the targets the journal holds for it.</summary>
public class HostQueueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly FollowUpPolicy Quiet = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    // "3a-u.q": job 3, checkout a, update (u) or import (i), queued (q) or running (r); "!" mine=false (an import any host may take);
    // "+f" a follow-up, "@s" last request s seconds after T0, "~s" could first start s seconds after T0.
    private static OpenTarget Target(string spec)
    {
        var parts = spec.Split(' ');
        var head = parts[0];
        var job = int.Parse(head[..head.IndexOfAny(['a', 'b', 'c'])], System.Globalization.CultureInfo.InvariantCulture);
        var repo = head[job.ToString(System.Globalization.CultureInfo.InvariantCulture).Length].ToString();
        var action = head.Contains("-i", StringComparison.Ordinal) ? JobAction.CourseImport : JobAction.GetLatest;
        var status = head.EndsWith(".r", StringComparison.Ordinal) ? TargetStatus.Running : TargetStatus.Queued;
        double Seconds(char mark) => parts.Skip(1).Where(p => p[0] == mark).Select(p => double.Parse(p[1..], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        return new OpenTarget(new JobId(job), Some.Repo(repo), action, status, Mine: !parts.Contains("!"), FollowUp: parts.Contains("+f"),
            LastRequest: T0 + TimeSpan.FromSeconds(Seconds('@')), Since: T0 + TimeSpan.FromSeconds(Seconds('~')));
    }

    private static readonly (string Name, string[] Targets, double Now)[] Cases =
    [
        ("nothing", [], 0),
        ("one waiting", ["1a-u.q"], 0),
        ("busy checkout waits", ["1a-u.r", "2a-u.q +f"], 5),
        ("other checkout runs meanwhile", ["1a-u.r", "2a-u.q +f", "3b-u.q"], 0),
        ("oldest of a checkout first", ["2a-i.q", "3a-u.q"], 0),
        ("checkouts take turns by when they could start", ["2a-u.q ~5", "3b-u.q ~1"], 6),
        ("same work waiting twice: newest runs", ["2a-u.q", "5a-u.q"], 0),
        ("same work, then other work", ["2a-u.q", "5a-u.q", "7a-i.q", "8a-u.q"], 0),
        ("follow-up while requests come", ["2a-u.q +f @4 ~3"], 4.5),
        ("follow-up after quiet", ["2a-u.q +f @4 ~3"], 5),
        ("follow-up after the longest wait", ["2a-u.q +f @12.5 ~3"], 13),
        ("import any host may take", ["4a-i.q !"], 0),
        ("imports are never superseded", ["4a-i.q !", "6a-i.q !"], 0),
        ("two follow-ups wait: earliest to look again", ["2a-u.q +f @1 ~0", "3b-u.q +f @0.5 ~0"], 1),
    ];

    private static string Show(NextStep step) => step.Match(
        run: r => $"run {r.Target.Job}" + (r.Supersedes.IsEmpty ? "" : $", superseding {string.Join(", ", r.Supersedes)}"),
        idle: i => i.LookAgainAt.Match(at => $"idle, look again at +{(at - T0).TotalSeconds}s", () => "idle until told"));

    [Fact]
    public void Every_case_of_a_host_s_queue_has_one_reviewed_next_step() =>
        Snapshot.Match(Cases.Select(c =>
            $"{c.Name,-46} | {string.Join(", ", c.Targets),-46} | now +{c.Now}s | {Show(HostQueue.Next(c.Targets.Select(Target).ToSeq(), T0 + TimeSpan.FromSeconds(c.Now), Quiet))}").ToArray());

    [Fact]
    public void A_checkout_never_runs_two_jobs_at_once_on_one_host() =>
        Assert.IsType<NextStep.Idle>(HostQueue.Next(Seq(Target("1a-u.r"), Target("2a-i.q")), T0, FollowUpPolicy.None));

    [Fact]
    public void Of_two_waiting_updates_the_newest_runs_and_the_older_is_superseded()
    {
        var run = Assert.IsType<NextStep.Run>(HostQueue.Next(Seq(Target("2a-u.q"), Target("5a-u.q")), T0, FollowUpPolicy.None));

        Assert.Equal(5L, run.Target.Job.Value);
        Assert.Equal(new[] { 2L }, run.Supersedes.Map(j => j.Value).ToArray());
    }
}
