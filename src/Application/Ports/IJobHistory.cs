using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Ports;

/// <summary>The jobs recorded in the journal, as <c>/jobs</c>, <c>/queue</c> and the dashboard show them.</summary>
public interface IJobHistory
{
    /// <summary>The newest jobs that pass <paramref name="query"/>, newest first.</summary>
    Task<Either<Error, Seq<JobRecord>>> List(JobQuery query, CancellationToken cancellationToken);

    /// <summary>The job <paramref name="id"/>, if the journal still holds it.</summary>
    Task<Either<Error, Option<JobRecord>>> Find(JobId id, CancellationToken cancellationToken);

    /// <summary>The jobs waiting or running, oldest first.</summary>
    Task<Either<Error, Seq<JobRecord>>> Open(CancellationToken cancellationToken);

    /// <summary>The first <paramref name="limit"/> jobs waiting or running: those running first, then oldest first.</summary>
    Task<Either<Error, Seq<JobRecord>>> OpenFirst(int limit, CancellationToken cancellationToken);

    /// <summary>How many jobs are waiting or running: what <see cref="Open"/> lists, counted without reading them.</summary>
    Task<Either<Error, int>> OpenCount(CancellationToken cancellationToken);
}

/// <summary>Which jobs to list: of one checkout, in one status, at most <paramref name="Limit"/>.</summary>
public sealed record JobQuery(Option<RepoName> Repo, Option<JobStatus> Status, int Limit);

/// <summary>One job as recorded: what it was asked to do, and how it went on each host that ran it.</summary>
/// <param name="Id">The job.</param>
/// <param name="Request">The newest request merged into it.</param>
/// <param name="Trigger">What asked for it.</param>
/// <param name="Status">Its status over all its targets.</param>
/// <param name="Merged">How many later requests were merged into it.</param>
/// <param name="DeliveryIds">The newest delivery ids that asked for it.</param>
/// <param name="QueuedAt">When it was queued.</param>
/// <param name="Targets">Each host's part, in the order they were added.</param>
public sealed record JobRecord(
    JobId Id,
    JobRequest Request,
    JobTrigger Trigger,
    JobStatus Status,
    int Merged,
    Seq<string> DeliveryIds,
    DateTimeOffset QueuedAt,
    Seq<TargetRecord> Targets)
{
    /// <summary>Tries made, over its targets (the most any target made).</summary>
    public int Attempts => Targets.Fold(0, (most, t) => Math.Max(most, t.Attempts));

    /// <summary>When the first target started.</summary>
    public Option<DateTimeOffset> StartedAt => Targets.Choose(t => t.StartedAt).OrderBy(t => t).HeadOrNone();

    /// <summary>When the last target ended, once every one has.</summary>
    public Option<DateTimeOffset> FinishedAt => JobProgress.IsDone(Status) ? Targets.Choose(t => t.FinishedAt).OrderByDescending(t => t).HeadOrNone() : Option<DateTimeOffset>.None;

    /// <summary>HEAD before, when every target that ran agrees (one host: its own).</summary>
    public Option<string> ShaBefore => Agreed(Targets.Map(t => t.ShaBefore));

    /// <summary>HEAD after, when every target that ran agrees.</summary>
    public Option<string> ShaAfter => Agreed(Targets.Map(t => t.ShaAfter));

    /// <summary>Why it failed: each failed target's error, prefixed by its host when there are several.</summary>
    public Option<string> Error
    {
        get
        {
            var failed = Targets.Filter(t => t.Error.IsSome);
            if (failed.IsEmpty) return None;
            return Targets.Count == 1
                ? failed.Head.Error
                : string.Join("; ", failed.Map(t => $"{t.Host.Map(h => h.Value).IfNone("(unclaimed)")}: {t.Error.IfNone("")}"));
        }
    }

    /// <summary>What it printed: the one target's output, or each target's under its host's name.</summary>
    public string Output => Targets.Count == 1
        ? Targets.Head.Output
        : string.Join("\n", Targets.Filter(t => t.Output.Length > 0).Map(t => $"== {t.Host.Map(h => h.Value).IfNone("(unclaimed)")} ==\n{t.Output}"));

    private static Option<string> Agreed(Seq<Option<string>> shas)
    {
        var known = shas.Somes().Distinct().ToSeq();
        return known.Count == 1 ? known.Head : None;
    }

    private static readonly Option<string> None = Option<string>.None;
}

/// <summary>One host's part of a job.</summary>
/// <param name="Host">The host; none for an import no host has claimed yet.</param>
/// <param name="Status">Where it is.</param>
/// <param name="Attempts">Tries so far.</param>
/// <param name="StartedAt">When its host started it.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="ShaBefore">HEAD before.</param>
/// <param name="ShaAfter">HEAD after.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Output">The tail of what it printed.</param>
public sealed record TargetRecord(
    Option<HostId> Host,
    TargetStatus Status,
    int Attempts,
    Option<DateTimeOffset> StartedAt,
    Option<DateTimeOffset> FinishedAt,
    Option<string> ShaBefore,
    Option<string> ShaAfter,
    Option<string> Error,
    string Output)
{
    /// <summary>Earlier tries of this target that ended without an outcome (another host, or this one before a restart, had started it), oldest first.</summary>
    public Seq<AbandonedTry> Abandoned { get; init; } = Seq<AbandonedTry>.Empty;
}
