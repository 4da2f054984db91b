using GitReload.Domain.Jobs;

namespace GitReload.Domain.Tests;

public class JobBoardTests
{
    private static (JobBoard Board, Offered Outcome) Offer(JobBoard board, JobRequest request, long id) => board.Offer(request, new JobId(id));

    [Fact]
    public void The_first_job_of_a_checkout_is_ready_at_once()
    {
        var (board, outcome) = Offer(JobBoard.Empty, Some.Job(), 1);
        Assert.Equal(new Offered.Added(new JobId(1), Ready: true), outcome);
        Assert.Equal(1, board.Count);
    }

    [Fact]
    public void A_request_for_work_already_waiting_is_merged_and_keeps_the_newest_sha()
    {
        var (board, _) = Offer(JobBoard.Empty, Some.Job(after: "a"), 1);
        (board, var outcome) = Offer(board, Some.Job(after: "b"), 2);

        Assert.Equal(new Offered.Merged(new JobId(1)), outcome);
        var job = Assert.Single(board.Jobs);
        Assert.Equal((1, "b"), (job.Merged, job.Request.After.IfNone("")));
    }

    [Fact]
    public void A_request_by_hand_merged_into_a_waiting_push_keeps_the_pushed_commit_and_its_forge()
    {
        var push = Some.Job(after: "pushed").WithSource(new GitReload.Domain.Hooks.ForgeRepo(GitReload.Domain.Hooks.Forge.GitHub, "mitodl/course"));
        var (board, _) = Offer(JobBoard.Empty, push, 1);

        (board, var outcome) = Offer(board, Some.Job() with { After = LanguageExt.Option<string>.None }, 2);

        Assert.Equal(new Offered.Merged(new JobId(1)), outcome);
        var job = Assert.Single(board.Jobs);
        Assert.Equal(("pushed", "mitodl/course", 1), (job.Request.After.IfNone("none"), job.Request.Source.Map(s => s.FullName).IfNone("none"), job.Merged));
        Assert.True(Reports.CommitStatuses.For(new JobEvent.Merged(new JobId(1), push, job.Request)).IsEmpty, "the push's pending status stays: the job reports on its commit when it ends");
    }

    [Fact]
    public void A_request_while_the_same_work_runs_queues_one_follow_up_that_waits_for_it()
    {
        var (board, _) = Offer(JobBoard.Empty, Some.Job(), 1);
        board = board.Start(new JobId(1));
        (board, var second) = Offer(board, Some.Job(), 2);
        (board, var third) = Offer(board, Some.Job(), 3);

        Assert.Equal(new Offered.Added(new JobId(2), Ready: false), second);
        Assert.Equal(new Offered.Merged(new JobId(2)), third);
        Assert.Equal(2, board.Count);
    }

    [Fact]
    public void Finishing_a_job_releases_the_next_job_of_the_same_checkout_only()
    {
        var board = JobBoard.Empty;
        (board, _) = Offer(board, Some.Job("a"), 1);
        (board, _) = Offer(board, Some.Job("b"), 2);
        (board, _) = Offer(board, Some.Job("a", JobAction.CourseImport), 3);
        board = board.Start(new JobId(1));

        var (after, next) = board.Finish(new JobId(1));

        Assert.Equal(new JobId(3), next.Map(j => j.Id).IfNone(new JobId(0)));
        Assert.Equal(new[] { 2L, 3L }, after.Jobs.Map(j => j.Id.Value).ToArray());
    }

    [Fact]
    public void Different_checkouts_are_ready_independently()
    {
        var (board, _) = Offer(JobBoard.Empty, Some.Job("a"), 1);
        var (_, outcome) = Offer(board.Start(new JobId(1)), Some.Job("b"), 2);
        Assert.Equal(new Offered.Added(new JobId(2), Ready: true), outcome);
    }

    [Fact]
    public void A_burst_of_a_thousand_pushes_to_one_checkout_makes_at_most_two_jobs()
    {
        var board = JobBoard.Empty;
        for (var i = 1; i <= 1000; i++)
        {
            (board, _) = Offer(board, Some.Job(after: i.ToString()), i);
            if (i == 10) board = board.Start(new JobId(1));
        }

        Assert.Equal(2, board.Count);
        Assert.Equal(1000, board.Jobs.Sum(j => j.Merged + 1));
    }

    [Fact]
    public void Finishing_a_job_that_is_not_on_the_board_changes_nothing()
    {
        var (board, _) = Offer(JobBoard.Empty, Some.Job(), 1);
        var (after, next) = board.Finish(new JobId(42));
        Assert.Equal(board, after);
        Assert.True(next.IsNone);
    }

    [Fact]
    public void A_board_resumed_from_the_journal_has_every_job_waiting_and_the_oldest_of_each_checkout_ready()
    {
        var left = new[] { (4L, "a"), (5L, "b"), (7L, "a") }
            .Select(j => new BoardJob(new JobId(j.Item1), Some.Job(j.Item2), Running: true, Merged: 0)).ToSeq();

        var (board, ready) = JobBoard.Resume(left);

        Assert.Equal([4L, 5L], ready.Map(j => j.Id.Value).ToArray());
        Assert.Equal([4L, 5L, 7L], board.Jobs.Map(j => j.Id.Value).ToArray());
        Assert.All(board.Jobs, j => Assert.False(j.Running));
    }

    [Fact]
    public void A_job_put_back_to_waiting_takes_new_requests_for_its_work_again()
    {
        var (board, _) = Offer(JobBoard.Empty, Some.Job(), 1);
        board = board.Start(new JobId(1)).Requeue(new JobId(1));

        var (_, outcome) = Offer(board, Some.Job(), 2);

        Assert.Equal(new Offered.Merged(new JobId(1)), outcome);
    }

    [Fact]
    public void A_waiting_rollback_is_not_merged_with_one_that_undoes_another_commit_so_no_step_back_is_lost()
    {
        var (board, _) = Offer(JobBoard.Empty, Some.Job(), 1);
        board = board.Start(new JobId(1));
        (board, var first) = Offer(board, Some.Job(action: JobAction.Rollback, after: "c3"), 2);
        (board, var second) = Offer(board, Some.Job(action: JobAction.Rollback, after: "c2"), 3);

        Assert.Equal((new Offered.Added(new JobId(2), Ready: false), new Offered.Added(new JobId(3), Ready: false)), (first, second));
        Assert.Equal(new[] { "c3", "c2" }, board.Jobs.Filter(j => j.Request.Action == JobAction.Rollback).Map(j => j.Request.After.IfNone("")).ToArray());
    }

    [Fact]
    public void A_waiting_rollback_takes_in_another_that_undoes_the_same_commit()
    {
        var (board, _) = Offer(JobBoard.Empty, Some.Job(), 1);
        board = board.Start(new JobId(1));
        (board, _) = Offer(board, Some.Job(action: JobAction.Rollback, after: "c3"), 2);
        (board, var again) = Offer(board, Some.Job(action: JobAction.Rollback, after: "c3"), 3);

        Assert.Equal(new Offered.Merged(new JobId(2)), again);
    }

    private static readonly JobRequest RollbackNamingNothing = new(Some.Repo(), JobAction.Rollback, Some.OriginUrl, "master", LanguageExt.Option<string>.None);

    [Fact]
    public void A_rollback_that_names_no_commit_is_never_merged()
    {
        var (board, _) = Offer(JobBoard.Empty, Some.Job(), 1);
        board = board.Start(new JobId(1));
        (board, _) = Offer(board, RollbackNamingNothing, 2);
        (board, var again) = Offer(board, RollbackNamingNothing, 3);

        Assert.Equal(new Offered.Added(new JobId(3), Ready: false), again);
    }
}
