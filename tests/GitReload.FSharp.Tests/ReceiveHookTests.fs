module GitReload.FSharp.Tests.ReceiveHookTests

open System.Threading.Tasks
open Xunit
open GitReload.Application.Hooks
open GitReload.Application.Jobs
open GitReload.Application.Ports
open GitReload.Domain.Hooks
open GitReload.Domain.Checkouts
open GitReload.Domain.Jobs

type LxOption<'a> = LanguageExt.Option<'a>

/// A checkout port written as an F# object expression.
let checkoutsOn (state: CheckoutState) inspected =
    { new ICheckouts with
        member _.Inspect(repo, _) =
            inspected := repo.Value :: inspected.Value
            Task.FromResult state
        member _.Update(_, _, _) = failwith "not used by ReceiveHook" }

let noDeliveries =
    { new IDeliveryLog with
        member _.Accepted(_, _) = Task.FromResult(LxOption<JobId>.None)
        member _.Remember(_, _, _) = Task.FromResult(LanguageExt.Unit.Default) }

/// A journal that accepts every write: enough for a scheduler that lives only as long as the test.
let acceptingJournal =
    let ok () = Task.FromResult(LanguageExt.Either<LanguageExt.Common.Error, LanguageExt.Unit>.Right(LanguageExt.Unit.Default))
    { new IJobJournal with
        member _.Resume(_) = Task.FromResult(LanguageExt.Either<LanguageExt.Common.Error, Resumed>.Right(Resumed(LanguageExt.Seq<BoardJob>.Empty, 0L)))
        member _.Add(_, _, _, _) = ok ()
        member _.Merge(_, _, _, _) = ok ()
        member _.Start(_, _) = ok ()
        member _.Finish(_, _, _) = ok ()
        member _.Requeue(_, _) = ok ()
        member _.CheckWritable(_) = ok () }

let delivery repo =
    Delivery(Forge.GitHub, LxOption<string>.None, DomainTests.push repo "refs/heads/master")

[<Fact>]
let ``ReceiveHook queues a push with F# fakes`` () =
    task {
        let inspected = ref []
        let told = ResizeArray<string>()
        let events =
            { new IJobEvents with
                member _.Tell(jobEvent, _) =
                    told.Add(jobEvent.Match(queued = (fun q -> sprintf "queued %d" q.Id.Value), merged = (fun _ -> "merged"), finished = (fun _ -> "finished")))
                    Task.FromResult(LanguageExt.Unit.Default) }
        let queue = JobScheduler(acceptingJournal, events)
        let receive = ReceiveHook(checkoutsOn DomainTests.onMaster inspected, queue, noDeliveries)

        let! receipt = receive.Handle(JobAction.GetLatest, delivery "course", System.Threading.CancellationToken.None)

        let message =
            receipt.Match(
                answered = (fun a -> DomainTests.describe a.Decision),
                queued = (fun q -> sprintf "queued job %d, queue size %d" q.Job.Id.Value q.Job.QueueSize),
                notRecorded = (fun n -> n.Error.Message),
                alreadyReceived = (fun r -> sprintf "again %d" r.Job.Value))
        Assert.Equal("queued job 1, queue size 1", message)
        Assert.Equal<string list>([ "course" ], inspected.Value)
        Assert.Equal<string seq>([ "queued 1" ], told)
    }

[<Fact>]
let ``A hostile name never reaches the F# checkout port`` () =
    task {
        let inspected = ref []
        let receive = ReceiveHook(checkoutsOn DomainTests.onMaster inspected, JobScheduler(acceptingJournal, NoJobEvents.Instance), noDeliveries)
        let! receipt = receive.Handle(JobAction.GetLatest, delivery "../../etc", System.Threading.CancellationToken.None)
        Assert.IsType<HookReceipt.Answered>(receipt) |> ignore
        Assert.Empty(inspected.Value)
    }
