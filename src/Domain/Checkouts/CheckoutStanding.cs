using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Domain.Checkouts;

/// <summary>Where a checkout stands, as the dashboard sorts checkouts: those that need a person come first, in this order.</summary>
public enum CheckoutStanding
{
    /// <summary>The newest job of its repository failed.</summary>
    Failed,

    /// <summary>It cannot take a push: its HEAD is detached, or it has no origin.</summary>
    Unusable,

    /// <summary>Other hosts hold it on the same branch at another commit, and it is not at the newest pushed one.</summary>
    Behind,

    /// <summary>The newest job of its repository is running.</summary>
    Running,

    /// <summary>The newest job of its repository is waiting.</summary>
    Queued,

    /// <summary>Nothing to look at: its newest job ended well, or it had none.</summary>
    UpToDate,
}

/// <summary>The pure rules that give a checkout its <see cref="CheckoutStanding"/>.</summary>
public static class Standing
{
    /// <summary>
    /// A checkout's standing from its state on disk as registered, the status of its repository's
    /// newest job, and whether it is <see cref="IsBehind">behind</see>: a failed job first, then a
    /// checkout that cannot take a push, then a job on its way (which may well catch it up), then behind.
    /// </summary>
    public static CheckoutStanding Of(CheckoutState state, Option<JobStatus> newestJob, bool behind) =>
        newestJob.Exists(s => s == JobStatus.Failed) ? CheckoutStanding.Failed
        : state is CheckoutState.Detached or CheckoutState.NoOrigin ? CheckoutStanding.Unusable
        : newestJob.Exists(s => s == JobStatus.Running) ? CheckoutStanding.Running
        : newestJob.Exists(s => s == JobStatus.Queued) ? CheckoutStanding.Queued
        : behind ? CheckoutStanding.Behind
        : CheckoutStanding.UpToDate;

    /// <summary>
    /// Behind: another host holds the repository on the same branch at another commit
    /// (<paramref name="othersDiffer"/>), and this checkout's <paramref name="head"/> is not the commit
    /// the newest push of that branch named (<paramref name="newestPush"/>, when one is known).
    /// </summary>
    public static bool IsBehind(Option<string> head, bool othersDiffer, Option<string> newestPush) =>
        othersDiffer && !newestPush.Exists(pushed => head.Exists(h => h == pushed));

    /// <summary>How <c>?status=</c> names a standing: <c>failed</c>, <c>unusable</c>, <c>behind</c>, <c>running</c>, <c>queued</c>, <c>ok</c>.</summary>
    public static string Name(CheckoutStanding standing) => standing switch
    {
        CheckoutStanding.UpToDate => "ok",
        _ => standing.ToString().ToLowerInvariant(),
    };

    /// <summary>The standing <paramref name="name"/> names, if any.</summary>
    public static Option<CheckoutStanding> Parse(string name) =>
        Enum.GetValues<CheckoutStanding>().ToSeq().Find(s => Name(s) == name);

    /// <summary>True when a person should look at a checkout that stands so.</summary>
    public static bool NeedsAPerson(CheckoutStanding standing) => standing != CheckoutStanding.UpToDate;
}
