using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Tests.Shared.Journal;

// The journal decides placement with JobBoard.Place/Add/Merge, but starts, finishes and requeues in its own SQL;
// JobBoard.Offer/Start/Finish/Requeue are the model the queue-policy snapshot (QueuePolicyTests) reviews. This
// runs one sequence through the journal and through the model and pins that they agree at every step.
public abstract partial class JournalContract
{
    [Fact]
    public async Task The_journal_s_queue_after_offers_claims_requeues_and_finishes_is_the_queue_policy_model_s_board()
    {
        var board = JobBoard.Empty;

        async Task Offered(JobRequest request)
        {
            var enqueued = await Add(request);
            var (after, outcome) = board.Offer(request, enqueued.Id);
            board = after;
            Assert.Equal(
                outcome.Match(added: a => $"added #{a.Id}", merged: m => $"merged into #{m.Id}"),
                enqueued.Merged ? $"merged into #{enqueued.Id}" : $"added #{enqueued.Id}");
            await SameBoard();
        }

        async Task<JobId> Claimed()
        {
            var claimed = await Claim();
            // The model hands out only the oldest job of a checkout, and only while it is not running.
            var first = board.Jobs.Find(j => j.Request.Repo == claimed.Request.Repo);
            Assert.True(first.Exists(j => j.Id == claimed.Job && !j.Running), $"the journal started #{claimed.Job}, which the model does not hand out");
            board = board.Start(claimed.Job);
            await SameBoard();
            return claimed.Job;
        }

        async Task Requeued(JobId job)
        {
            Ok(await Journal.Requeue(Here, job, default));
            board = board.Requeue(job);
            await SameBoard();
        }

        async Task Finished(JobId job)
        {
            Ok(await Journal.Finish(Here, job, Succeeded(), default));
            board = board.Finish(job).Board;
            await SameBoard();
        }

        async Task SameBoard()
        {
            static string Row(long id, JobRequest r, bool running, int merged) =>
                $"#{id} {r.Repo} {r.Action} {r.After.IfNone("-")} {(running ? "running" : "waiting")} merged {merged}";
            var journal = Ok(await Journal.Open(default)).Map(j => Row(j.Id.Value, j.Request, j.Status == JobStatus.Running, j.Merged)).ToArray();
            var model = board.Jobs.Map(j => Row(j.Id.Value, j.Request, j.Running, j.Merged)).ToArray();
            Assert.Equal(model, journal);
        }

        await Offered(Job("a", after: "a1"));
        await Offered(Job("a", after: "a2"));
        await Offered(Job("b", after: "b1"));
        await Offered(Job("a", JobAction.CourseImport, after: "a2"));
        var first = await Claimed();
        await Offered(Job("a", after: "a3"));
        await Offered(Job("a", after: "a4"));
        var second = await Claimed();
        await Requeued(first);
        await Offered(Job("b", after: "b2"));
        var again = await Claimed();
        await Finished(again);
        await Finished(second);
        var third = await Claimed();
        await Offered(Job("a", JobAction.CourseImport, after: "a5"));
        await Finished(third);
        while (board.Count > 0)
            await Finished(await Claimed());
    }
}
