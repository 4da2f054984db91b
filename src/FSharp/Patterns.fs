/// Active patterns for every closed hierarchy of GitReload's domain, so F# matches them as it
/// matches its own unions: `match decision with | Enqueue (job, targets) -> ... | Pong -> ...`.
/// Patterns of different hierarchies that share a case name live in modules of their own
/// (`Offer.Merged` and `JobEvents.Merged`).
module GitReload.FSharp.Patterns

open GitReload.Domain.Checkouts
open GitReload.Domain.Fleet
open GitReload.Domain.Hooks
open GitReload.Domain
open GitReload.Domain.Jobs
open GitReload.Domain.Reconcile

/// What GitReload does with a webhook delivery.
let (|Pong|IgnoredEvent|BadRequest|ServerProblem|BranchMismatch|BranchDeleted|Enqueue|) (decision: Decision) =
    match decision with
    | :? Decision.Pong -> Pong
    | :? Decision.IgnoredEvent -> IgnoredEvent
    | :? Decision.BadRequest as b -> BadRequest b.Reason
    | :? Decision.ServerProblem as s -> ServerProblem s.Problem
    | :? Decision.BranchMismatch as m -> BranchMismatch(m.PushedRef, m.CheckedOut)
    | :? Decision.BranchDeleted as d -> BranchDeleted d.Branch
    | :? Decision.Enqueue as e -> Enqueue(e.Job, e.Targets)
    | _ -> failwith "GitReload.Domain.Hooks.Decision has no other case"

/// What was found on disk for a repository.
let (|NoRepoDir|NotCloned|Detached|NoOrigin|OnBranch|) (state: CheckoutState) =
    match state with
    | :? CheckoutState.NoRepoDir -> NoRepoDir
    | :? CheckoutState.NotCloned -> NotCloned
    | :? CheckoutState.Detached -> Detached
    | :? CheckoutState.NoOrigin as n -> NoOrigin n.Branch
    | :? CheckoutState.OnBranch as b -> OnBranch(b.Branch, b.OriginUrl)
    | _ -> failwith "GitReload.Domain.Checkouts.CheckoutState has no other case"

/// A delivery's event.
let (|Ping|Push|Unhandled|Malformed|) (hook: HookEvent) =
    match hook with
    | :? HookEvent.Ping -> Ping
    | :? HookEvent.Push as p -> Push p.Event
    | :? HookEvent.Unhandled as u -> Unhandled u.EventName
    | :? HookEvent.Malformed as m -> Malformed m.Reason
    | _ -> failwith "GitReload.Domain.Hooks.HookEvent has no other case"

/// A pushed ref.
let (|Branch|Tag|OtherRef|) (gitRef: GitRef) =
    match gitRef with
    | :? GitRef.Branch as b -> Branch b.Name
    | :? GitRef.Tag as t -> Tag t.Name
    | :? GitRef.Other as o -> OtherRef o.FullName
    | _ -> failwith "GitReload.Domain.Hooks.GitRef has no other case"

/// How a job ended.
let (|Succeeded|Failed|) (outcome: JobOutcome) =
    match outcome with
    | :? JobOutcome.Succeeded as s -> Succeeded s
    | :? JobOutcome.Failed as f -> Failed(f.Failure, f.Attempts)
    | _ -> failwith "GitReload.Domain.Jobs.JobOutcome has no other case"

/// What to do after a failed try.
let (|RetryAfter|GiveUp|) (decision: RetryDecision) =
    match decision with
    | :? RetryDecision.RetryAfter as r -> RetryAfter r.Delay
    | :? RetryDecision.GiveUp as g -> GiveUp g.Reason
    | _ -> failwith "GitReload.Domain.Jobs.RetryDecision has no other case"

/// Where a request goes on the board.
let (|MergeInto|NewJob|) (placement: Placement) =
    match placement with
    | :? Placement.MergeInto as m -> MergeInto m.Job
    | :? Placement.NewJob as n -> NewJob n.Ready
    | _ -> failwith "GitReload.Domain.Jobs.Placement has no other case"

/// What a host runs next.
let (|Run|Idle|) (step: NextStep) =
    match step with
    | :? NextStep.Run as r -> Run(r.Target, Interop.listOfLx r.Supersedes)
    | :? NextStep.Idle as i -> Idle(Interop.ofLx i.LookAgainAt)
    | _ -> failwith "GitReload.Domain.Jobs.NextStep has no other case"

/// Which hosts run a job.
let (|Each|AnyOne|) (targets: JobTargets) =
    match targets with
    | :? JobTargets.Each as e -> Each(Interop.listOfLx e.Hosts)
    | :? JobTargets.AnyOne as a -> AnyOne(Interop.listOfLx a.Hosts)
    | _ -> failwith "GitReload.Domain.Fleet.JobTargets has no other case"

/// What the board did with a request.
module Offer =
    let (|Added|Merged|) (offered: Offered) =
        match offered with
        | :? Offered.Added as a -> Added(a.Id, a.Ready)
        | :? Offered.Merged as m -> Merged m.Id
        | _ -> failwith "GitReload.Domain.Jobs.Offered has no other case"

/// What happened to a job that the people who pushed may want to hear about.
module JobEvents =
    let (|Queued|Merged|Finished|) (jobEvent: JobEvent) =
        match jobEvent with
        | :? JobEvent.Queued as q -> Queued(q.Id, q.Request)
        | :? JobEvent.Merged as m -> Merged(m.Id, m.Replaced, m.Newest)
        | :? JobEvent.Finished as f -> Finished(f.Id, f.Request, f.Outcome)
        | _ -> failwith "GitReload.Domain.Jobs.JobEvent has no other case"

/// How a job's end changes the heal of its checkout.
module Heal =
    let (|Schedule|Clear|Keep|) (change: HealChange) =
        match change with
        | :? HealChange.Schedule as s -> Schedule(s.Rung, Interop.listOfLx s.Hosts)
        | :? HealChange.Clear -> Clear
        | :? HealChange.Keep -> Keep
        | _ -> failwith "GitReload.Domain.Reconcile.HealChange has no other case"

/// What origin answered when asked for its branches.
module Origin =
    let (|Branches|Unreachable|) (answer: OriginAnswer) =
        match answer with
        | :? OriginAnswer.Branches as b -> Branches(b.Heads |> Seq.map (fun struct (name, head) -> name, head) |> Map.ofSeq)
        | :? OriginAnswer.Unreachable as u -> Unreachable u.Error
        | _ -> failwith "GitReload.Domain.Reconcile.OriginAnswer has no other case"

/// What a reconcile round found for a checkout. Reconciled has eight cases and an F# active pattern
/// can give at most seven, so it is seen as this union: `match reconciled with Reconcile.Found (Reconcile.Behind (...)) -> ...`.
module Reconcile =
    type Found =
        | InSync of commit: string
        | Behind of commit: string * job: JobRequest * targets: JobTargets
        | Baseline of commit: string
        | Busy of commit: string
        | GaveUp of commit: string
        | RolledBack of commit: string
        | BranchGone of branch: string
        | Unreachable of error: string

    let (|Found|) (reconciled: Reconciled) =
        match reconciled with
        | :? Reconciled.InSync as s -> InSync s.Commit
        | :? Reconciled.Behind as b -> Behind(b.Commit, b.Job, b.Targets)
        | :? Reconciled.Baseline as b -> Baseline b.Commit
        | :? Reconciled.Busy as b -> Busy b.Commit
        | :? Reconciled.GaveUp as g -> GaveUp g.Commit
        | :? Reconciled.RolledBack as r -> RolledBack r.Commit
        | :? Reconciled.BranchGone as g -> BranchGone g.Branch
        | :? Reconciled.Unreachable as u -> Unreachable u.Error
        | _ -> failwith "GitReload.Domain.Reconcile.Reconciled has no other case"

/// Why a value given to the domain is not valid.
module Invalid =
    let (|NotARepoName|NotAHostId|NotAPollAction|NotAPollName|) (notValid: NotValid) =
        match notValid with
        | :? NotValid.NotARepoName -> NotARepoName
        | :? NotValid.NotAHostId -> NotAHostId
        | :? NotValid.NotAPollAction as a -> NotAPollAction(a.Name, Option.ofObj a.Value)
        | :? NotValid.NotAPollName as n -> NotAPollName n.Name
        | _ -> failwith "GitReload.Domain.NotValid has no other case"
