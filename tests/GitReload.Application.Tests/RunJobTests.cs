using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Tests;

public class RunJobTests
{
    private static readonly JobFailure Unreachable = JobFailure.Passing("git fetch failed: origin could not be reached");
    private static readonly JobFailure Refused = JobFailure.Permanent("git fetch failed: origin refused access");
    private static readonly Either<JobFailure, CheckoutUpdate> Updated = new CheckoutUpdate(Option<string>.Some("a"), "b");

    private static Task NoProgress(JobProgressReport progress) => Task.CompletedTask;

    private static RunJob Runner(FakeCheckouts checkouts, RecordingTime time, FakeImporter? importer = null, int maxAttempts = 3) =>
        new(checkouts, importer ?? new FakeImporter(), RetryPolicy.Default.WithMaxAttempts(maxAttempts), time, () => 0.5);

    [Fact]
    public async Task An_update_job_updates_the_checked_out_branch_and_reports_both_shas()
    {
        var checkouts = new FakeCheckouts(Some.OnMaster);
        var outcome = await Runner(checkouts, new RecordingTime()).Handle(Some.Job(), NoProgress, default);

        Assert.Equal([("course", "master")], checkouts.Updated);
        Assert.Equal(new JobOutcome.Succeeded(Option<string>.Some("a"), Option<string>.Some("b"), "", Attempts: 1), outcome);
    }

    [Fact]
    public async Task A_failed_update_says_where_the_checkout_stood_before_its_tries_and_where_it_stands_after()
    {
        var checkouts = new FakeCheckouts(Some.OnMaster) { UpdateResult = Either<JobFailure, CheckoutUpdate>.Left(Refused), Heads = ["published", "still published"] };

        var failed = Assert.IsType<JobOutcome.Failed>(await Runner(checkouts, new RecordingTime()).Handle(Some.Job(), NoProgress, default));

        Assert.Equal(("published", "still published"), (failed.ShaBefore.IfNone(""), failed.ShaAfter.IfNone("")));
    }

    [Fact]
    public async Task A_failed_update_of_a_checkout_whose_HEAD_cannot_be_read_names_no_commit()
    {
        var checkouts = new FakeCheckouts(Some.OnMaster) { UpdateResult = Either<JobFailure, CheckoutUpdate>.Left(Refused) };

        var failed = Assert.IsType<JobOutcome.Failed>(await Runner(checkouts, new RecordingTime()).Handle(Some.Job(), NoProgress, default));

        Assert.Equal((true, true, 2), (failed.ShaBefore.IsNone, failed.ShaAfter.IsNone, checkouts.HeadsRead));
    }

    [Fact]
    public async Task An_import_job_imports_the_checkout_under_its_origin_url()
    {
        var importer = new FakeImporter();
        var outcome = await Runner(new FakeCheckouts(Some.OnMaster), new RecordingTime(), importer).Handle(Some.Job(action: JobAction.CourseImport), NoProgress, default);

        var import = Assert.Single(importer.Imported);
        Assert.Equal(("course", Some.OriginUrl, "master"), (import.Repo.Value, import.RepoUrl, import.Branch));
        Assert.Equal("imported", Assert.IsType<JobOutcome.Succeeded>(outcome).Output);
    }

    [Fact]
    public async Task An_update_that_fails_for_now_is_tried_again_after_growing_waits_and_counts_its_tries()
    {
        var checkouts = new FakeCheckouts(Some.OnMaster) { UpdateResults = [Unreachable, Unreachable, Updated] };
        var time = new RecordingTime();

        var outcome = await Runner(checkouts, time).Handle(Some.Job(), NoProgress, default);

        Assert.Equal(3, Assert.IsType<JobOutcome.Succeeded>(outcome).Attempts);
        Assert.Equal(3, checkouts.Updated.Count);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], time.Waits);
    }

    [Fact]
    public async Task Each_try_that_is_followed_by_another_is_told_with_its_reason_and_the_wait()
    {
        var checkouts = new FakeCheckouts(Some.OnMaster) { UpdateResults = [Unreachable, Unreachable, Updated] };
        var told = new List<(string, int, string, TimeSpan)>();
        var runner = new RunJob(checkouts, new FakeImporter(), RetryPolicy.Default, new RecordingTime(), () => 0.5)
        {
            Retrying = (job, attempt, failure, wait) => told.Add((job.Repo.Value, attempt, failure.Message, wait)),
        };

        await runner.Handle(Some.Job(), NoProgress, default);

        Assert.Equal([("course", 1, Unreachable.Message, TimeSpan.FromSeconds(1)), ("course", 2, Unreachable.Message, TimeSpan.FromSeconds(2))], told);
    }

    [Fact]
    public async Task An_update_that_keeps_failing_for_now_fails_after_max_attempts_with_the_last_reason()
    {
        var checkouts = new FakeCheckouts(Some.OnMaster) { UpdateResult = Either<JobFailure, CheckoutUpdate>.Left(Unreachable) };
        var time = new RecordingTime();

        var outcome = await Runner(checkouts, time, maxAttempts: 4).Handle(Some.Job(), NoProgress, default);

        Assert.Equal(new JobOutcome.Failed(Unreachable, 4), outcome);
        Assert.Equal(4, checkouts.Updated.Count);
        Assert.Equal(3, time.Waits.Count);
    }

    [Fact]
    public async Task An_update_that_fails_for_good_is_not_tried_again()
    {
        var checkouts = new FakeCheckouts(Some.OnMaster) { UpdateResults = [Refused, Updated] };
        var time = new RecordingTime();

        var outcome = await Runner(checkouts, time).Handle(Some.Job(), NoProgress, default);

        Assert.Equal(new JobOutcome.Failed(Refused, 1), outcome);
        Assert.Single(checkouts.Updated);
        Assert.Empty(time.Waits);
    }

    [Fact]
    public async Task A_failed_import_is_not_tried_again()
    {
        var failure = new JobFailure("Import failed", "tail", Transient: true);
        var importer = new FakeImporter { Result = Either<JobFailure, ImportOutput>.Left(failure) };
        var time = new RecordingTime();

        var outcome = await Runner(new FakeCheckouts(Some.OnMaster), time, importer).Handle(Some.Job(action: JobAction.CourseImport), NoProgress, default);

        Assert.Equal(new JobOutcome.Failed(failure, 1), outcome);
        Assert.Single(importer.Imported);
        Assert.Empty(time.Waits);
    }

    [Fact]
    public async Task Shutdown_during_a_wait_between_tries_stops_the_job()
    {
        var checkouts = new FakeCheckouts(Some.OnMaster) { UpdateResult = Either<JobFailure, CheckoutUpdate>.Left(Unreachable) };
        using var stopping = new CancellationTokenSource();
        var runner = new RunJob(checkouts, new FakeImporter(), RetryPolicy.Default, TimeProvider.System, () =>
        {
            stopping.Cancel();
            return 0.5;
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.Handle(Some.Job(), NoProgress, stopping.Token));
        Assert.Single(checkouts.Updated);
    }
}
