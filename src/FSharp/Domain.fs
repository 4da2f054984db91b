/// The domain's functions with F# shapes: F# tuples where the C# API returns value tuples,
/// options and lists where it takes or gives LanguageExt's Option and Seq, and the value
/// operated on last, so they pipe.
module GitReload.FSharp.Domain

open GitReload.Domain
open GitReload.Domain.Checkouts
open GitReload.Domain.Fleet
open GitReload.Domain.Hooks
open GitReload.Domain.Jobs

// RepoName.Parse and HostId.Parse fail only with a NotValid; any other error is a broken promise of theirs.
let private validated (parsed: LanguageExt.Either<LanguageExt.Common.Error, 'a>) : Result<'a, NotValid> =
    parsed.Match((fun (value: 'a) -> Ok value), (fun (e: LanguageExt.Common.Error) ->
        match e with
        | :? NotValid as notValid -> Error notValid
        | other -> invalidOp (sprintf "expected a NotValid, got %s" other.Message)))

/// A repository name, or why it cannot be one (match it with `Patterns.Invalid`).
let repoName (name: string) : Result<RepoName, NotValid> = validated (RepoName.Parse name)

/// A host id, or why it cannot be one (match it with `Patterns.Invalid`).
let hostId (name: string) : Result<HostId, NotValid> = validated (HostId.Parse name)

/// A job request for `repo`'s checkout on `branch`; `after` is the commit it is asked for (None for a job asked for by hand).
let jobRequest (repo: RepoName) (action: JobAction) (repoUrl: string) (branch: string) (after: string option) : JobRequest =
    JobRequest(repo, action, repoUrl, branch, Interop.toLx after)

/// A push of one ref of `repository` (`gitRef` in full, `refs/heads/...`) to `after`, as a forge delivers it;
/// `fullName` is the forge's `owner/name`, when it gives one.
let push (repository: string) (gitRef: string) (after: string option) (fullName: string option) : HookEvent =
    HookEvent.Push(PushEvent.Single(repository, gitRef, Interop.toLx after, false, Interop.toLx fullName))

/// A push that deleted `gitRef`.
let deletion (repository: string) (gitRef: string) : HookEvent =
    HookEvent.Push(PushEvent.Single(repository, gitRef, Interop.toLx None, true, Interop.toLx None))

/// The request as asked for by a push on a forge repository (`owner/name`), which gets commit statuses.
let fromForge (forge: Forge) (fullName: string) (request: JobRequest) : JobRequest =
    request.WithSource(Interop.toLx (Some(ForgeRepo(forge, fullName))))

/// A successful outcome: the commits before and after, what the command printed, after how many tries.
let succeeded (before: string option) (after: string option) (output: string) (attempts: int) : JobOutcome =
    JobOutcome.Succeeded(Interop.toLx before, Interop.toLx after, output, attempts)

/// The commit a job was asked for; None for a job asked for by hand.
let requestedCommit (request: JobRequest) : string option = Interop.ofLx request.After

/// The fleet as one host alone sees it.
let alone (host: HostId) (checkout: CheckoutState) : FleetView = FleetView.Alone(host, checkout)

/// This host's checkout and the other hosts' registered ones.
let fleet (self: HostCheckout) (others: HostCheckout list) : FleetView = FleetView(self, Interop.lxOfList others)

/// Reads a delivery's event and, for a valid push, decides it against the fleet: the whole intake rule.
let decide (route: JobAction) (fleetView: FleetView) (hook: HookEvent) : Decision =
    Intake.Read(hook).Match((fun push -> Intake.Decide(route, push, fleetView)), id)

/// An operator's request, decided against the fleet; `publishedHere` is the commit this host publishes atomically, what a rollback undoes.
let decideByHand (route: JobAction) (repo: RepoName) (publishedHere: string option) (fleetView: FleetView) : Decision =
    Intake.DecideByHand(route, repo, fleetView, Interop.toLx publishedHere)

/// The queue policy, as F# functions over a board.
module Board =
    /// A board with nothing on it.
    let empty = JobBoard.Empty

    /// Puts a request on the board: merged into the waiting job of the same work, or added as job `newId`.
    let offer (request: JobRequest) (newId: JobId) (board: JobBoard) : JobBoard * Offered =
        let struct (next, outcome) = board.Offer(request, newId)
        next, outcome

    /// Marks a job running.
    let start (id: JobId) (board: JobBoard) : JobBoard = board.Start id

    /// Takes a job off the board; the job of the same checkout that may run next.
    let finish (id: JobId) (board: JobBoard) : JobBoard * BoardJob option =
        let struct (next, following) = board.Finish id
        next, Interop.ofLx following

    /// The board an earlier run left, and the jobs that may run at once.
    let resume (waiting: BoardJob list) : JobBoard * BoardJob list =
        let struct (board, ready) = JobBoard.Resume(Interop.lxOfList waiting)
        board, Interop.listOfLx ready

    /// The jobs on the board, oldest first.
    let jobs (board: JobBoard) : BoardJob list = Interop.listOfLx board.Jobs

/// What a host runs next, from the targets the journal holds for it.
let next (policy: FollowUpPolicy) (now: System.DateTimeOffset) (targets: OpenTarget list) : NextStep =
    HostQueue.Next(Interop.lxOfList targets, now, policy)

/// What to do after try `attempt` failed; `random` in [0, 1) picks the wait in its window.
let retry (policy: RetryPolicy) (attempt: int) (random: float) (failure: JobFailure) : RetryDecision =
    policy.After(attempt, failure, random)

/// The commit statuses a job event calls for, in order.
let commitStatuses (jobEvent: JobEvent) : GitReload.Domain.Reports.CommitStatus list =
    Interop.listOfLx (GitReload.Domain.Reports.CommitStatuses.For jobEvent)
