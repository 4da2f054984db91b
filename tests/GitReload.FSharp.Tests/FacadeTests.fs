/// The domain driven through GitReload.FSharp, as an F# caller would: active patterns, F# options,
/// lists and tuples, no LanguageExt in sight.
module GitReload.FSharp.Tests.FacadeTests

open Xunit
open GitReload.Domain.Checkouts
open GitReload.Domain.Hooks
open GitReload.Domain.Jobs
open GitReload.FSharp
open GitReload.FSharp.Patterns

let private ok result =
    match result with
    | Ok value -> value
    | Error (why: GitReload.Domain.NotValid) -> failwith why.Message

let private host = Domain.hostId "host-a" |> ok
let private course = Domain.repoName "course" |> ok
let private sha = "6113728f27ae82c7b1a177c8d03f9e96e0adf246"
let private onMaster = CheckoutState.OnBranch("master", "git@github.com:org/course.git")

let private pushTo (gitRef: string) = Domain.push "course" gitRef (Some sha) None

let private request after = Domain.jobRequest course JobAction.GetLatest "git@github.com:org/course.git" "master" after

[<Fact>]
let ``A push to the checked-out branch is queued on this host, matched with the active patterns`` () =
    match Domain.decide JobAction.GetLatest (Domain.alone host onMaster) (pushTo "refs/heads/master") with
    | Enqueue (job, Each [ only ]) ->
        Assert.Equal((Some sha, host), (Domain.requestedCommit job, only))
    | other -> failwithf "expected an update on this host, got %A" other

[<Fact>]
let ``A push to another branch or a tag is answered, not queued`` () =
    let said hook =
        match Domain.decide JobAction.GetLatest (Domain.alone host onMaster) hook with
        | BranchMismatch (pushed, checkedOut) -> sprintf "mismatch %s, not %s" pushed checkedOut
        | IgnoredEvent -> "ignored"
        | Enqueue _ -> "queued"
        | _ -> "other"
    Assert.Equal("mismatch refs/heads/devel, not master", said (pushTo "refs/heads/devel"))
    Assert.NotEqual<string>("queued", said (pushTo "refs/tags/v1"))

[<Fact>]
let ``A job's life on the board: offered, merged while it waits, started, finished`` () =
    let board, first = Domain.Board.empty |> Domain.Board.offer (request (Some "a")) (JobId 1L)
    let board, second = board |> Domain.Board.offer (request (Some "b")) (JobId 2L)
    match first, second with
    | Offer.Added (id, _), Offer.Merged into -> Assert.Equal((JobId 1L, JobId 1L), (id, into))
    | _ -> failwithf "expected added then merged, got %A and %A" first second
    let board = board |> Domain.Board.start (JobId 1L)
    let board, following = board |> Domain.Board.finish (JobId 1L)
    Assert.True(following.IsNone, "nothing else of the checkout waits")
    Assert.Empty(Domain.Board.jobs board)

[<Fact>]
let ``The retry policy tries a passing failure again and gives up on a permanent one`` () =
    // Its own policy, so that a change of RetryPolicy.Default's delays fails only the retry snapshot.
    let policy = RetryPolicy(3, System.TimeSpan.FromSeconds 10.0, System.TimeSpan.FromSeconds 60.0)
    let passing = JobFailure.Passing "origin could not be reached"
    match Domain.retry policy 1 0.5 passing with
    | RetryAfter wait -> Assert.Equal(System.TimeSpan.FromSeconds 5.0, wait)
    | GiveUp why -> failwith why
    match Domain.retry policy 1 0.5 (JobFailure.Permanent "origin refused access") with
    | GiveUp why -> Assert.Equal("the failure is permanent", why)
    | RetryAfter _ -> failwith "a permanent failure was tried again"

[<Fact>]
let ``A finished job of a forge push posts one status; one asked for by hand posts none`` () =
    let pushed = request (Some sha) |> Domain.fromForge Forge.GitHub "org/course"
    let finished r = JobEvent.Finished(JobId 7L, r, Domain.succeeded None None "" 1)
    match Domain.commitStatuses (finished pushed) with
    | [ status ] -> Assert.Equal("Checkout updated (job 7)", status.Description)
    | other -> failwithf "expected one status, got %A" other
    Assert.Empty(Domain.commitStatuses (finished (request None)))

[<Fact>]
let ``After a restart the board holds every job left waiting, none running, and the oldest of each checkout may run`` () =
    let other = Domain.repoName "other" |> ok
    let left =
        [ BoardJob(JobId 1L, request (Some "a"), true, 0)
          BoardJob(JobId 2L, request (Some "b"), false, 0)
          BoardJob(JobId 3L, Domain.jobRequest other JobAction.CourseImport "git@github.com:org/other.git" "master" None, false, 0) ]
    let board, ready = Domain.Board.resume left
    Assert.Equal<JobId list>([ JobId 1L; JobId 3L ], ready |> List.map (fun j -> j.Id))
    Assert.Equal<(JobId * bool) list>([ JobId 1L, false; JobId 2L, false; JobId 3L, false ], Domain.Board.jobs board |> List.map (fun j -> j.Id, j.Running))

[<Fact>]
let ``A name that is not a repository's or a host's is refused with the typed error, matched with the active pattern`` () =
    let why result =
        match result with
        | Ok _ -> "accepted"
        | Error (Invalid.NotARepoName) -> "not a repo name"
        | Error (Invalid.NotAHostId) -> "not a host id"
        | Error (Invalid.NotAPollAction _ | Invalid.NotAPollName _) -> "a poll problem"
    Assert.Equal("not a repo name", why (Domain.repoName "../etc" |> Result.map ignore))
    Assert.Equal("not a host id", why (Domain.hostId "a host" |> Result.map ignore))

[<Fact>]
let ``Heal changes and reconcile rounds match as F# cases`` () =
    let heal change =
        match change with
        | Heal.Schedule (rung, hosts) -> sprintf "retry on %A at rung %d" (hosts |> List.map string) rung
        | Heal.Clear -> "clear"
        | Heal.Keep -> "keep"
    Assert.Equal("retry on [\"host-a\"] at rung 2", heal (GitReload.Domain.Reconcile.HealChange.Schedule(2, Interop.lxOfList [ host ])))
    Assert.Equal("keep", heal (GitReload.Domain.Reconcile.HealChange.Keep()))
    let round reconciled =
        match reconciled with
        | Reconcile.Found (Reconcile.Behind (commit, job, Each [ only ])) -> sprintf "behind at %s, %A on %s" commit job.Action (string only)
        | Reconcile.Found (Reconcile.BranchGone branch) -> sprintf "%s gone" branch
        | Reconcile.Found other -> sprintf "%A" other
    Assert.Equal("behind at abc, GetLatest on host-a",
                 round (GitReload.Domain.Reconcile.Reconciled.Behind("abc", request None, GitReload.Domain.Fleet.JobTargets.Each(Interop.lxOfList [ host ]))))
    Assert.Equal("master gone", round (GitReload.Domain.Reconcile.Reconciled.BranchGone "master"))
