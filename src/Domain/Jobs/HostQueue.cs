using GitReload.Domain.Hooks;
using LanguageExt;

namespace GitReload.Domain.Jobs;

/// <summary>
/// Which job a host runs next: per checkout, the oldest waiting job, never while another job of
/// that checkout runs on the host. Of several
/// waiting jobs of the same work on one checkout, the newest runs and the older ones are
/// superseded by it (a burst of pushes runs at most two jobs per host). Checkouts take turns by
/// when their next job could first start: one whose job just ended goes behind those that were
/// already waiting. A follow-up, queued
/// while its checkout was busy, starts once no request came for the quiet period, or once it has
/// waited the longest wait since it could first have started.
/// </summary>
public static class HostQueue
{
    /// <summary>What the host does next, given its open targets (and the imports it may take), at <paramref name="now"/>.</summary>
    public static NextStep Next(Seq<OpenTarget> targets, DateTimeOffset now, FollowUpPolicy policy)
    {
        var lookAgain = Option<DateTimeOffset>.None;
        var candidates = targets
            .GroupBy(t => t.Repo.Value, StringComparer.Ordinal)
            .Where(checkout => !checkout.Any(t => t.Status == TargetStatus.Running))
            .Select(checkout => checkout.Where(t => t.Status == TargetStatus.Queued).OrderBy(t => t.Job.Value).ToSeq())
            .Where(waiting => !waiting.IsEmpty)
            .OrderBy(waiting => waiting.Head.Since)
            .ThenBy(waiting => waiting.Head.Job.Value);
        foreach (var waiting in candidates)
        {
            var first = waiting.Head;
            var same = first.Mine ? waiting.TakeWhile(t => t.Mine && t.Action == first.Action).ToSeq() : Seq1(first);
            var run = same.Last;
            var readyAt = ReadyAt(run, policy);
            if (readyAt <= now)
                return new NextStep.Run(run, same.Init.Map(t => t.Job));
            lookAgain = lookAgain.Match(at => at < readyAt ? at : readyAt, () => readyAt);
        }
        return new NextStep.Idle(lookAgain);
    }

    // A follow-up waits for quiet, but never longer than MaxWait after it could first have started.
    private static DateTimeOffset ReadyAt(OpenTarget target, FollowUpPolicy policy)
    {
        if (!target.FollowUp) return DateTimeOffset.MinValue;
        var quiet = target.LastRequest + policy.Quiet;
        var longest = target.Since + policy.MaxWait;
        return quiet < longest ? quiet : longest;
    }

    private static Seq<T> Seq1<T>(T item) => LanguageExt.Prelude.Seq1(item);
}

/// <summary>How long a follow-up waits: until no request came for <paramref name="Quiet"/>, at most <paramref name="MaxWait"/>.</summary>
public sealed record FollowUpPolicy(TimeSpan Quiet, TimeSpan MaxWait)
{
    /// <summary>Follow-ups start at once.</summary>
    public static FollowUpPolicy None { get; } = new(TimeSpan.Zero, TimeSpan.Zero);
}

/// <summary>One target a host may run, as the journal holds it.</summary>
/// <param name="Job">Its job.</param>
/// <param name="Repo">The checkout.</param>
/// <param name="Action">Import or update.</param>
/// <param name="Status">Queued or running.</param>
/// <param name="Mine">True for this host's own target; false for an import any host holding the checkout may take.</param>
/// <param name="FollowUp">True when the job was queued behind another job of its checkout.</param>
/// <param name="LastRequest">When the job last took a request (queued, or merged into).</param>
/// <param name="Since">When it could first have started: queued, or when the job before it on this checkout ended.</param>
public sealed record OpenTarget(JobId Job, RepoName Repo, JobAction Action, TargetStatus Status, bool Mine, bool FollowUp, DateTimeOffset LastRequest, DateTimeOffset Since);

/// <summary>What a host's worker does next.</summary>
public abstract record NextStep
{
    private NextStep() { }

    /// <summary>Run <paramref name="Target"/>; the host's older waiting targets <paramref name="Supersedes"/> of the same work are done by it.</summary>
    public sealed record Run(OpenTarget Target, Seq<JobId> Supersedes) : NextStep;

    /// <summary>Nothing to run now; look again at <paramref name="LookAgainAt"/> if a follow-up waits for quiet, else when told.</summary>
    public sealed record Idle(Option<DateTimeOffset> LookAgainAt) : NextStep;

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Run, T> run, Func<Idle, T> idle) => this switch
    {
        Run r => run(r),
        Idle i => idle(i),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
