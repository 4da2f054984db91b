using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reconcile;
using LanguageExt;
using Snapshooter.Xunit;
using static LanguageExt.Prelude;

namespace GitReload.Domain.Tests;

/// <summary>Which ended jobs leave a failed update to heal, on which hosts, how far up the ladder; and when each retry is due.</summary>
public class HealingTests
{
    private static readonly HostId A = Some.HostOf("a");
    private static readonly HostId B = Some.HostOf("b");
    private static readonly JobId Job = new(7);
    private static readonly DateTimeOffset Failed = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static TargetEnd Ok(HostId host) => new(host, TargetStatus.Succeeded, Some<JobOutcome>(new JobOutcome.Succeeded(None, Some("b"), "", 1)));

    private static TargetEnd Bad(HostId host, bool transient) =>
        new(host, TargetStatus.Failed, Some<JobOutcome>(new JobOutcome.Failed(new JobFailure("origin could not be reached", "", transient), 3)));

    private static TargetEnd Cancelled(HostId host) => new(host, TargetStatus.Cancelled, None);

    private static readonly (string Name, Seq<TargetEnd> Targets)[] Ends =
    [
        ("succeeded on a", Seq1(Ok(A))),
        ("failed on a, may pass", Seq1(Bad(A, true))),
        ("failed on a for good", Seq1(Bad(A, false))),
        ("ok on a, failed on b, may pass", Seq(Ok(A), Bad(B, true))),
        ("failed on a and b, may pass", Seq(Bad(A, true), Bad(B, true))),
        ("failed on a may pass, b for good", Seq(Bad(A, true), Bad(B, false))),
        ("cancelled on a", Seq1(Cancelled(A))),
    ];

    private static readonly (string Name, Option<HealMark> Heal)[] Heals =
    [
        ("no heal", None),
        ("heal, this job is its retry", Some(new HealMark(new JobId(3), 2, Failed, Seq1(A), Some(Job)))),
        ("heal, another job's", Some(new HealMark(new JobId(3), 2, Failed, Seq1(A), None))),
    ];

    private static string Show(HealChange change) => change.Match(
        schedule: s => $"retry on [{string.Join(", ", s.Hosts)}] at rung {s.Rung}",
        clear: _ => "clear",
        keep: _ => "keep");

    [Fact]
    public void Every_end_of_an_update_has_one_reviewed_heal_change()
    {
        var rows =
            from end in Ends
            from heal in Heals
            select $"{end.Name,-33} | {heal.Name,-28} | {Show(Healing.After(Job, JobAction.GetLatest, JobEnd.Of(Job, Some.Job(), end.Targets).Outcome, end.Targets, heal.Heal))}";

        Snapshot.Match(rows.ToArray());
    }

    [Fact]
    public void A_failed_import_is_never_healed() =>
        Assert.IsType<HealChange.Keep>(Healing.After(Job, JobAction.CourseImport, JobEnd.Of(Job, Some.Job(), Seq1(Bad(A, true))).Outcome, Seq1(Bad(A, true)), None));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 5)]
    [InlineData(3, 10)]
    [InlineData(4, 30)]
    [InlineData(5, 30)]
    [InlineData(40, 30)]
    public void Retries_wait_one_two_five_ten_thirty_minutes_then_thirty_when_nothing_polls(int rung, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), HealLadder.After(None).Wait(rung));

    [Fact]
    public void Past_the_last_step_a_retry_waits_for_the_poll_interval()
    {
        var ladder = HealLadder.After(Some(TimeSpan.FromSeconds(300)));

        Assert.Equal((TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(300)), (ladder.Wait(4), ladder.Wait(5)));
        Assert.Equal(Failed.AddSeconds(300), ladder.DueAt(new HealMark(Job, 9, Failed, Seq1(A), None)));
    }
}
