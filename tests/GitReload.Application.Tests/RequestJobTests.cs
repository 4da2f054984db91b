using GitReload.Tests.Shared;
using GitReload.Application.Hooks;
using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using GitReload.Domain.Publishing;
using LanguageExt;

namespace GitReload.Application.Tests;

public sealed class RequestJobTests : IDisposable
{
    private const string Published = "3333333ccccccccccccccccccccccccccccccccc";

    private readonly TestJournal journal = new();
    private readonly JobScheduler queue;

    public RequestJobTests() => queue = new JobScheduler(journal, NoJobEvents.Instance, TestJournal.Host);

    public void Dispose() => journal.Dispose();

    private RequestJob Requests(Option<Publication> publication) =>
        new(new FakeCheckouts(Some.OnMaster), new PublishingCatalog(publication), journal, queue, TestJournal.Host);

    [Fact]
    public async Task A_rollback_carries_the_commit_this_host_publishes_as_the_one_to_undo()
    {
        var receipt = await Requests(new Publication(Published, Prelude.Seq1("2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"))).Handle(JobAction.Rollback, "course", default);

        Assert.IsType<HookReceipt.Queued>(receipt);
        var job = Assert.Single(journal.OpenJobs()).Request;
        Assert.Equal((JobAction.Rollback, Published), (job.Action, job.After.IfNoneUnsafe((string?)null)));
    }

    [Fact]
    public async Task A_rollback_asked_of_a_host_that_publishes_nothing_atomically_names_no_commit()
    {
        await Requests(Option<Publication>.None).Handle(JobAction.Rollback, "course", default);

        Assert.True(Assert.Single(journal.OpenJobs()).Request.After.IsNone);
    }

    [Fact]
    public async Task An_update_asked_for_by_hand_names_no_commit()
    {
        await Requests(new Publication(Published, Seq<string>.Empty)).Handle(JobAction.GetLatest, "course", default);

        Assert.True(Assert.Single(journal.OpenJobs()).Request.After.IsNone);
    }

    private sealed class PublishingCatalog(Option<Publication> publication) : ICheckoutCatalog
    {
        public Task<Seq<RegisteredCheckout>> List(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RegisteredCheckout> Read(RepoName repo, CancellationToken cancellationToken) =>
            Task.FromResult(new RegisteredCheckout(repo, Some.OnMaster, publication.Map(p => p.Published)) { Publication = publication });
    }
}
