module GitReload.FSharp.Tests.DomainTests

open Xunit
open GitReload.Domain.Hooks
open GitReload.Domain.Checkouts
open GitReload.Domain.Jobs

// LanguageExt's Option would shadow F#'s Some/None under `open LanguageExt`; alias what is needed instead.
type LxOption<'a> = LanguageExt.Option<'a>

let sha = "6113728f27ae82c7b1a177c8d03f9e96e0adf246"
let onMaster = CheckoutState.OnBranch("master", "git@github.com:org/course.git")

let push repo gitRef =
    HookEvent.Push(PushEvent.Single(repo, gitRef, LxOption<string>.Some sha, false, LxOption<string>.None))

let host = GitReload.Domain.Fleet.HostId.Parse("host-a").Match(Right = (fun (h: GitReload.Domain.Fleet.HostId) -> h), Left = (fun e -> failwith e.Message))

let decide route hook (checkout: CheckoutState) =
    Intake.Read(hook).Match(Right = (fun push -> Intake.Decide(route, push, GitReload.Domain.Fleet.FleetView.Alone(host, checkout))), Left = id)

/// Every case handled, by name, the way an F# caller writes it.
let describe (decision: Decision) =
    decision.Match(
        pong = (fun _ -> "pong"),
        ignoredEvent = (fun _ -> "ignored"),
        badRequest = (fun b -> "bad request: " + b.Reason),
        serverProblem = (fun s -> sprintf "server problem: %A" s.Problem),
        branchMismatch = (fun m -> "mismatch: " + m.PushedRef),
        branchDeleted = (fun d -> "deleted: " + d.Branch),
        enqueue = (fun e -> sprintf "enqueue %A of %s at %s" e.Job.Action e.Job.Repo.Value (e.Job.After.IfNone(""))))

[<Fact>]
let ``Repository names parse to a value or an error`` () =
    let parsed name = RepoName.Parse(name).Match(Right = (fun (r: RepoName) -> "ok " + r.Value), Left = (fun e -> e.Message))
    Assert.Equal("ok course", parsed "course")
    Assert.Equal("Repository name not valid", parsed "../etc")

[<Fact>]
let ``Every decision case can be matched from F#`` () =
    let cases =
        [ decide JobAction.GetLatest (HookEvent.Ping()) onMaster
          decide JobAction.GetLatest (HookEvent.Unhandled("issues")) onMaster
          decide JobAction.GetLatest (HookEvent.Malformed("Payload has no ref")) onMaster
          decide JobAction.GetLatest (push "course" "refs/heads/master") (CheckoutState.Detached())
          decide JobAction.GetLatest (push "course" "refs/heads/devel") onMaster
          decide JobAction.GetLatest (HookEvent.Push(PushEvent.Single("course", "refs/heads/master", LxOption<string>.Some RefUpdate.ZeroSha, true, LxOption<string>.None))) onMaster
          decide JobAction.CourseImport (push "course" "refs/heads/master") onMaster ]
        |> List.map describe
    Assert.Equal<string list>(
        [ "pong"
          "ignored"
          "bad request: Payload has no ref"
          "server problem: DetachedHead"
          "mismatch: refs/heads/devel"
          "deleted: master"
          sprintf "enqueue CourseImport of course at %s" sha ],
        cases)

[<Fact>]
let ``Checkout states and refs are matched exhaustively`` () =
    let branchOf (state: CheckoutState) =
        state.Match(
            noRepoDir = (fun _ -> "-"), notCloned = (fun _ -> "-"), detached = (fun _ -> "-"),
            noOrigin = (fun n -> n.Branch), onBranch = (fun b -> b.Branch))
    Assert.Equal("master", branchOf onMaster)
    let kind = GitRef.Parse("refs/tags/v1").Match(branch = (fun _ -> "branch"), tag = (fun t -> "tag " + t.Name), other = (fun _ -> "other"))
    Assert.Equal("tag v1", kind)

[<Fact>]
let ``The queue policy merges a burst into one waiting job`` () =
    let course = RepoName.Parse("course").Match(Right = (fun (r: RepoName) -> r), Left = (fun e -> failwith e.Message))
    let request = JobRequest(course, JobAction.GetLatest, "url", "master", LanguageExt.Option<string>.Some sha)
    let offer (board: JobBoard) n =
        let struct (next, _) = board.Offer(request, JobId(n))
        next
    let board = [ 1L .. 100L ] |> List.fold offer JobBoard.Empty
    Assert.Equal(1, board.Count)
