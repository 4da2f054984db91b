using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reports;

namespace GitReload.Adapters.Reporting.Statuses;

/// <summary>
/// Keeps a replayed delivery from turning an old commit's status back: for each forge repository and
/// check (<c>gitreload/update</c>, <c>gitreload/import</c>) it remembers the commits reported on, in
/// the order they were first reported, which is the order the queue produced its events (jobs are
/// told in the order they were queued and merged). A status on a commit that was first reported
/// before the newest one is older and is not posted, unless it comes from the job that first
/// reported that commit (its own end, after a newer push was queued behind it). Decided from memory
/// alone, no forge call; a push that moves a branch back to a commit already reported is not
/// reported again either. Bounded: <see cref="CommitsPerCheck"/> commits per check, the
/// <see cref="Checks"/> most recently used checks; forgotten at restart.
/// </summary>
internal sealed class ReportedCommits
{
    public const int CommitsPerCheck = 128;
    public const int Checks = 1024;

    private readonly Dictionary<(ForgeRepo Repo, string Context), Check> checks = [];
    private readonly LinkedList<(ForgeRepo Repo, string Context)> recentlyUsed = new();
    private long order;

    /// <summary>True when <paramref name="status"/> may be posted; notes its commit as reported.</summary>
    public bool Allows(CommitStatus status)
    {
        var key = (status.Repo, status.Context);
        if (!checks.TryGetValue(key, out var check))
        {
            if (checks.Count >= Checks)
            {
                checks.Remove(recentlyUsed.Last!.Value);
                recentlyUsed.RemoveLast();
            }
            check = new Check(recentlyUsed.AddFirst(key));
            checks[key] = check;
        }
        else
        {
            recentlyUsed.Remove(check.Use);
            recentlyUsed.AddFirst(check.Use);
        }
        return check.Allows(status.Sha, status.Job, ++order);
    }

    private sealed class Check(LinkedListNode<(ForgeRepo, string)> use)
    {
        private readonly Dictionary<string, (long Order, JobId FirstJob)> commits = new(StringComparer.OrdinalIgnoreCase);
        private readonly Queue<string> firstSeen = new();
        private long newest;

        public LinkedListNode<(ForgeRepo, string)> Use { get; } = use;

        public bool Allows(string sha, JobId job, long next)
        {
            if (commits.TryGetValue(sha, out var known))
                return known.Order == newest || known.FirstJob == job;
            if (firstSeen.Count >= CommitsPerCheck)
                commits.Remove(firstSeen.Dequeue());
            commits[sha] = (next, job);
            firstSeen.Enqueue(sha);
            newest = next;
            return true;
        }
    }
}
