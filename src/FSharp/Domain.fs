/// The domain's functions with F# shapes: F# tuples where the C# API returns value tuples,
/// options and lists where it takes or gives LanguageExt's Option and Seq, and the value
/// operated on last, so they pipe.
module GitReload.FSharp.Domain

open GitReload.Domain.Checkouts
open GitReload.Domain.Fleet
open GitReload.Domain.Hooks
open GitReload.Domain.Jobs

/// A repository name, or why it cannot be one.
let repoName (name: string) : Result<RepoName, string> =
    RepoName.Parse(name).Match((fun (r: RepoName) -> Ok r), (fun (e: LanguageExt.Common.Error) -> Error e.Message))

/// A host id, or why it cannot be one.
let hostId (name: string) : Result<HostId, string> =
    HostId.Parse(name).Match((fun (h: HostId) -> Ok h), (fun (e: LanguageExt.Common.Error) -> Error e.Message))

/// A job request for `repo`'s checkout on `branch`; `after` is the commit it is asked for (None for a job asked for by hand).
let jobRequest (repo: RepoName) (action: JobAction) (repoUrl: string) (branch: string) (after: string option) : JobRequest =
    JobRequest(repo, action, repoUrl, branch, Interop.toLx after)

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
