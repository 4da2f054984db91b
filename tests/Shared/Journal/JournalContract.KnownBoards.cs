using GitReload.Adapters.Journal;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Tests.Shared.Journal;

// A batch that only merges into a checkout whose board this journal committed last is decided on that board without reading
// it, behind a check of the board's version. Each test here changes the board some other way between two offers (a claim,
// a retired host, a restart, SQL behind the journal's back): the offer must be decided on the board as it is now.
public abstract partial class JournalContract
{
    [Fact]
    public async Task An_offer_after_the_waiting_job_was_claimed_queues_a_follow_up_rather_than_merging_into_the_running_job()
    {
        var waiting = await Add(Job(after: "one"));
        Assert.True((await Add(Job(after: "two"))).Merged);
        Assert.Equal(waiting.Id, (await Claim()).Job);

        var next = await Add(Job(after: "three"));

        Assert.Equal((false, 2L), (next.Merged, next.Id.Value));
        Assert.Equal(("two", JobStatus.Running), ((await Record(waiting.Id)).Request.After.IfNone(""), (await Record(waiting.Id)).Status));
    }

    [Fact]
    public async Task An_offer_after_the_waiting_job_was_cancelled_queues_a_new_job_ready_to_run()
    {
        await Add(Job(after: "one"));
        await Add(Job(after: "two"));
        Ok(await Journal.Forget(Here, default));
        Ok(await Journal.Join(Here, "test", default));

        var next = await Add(Job(after: "three"));

        Assert.False(next.Merged, "an offer merged into a job that was cancelled");
        Assert.Equal(next.Id, (await Claim()).Job);
    }

    [Fact]
    public async Task An_offer_after_the_board_changed_behind_the_journal_s_back_is_decided_on_the_board_as_it_is()
    {
        var first = await Add(Job(after: "one"));
        await Add(Job(after: "two"));
        Ok(await Journal.Store.Write(async tx => await tx.Execute("UPDATE jobs SET status = 'failed' WHERE job_id = @id", ("@id", first.Id.Value)), default));

        var next = await Add(Job(after: "three"));

        Assert.False(next.Merged, "an offer merged into a job that had failed meanwhile");
        Assert.Equal(("two", "three"), ((await Record(first.Id)).Request.After.IfNone(""), (await Record(next.Id)).Request.After.IfNone("")));
    }

    [Fact]
    public async Task Batches_of_merges_into_one_waiting_job_keep_every_delivery_and_the_count_as_a_journal_that_reads_them_sees_them()
    {
        var job = await Add(Job(after: "0"), "d-0");
        for (var batch = 1; batch <= 3; batch++)
        {
            var offers = Enumerable.Range(0, 3).Select(i => Offer(Job(after: $"{batch}.{i}"), $"d-{batch}.{i}")).ToSeq();
            Assert.All(Ok(await Journal.Offer(offers, default)), r => Assert.Equal((job.Id, true), (r.Answer.Id, r.Answer.Merged)));
        }

        await Restart();
        var afterRestart = await Add(Job(after: "4"), "d-4");

        Assert.Equal((job.Id, true), (afterRestart.Id, afterRestart.Merged));
        var record = await Record(job.Id);
        Assert.Equal((10, "4"), (record.Merged, record.Request.After.IfNone("")));
        Assert.Equal(new[] { "d-0", "d-1.0", "d-1.1", "d-1.2", "d-2.0", "d-2.1", "d-2.2", "d-3.0", "d-3.1", "d-3.2", "d-4" }, record.DeliveryIds.ToArray());
        Assert.Equal(job.Id, Ok(await Journal.Accepted("d-2.1", default)).IfNone(() => throw new Xunit.Sdk.XunitException("a delivery id merged from a known board was not remembered")));
    }

    [Fact]
    public async Task A_batch_over_two_checkouts_after_one_of_them_changed_is_decided_on_both_boards_as_they_are()
    {
        var a = await Add(Job("a", after: "a1"));
        var b = await Add(Job("b", after: "b1"));
        Ok(await Journal.Offer(Prelude.Seq(Offer(Job("a", after: "a2")), Offer(Job("b", after: "b2"))), default));
        Assert.Equal(a.Id, (await Claim()).Job);

        var both = Ok(await Journal.Offer(Prelude.Seq(Offer(Job("a", after: "a3")), Offer(Job("b", after: "b3"))), default)).Map(r => r.Answer).ToArray();

        Assert.Equal((false, true, b.Id), (both[0].Merged, both[1].Merged, both[1].Id));
        Assert.Equal(3, both[1].QueueSize);
    }
}
