module GitReload.FSharp.Tests.ReceiveHookTests

open System.Threading.Tasks
open Xunit
open GitReload.Application.Hooks
open GitReload.Application.Ports
open GitReload.Domain.Hooks
open GitReload.Domain.Checkouts
open GitReload.Domain.Jobs

type LxOption<'a> = LanguageExt.Option<'a>

/// A checkout port written as an F# object expression.
let checkoutsOn (state: CheckoutState) (inspected: ResizeArray<string>) =
    { new ICheckouts with
        member _.Inspect(repo, _) =
            inspected.Add repo.Value
            Task.FromResult state
        member _.Update(_, _, _) = failwith "not used by ReceiveHook"
        member _.Head(_, _) = failwith "not used by ReceiveHook" }

let noDeliveries =
    { new IDeliveryLog with
        member _.Accepted(_, _) = Task.FromResult(LanguageExt.Either<LanguageExt.Common.Error, LxOption<JobId>>.Right(LxOption<JobId>.None)) }

/// A fleet of one: no other host holds anything.
let alone =
    let nothing () = failwith "not used by ReceiveHook"
    { new IFleetRegistry with
        member _.Holders(_, _, _) =
            Task.FromResult(LanguageExt.Either<LanguageExt.Common.Error, LanguageExt.Seq<GitReload.Domain.Fleet.HostCheckout>>.Right(LanguageExt.Seq<GitReload.Domain.Fleet.HostCheckout>.Empty))
        member _.Join(_, _, _) = nothing ()
        member _.Heartbeat(_, _, _) = nothing ()
        member _.Leave(_, _) = nothing ()
        member _.Register(_, _, _, _) = nothing ()
        member _.Hosts(_) = nothing ()
        member _.Forget(_, _) = nothing () }

/// A queue written as an F# object expression: it records what it was given and numbers the jobs.
let recordingQueue (queued: ResizeArray<string>) =
    { new IJobQueue with
        member _.Enqueue(request, targets, _, trigger, _) =
            queued.Add(sprintf "%s %A on %s by %A" request.Repo.Value request.Action (targets.ToString()) trigger)
            Task.FromResult(LanguageExt.Either<LanguageExt.Common.Error, Enqueued>.Right(Enqueued(JobId(int64 queued.Count), request.Action, false, queued.Count))) }

let delivery repo =
    Delivery(Forge.GitHub, LxOption<string>.None, DomainTests.push repo "refs/heads/master")

[<Fact>]
let ``ReceiveHook queues a push with F# fakes`` () =
    task {
        let inspected = ResizeArray<string>()
        let queued = ResizeArray<string>()
        let receive = ReceiveHook(checkoutsOn DomainTests.onMaster inspected, alone, recordingQueue queued, noDeliveries, DomainTests.host)

        let! receipt = receive.Handle(JobAction.GetLatest, delivery "course", System.Threading.CancellationToken.None)

        let message =
            receipt.Match(
                answered = (fun a -> DomainTests.describe a.Decision),
                queued = (fun q -> sprintf "queued job %d, queue size %d" q.Job.Id.Value q.Job.QueueSize),
                notRecorded = (fun n -> n.Error.Message),
                alreadyReceived = (fun r -> sprintf "again %d" r.Job.Value))
        Assert.Equal("queued job 1, queue size 1", message)
        Assert.Equal<string seq>([ "course" ], inspected)
        Assert.Equal<string seq>([ "course GetLatest on each of [host-a] by Push" ], queued)
    }

[<Fact>]
let ``A hostile name never reaches the F# checkout port`` () =
    task {
        let inspected = ResizeArray<string>()
        let receive = ReceiveHook(checkoutsOn DomainTests.onMaster inspected, alone, recordingQueue (ResizeArray()), noDeliveries, DomainTests.host)
        let! receipt = receive.Handle(JobAction.GetLatest, delivery "../../etc", System.Threading.CancellationToken.None)
        Assert.IsType<HookReceipt.Answered>(receipt) |> ignore
        Assert.Empty(inspected)
    }
