using GitReload.Application.Hooks;
using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reconcile;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Reconcile;

/// <summary>
/// One round of the reconcile loop for one checkout: read this host's checkout, claim the round for
/// its repository and branch (one host of the fleet asks), ask origin without fetching, decide
/// (<see cref="Convergence"/>), then queue the job (<c>trigger: poll</c>) and record what origin said.
/// </summary>
public sealed class ReconcileCheckout(IOrigins origins, IOriginLedger ledger, ICheckoutCatalog checkouts, IJobQueue queue, HostId self)
{
    /// <summary>Reconciles <paramref name="repo"/>, following it with <paramref name="follow"/>; the claim lasts <paramref name="lease"/>.</summary>
    public async Task<RoundReport> Handle(RepoName repo, JobAction follow, TimeSpan lease, CancellationToken cancellationToken)
    {
        var local = await checkouts.Read(repo, cancellationToken);
        if (local.State is not CheckoutState.OnBranch here)
            return new RoundReport.NotFollowable(repo, local.State);

        var claimed = await ledger.Claim(repo, here.Branch, follow, self, lease, cancellationToken);
        return await claimed.Match(
            Left: error => Task.FromResult<RoundReport>(new RoundReport.JournalAway(repo, error)),
            Right: round => round.Match(
                None: () => Task.FromResult<RoundReport>(new RoundReport.AskedElsewhere(repo)),
                Some: r => Ask(repo, follow, here, local.Head, r, cancellationToken)));
    }

    private async Task<RoundReport> Ask(RepoName repo, JobAction follow, CheckoutState.OnBranch here, Option<string> head, OriginRound round, CancellationToken cancellationToken)
    {
        var answer = await origins.Ask(repo, cancellationToken);
        var asking = new HeldCheckout(self, here.OriginUrl, head);
        var check = new OriginCheck(follow, repo, here.Branch, asking, round.Others.Filter(o => o.Host != self), round.LastImport, round.Baseline, round.LastEnd, round.InHand) { RolledBackFrom = round.RolledBackFrom };
        var decision = Convergence.Decide(check, answer);

        var queued = decision is Reconciled.Behind behind
            ? Some(ReceiveHook.Receipt(await queue.Enqueue(behind.Job, behind.Targets, Option<string>.None, JobTrigger.Poll, cancellationToken)))
            : Option<HookReceipt>.None;
        OriginNote note = decision.Match<OriginNote>(
            inSync: s => new OriginNote.Answered(s.Commit, false),
            behind: b => new OriginNote.Answered(b.Commit, false),
            baseline: b => new OriginNote.Answered(b.Commit, true),
            busy: b => new OriginNote.Answered(b.Commit, false),
            gaveUp: g => new OriginNote.Answered(g.Commit, false),
            rolledBack: r => new OriginNote.Answered(r.Commit, false),
            branchGone: _ => new OriginNote.Answered(Option<string>.None, false),
            unreachable: u => new OriginNote.Unreachable(u.Error));
        var noted = await ledger.Note(repo, here.Branch, note, cancellationToken);
        return new RoundReport.Asked(repo, here.Branch, decision, round.Previous.Exists(p => p.Unreachable), queued, noted.LeftToSeq().HeadOrNone());
    }

    private static Option<T> Some<T>(T value) => Option<T>.Some(value);
}

/// <summary>What one round did for one checkout.</summary>
public abstract record RoundReport
{
    private RoundReport() { }

    /// <summary>The checkout the round is about.</summary>
    public abstract RepoName Repo { get; }

    /// <summary>Origin was asked; <paramref name="Decision"/> says what followed, <paramref name="WasUnreachable"/> how the previous ask went.</summary>
    /// <param name="Repo">The checkout.</param>
    /// <param name="Branch">The branch asked for.</param>
    /// <param name="Decision">What was decided.</param>
    /// <param name="WasUnreachable">True when the previous ask had failed too.</param>
    /// <param name="Queued">How the job was queued, when one was.</param>
    /// <param name="NotNoted">Why what origin said could not be recorded, if it could not.</param>
    public sealed record Asked(RepoName Repo, string Branch, Reconciled Decision, bool WasUnreachable, Option<HookReceipt> Queued, Option<Error> NotNoted) : RoundReport
    {
        /// <inheritdoc />
        public override RepoName Repo { get; } = Repo;
    }

    /// <summary>Another host of the fleet asked origin for this checkout this round.</summary>
    public sealed record AskedElsewhere(RepoName Repo) : RoundReport
    {
        /// <inheritdoc />
        public override RepoName Repo { get; } = Repo;
    }

    /// <summary>The checkout is not on a branch with an origin (or is gone): nothing to ask.</summary>
    public sealed record NotFollowable(RepoName Repo, CheckoutState State) : RoundReport
    {
        /// <inheritdoc />
        public override RepoName Repo { get; } = Repo;
    }

    /// <summary>The journal could not be reached: the round is skipped.</summary>
    public sealed record JournalAway(RepoName Repo, Error Error) : RoundReport
    {
        /// <inheritdoc />
        public override RepoName Repo { get; } = Repo;
    }

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Asked, T> asked, Func<AskedElsewhere, T> askedElsewhere, Func<NotFollowable, T> notFollowable, Func<JournalAway, T> journalAway) => this switch
    {
        Asked a => asked(a),
        AskedElsewhere e => askedElsewhere(e),
        NotFollowable n => notFollowable(n),
        JournalAway j => journalAway(j),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
