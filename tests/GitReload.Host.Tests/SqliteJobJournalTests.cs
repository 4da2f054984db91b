using GitReload.Application.Ports;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using GitReload.AspNetCore.Journal;
using LanguageExt;
using static LanguageExt.Prelude;
using LanguageExt.Common;
using Microsoft.Data.Sqlite;

namespace GitReload.Host.Tests;

public sealed class SqliteJobJournalTests : IDisposable
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly string folder = Directory.CreateTempSubdirectory("gitreload-journal-").FullName;
    private readonly Clock clock = new();

    private string StateDir => Path.Combine(folder, "state");

    private string File => Path.Combine(StateDir, SqliteJobJournal.FileName);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private SqliteJobJournal Open(int keep = 1000) =>
        SqliteJobJournal.Open(StateDir, clock, keep).IfLeft(problem => throw new Xunit.Sdk.XunitException(problem));

    private static JobRequest Job(string repo = "course", JobAction action = JobAction.GetLatest, string after = "aaa") =>
        new((RepoName)RepoName.Parse(repo), action, "git@example.org:course.git", "master", after);

    private static T Ok<T>(Either<Error, T> result) => result.IfLeft(e => throw new Xunit.Sdk.XunitException(e.Message));

    private static JobOutcome Succeeded(string output = "done") => new JobOutcome.Succeeded(Option<string>.Some("before"), Option<string>.Some("after"), output, 1);

    [Fact]
    public async Task A_new_journal_is_created_in_the_state_folder_with_the_current_schema_in_wal_mode()
    {
        using (Open()) { }

        using var connection = new SqliteConnection($"Data Source={File};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        Assert.Equal((long)JournalSchema.Version, command.ExecuteScalar());
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        await Task.CompletedTask;
    }

    [Fact]
    public async Task An_added_job_is_listed_as_queued_with_its_delivery_and_time()
    {
        using var journal = Open();
        Ok(await journal.Add(new JobId(1), Job(), Option<string>.Some("d-1"), default));

        var job = (await journal.Find(new JobId(1), default)).IfNone(() => throw new Xunit.Sdk.XunitException("not found"));
        Assert.Equal((JobStatus.Queued, 0, "aaa", clock.Now), (job.Status, job.Merged, job.Request.After, job.QueuedAt));
        Assert.Equal(["d-1"], job.DeliveryIds.ToArray());
        Assert.Equal(Option<JobId>.Some(new JobId(1)), await journal.Accepted("d-1", default));
    }

    [Fact]
    public async Task A_merge_counts_the_request_and_keeps_the_newest_sha_and_delivery()
    {
        using var journal = Open();
        Ok(await journal.Add(new JobId(1), Job(after: "a"), Option<string>.Some("d-1"), default));
        Ok(await journal.Merge(new JobId(1), Job(after: "b"), Option<string>.Some("d-2"), default));
        Ok(await journal.Merge(new JobId(1), Job(after: "c"), Option<string>.None, default));

        var job = (await journal.Find(new JobId(1), default)).IfNone(() => throw new Xunit.Sdk.XunitException("not found"));
        Assert.Equal((2, "c"), (job.Merged, job.Request.After));
        Assert.Equal(["d-1", "d-2"], job.DeliveryIds.ToArray());
    }

    [Fact]
    public async Task A_burst_of_offers_is_recorded_in_one_transaction_in_order()
    {
        using var journal = Open();
        var burst = Seq(
            new OfferRecord(new Offered.Added(new JobId(1), Ready: true), Job(after: "a"), Option<string>.Some("d-1")),
            new OfferRecord(new Offered.Merged(new JobId(1)), Job(after: "b"), Option<string>.Some("d-2")),
            new OfferRecord(new Offered.Added(new JobId(2), Ready: true), Job("grader"), Option<string>.None));

        Ok(await journal.Record(burst, default));

        var first = (await journal.Find(new JobId(1), default)).IfNone(() => throw new Xunit.Sdk.XunitException("not found"));
        Assert.Equal((1, "b"), (first.Merged, first.Request.After));
        Assert.True((await journal.Find(new JobId(2), default)).IsSome);
    }

    [Fact]
    public async Task A_burst_that_only_merges_keeps_every_delivery_in_order_the_newest_sha_and_survives_reopening()
    {
        using (var journal = Open())
        {
            Ok(await journal.Add(new JobId(1), Job("course", after: "a"), Option<string>.Some("d-1"), default));
            Ok(await journal.Add(new JobId(2), Job("grader", after: "x"), Option<string>.None, default));
            var merges = Seq(
                new OfferRecord(new Offered.Merged(new JobId(1)), Job("course", after: "b"), Option<string>.Some("d-2")),
                new OfferRecord(new Offered.Merged(new JobId(2)), Job("grader", after: "y"), Option<string>.Some("d-9")),
                new OfferRecord(new Offered.Merged(new JobId(1)), Job("course", after: "c"), Option<string>.None),
                new OfferRecord(new Offered.Merged(new JobId(1)), Job("course", after: "d"), Option<string>.Some("d-3")));
            Ok(await journal.Record(merges, default));
        }

        using var reopened = Open();
        var course = (await reopened.Find(new JobId(1), default)).IfNone(() => throw new Xunit.Sdk.XunitException("not found"));
        var grader = (await reopened.Find(new JobId(2), default)).IfNone(() => throw new Xunit.Sdk.XunitException("not found"));
        Assert.Equal((3, "d"), (course.Merged, course.Request.After));
        Assert.Equal(["d-1", "d-2", "d-3"], course.DeliveryIds.ToArray());
        Assert.Equal((1, "y"), (grader.Merged, grader.Request.After));
        Assert.Equal(Option<JobId>.Some(new JobId(1)), await reopened.Accepted("d-3", default));
        Assert.Equal(Option<JobId>.Some(new JobId(2)), await reopened.Accepted("d-9", default));
    }

    [Fact]
    public async Task A_burst_with_one_change_that_cannot_be_recorded_records_none_of_it()
    {
        using var journal = Open();
        var burst = Seq(
            new OfferRecord(new Offered.Added(new JobId(1), Ready: true), Job(), Option<string>.Some("d-1")),
            new OfferRecord(new Offered.Merged(new JobId(7)), Job(), Option<string>.Some("d-2")));

        Assert.True((await journal.Record(burst, default)).IsLeft);
        Assert.True((await journal.Find(new JobId(1), default)).IsNone);
        Assert.True((await journal.Accepted("d-1", default)).IsNone);
    }

    [Fact]
    public async Task A_merge_into_a_job_that_is_not_waiting_is_refused()
    {
        using var journal = Open();
        Ok(await journal.Add(new JobId(1), Job(), Option<string>.None, default));
        Ok(await journal.Start(new JobId(1), default));

        Assert.True((await journal.Merge(new JobId(1), Job(), Option<string>.None, default)).IsLeft);
    }

    [Fact]
    public async Task Reopening_queues_again_what_was_queued_or_running_in_order_and_keeps_counting_ids()
    {
        using (var first = Open())
        {
            Ok(await first.Add(new JobId(1), Job("a"), Option<string>.None, default));
            Ok(await first.Add(new JobId(2), Job("b"), Option<string>.None, default));
            Ok(await first.Add(new JobId(3), Job("c"), Option<string>.None, default));
            Ok(await first.Add(new JobId(4), Job("d"), Option<string>.None, default));
            Ok(await first.Start(new JobId(1), default));
            Ok(await first.Start(new JobId(2), default));
            Ok(await first.Finish(new JobId(2), Succeeded(), default));
            Ok(await first.Start(new JobId(3), default));
        }

        using var again = Open();
        var resumed = Ok(await again.Resume(default));
        var twice = Ok(await again.Resume(default));

        Assert.Equal([(1L, "a"), (3L, "c"), (4L, "d")], resumed.Waiting.Map(j => (j.Id.Value, j.Request.Repo.Value)).ToArray());
        Assert.Equal(4, resumed.LastId);
        Assert.Equal(resumed, twice);
        Assert.Equal(JobStatus.Queued, (await again.Find(new JobId(3), default)).Map(j => j.Status).IfNone(JobStatus.Failed));
    }

    [Fact]
    public async Task Ids_are_never_given_twice_even_when_the_newest_jobs_were_pruned()
    {
        using (var first = Open(keep: 1))
        {
            Ok(await first.Add(new JobId(7), Job(), Option<string>.None, default));
            Ok(await first.Finish(new JobId(7), Succeeded(), default));
        }

        using var again = Open(keep: 1);
        Assert.Equal(7, Ok(await again.Resume(default)).LastId);
    }

    [Fact]
    public async Task A_finished_job_keeps_its_outcome_and_only_the_tail_of_long_output()
    {
        using var journal = Open();
        Ok(await journal.Add(new JobId(1), Job(), Option<string>.None, default));
        Ok(await journal.Add(new JobId(2), Job("other"), Option<string>.None, default));
        Ok(await journal.Finish(new JobId(1), Succeeded(new string('x', 100_000) + "END"), default));
        Ok(await journal.Finish(new JobId(2), new JobOutcome.Failed(new JobFailure("Fetch failed", "fatal: gone", false), 3), default));

        var ok = (await journal.Find(new JobId(1), default)).IfNone(() => throw new Xunit.Sdk.XunitException("not found"));
        var failed = (await journal.Find(new JobId(2), default)).IfNone(() => throw new Xunit.Sdk.XunitException("not found"));
        Assert.Equal((JobStatus.Succeeded, "before", "after", SqliteJobJournal.MaxOutputChars), (ok.Status, ok.ShaBefore.IfNone(""), ok.ShaAfter.IfNone(""), ok.Output.Length));
        Assert.EndsWith("END", ok.Output);
        Assert.Equal((JobStatus.Failed, 3, "Fetch failed", "fatal: gone"), (failed.Status, failed.Attempts, failed.Error.IfNone(""), failed.Output));
    }

    [Fact]
    public async Task Finished_jobs_past_the_bound_of_their_checkout_are_pruned_oldest_first()
    {
        using var journal = Open(keep: 2);
        for (var id = 1; id <= 4; id++)
        {
            Ok(await journal.Add(new JobId(id), Job(), Option<string>.None, default));
            Ok(await journal.Finish(new JobId(id), Succeeded(), default));
        }
        Ok(await journal.Add(new JobId(5), Job(), Option<string>.None, default));
        Ok(await journal.Add(new JobId(6), Job("other"), Option<string>.None, default));
        Ok(await journal.Finish(new JobId(6), Succeeded(), default));

        var left = await journal.List(new JobQuery(Option<RepoName>.None, Option<JobStatus>.None, 100), default);
        Assert.Equal([6L, 5L, 4L, 3L], left.Map(j => j.Id.Value).ToArray());
    }

    [Fact]
    public async Task The_list_filters_by_checkout_and_status_newest_first_up_to_the_limit()
    {
        using var journal = Open();
        for (var id = 1; id <= 5; id++)
            Ok(await journal.Add(new JobId(id), Job(id % 2 == 0 ? "even" : "odd"), Option<string>.None, default));
        Ok(await journal.Finish(new JobId(1), Succeeded(), default));

        var odd = await journal.List(new JobQuery((RepoName)RepoName.Parse("odd"), Option<JobStatus>.None, 100), default);
        var queuedOdd = await journal.List(new JobQuery((RepoName)RepoName.Parse("odd"), JobStatus.Queued, 1), default);
        Assert.Equal([5L, 3L, 1L], odd.Map(j => j.Id.Value).ToArray());
        Assert.Equal([5L], queuedOdd.Map(j => j.Id.Value).ToArray());
    }

    [Fact]
    public async Task Delivery_ids_are_forgotten_after_three_days()
    {
        using var journal = Open();
        Ok(await journal.Add(new JobId(1), Job(), Option<string>.Some("old"), default));
        clock.Now += TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1);

        Assert.True((await journal.Accepted("old", default)).IsNone);
        Ok(await journal.Add(new JobId(2), Job("other"), Option<string>.Some("new"), default));
        Assert.True((await journal.Accepted("new", default)).IsSome);
    }

    [Fact]
    public void A_corrupt_journal_file_stops_start_up_with_a_message_naming_it()
    {
        Directory.CreateDirectory(StateDir);
        System.IO.File.WriteAllText(File, string.Concat(Enumerable.Repeat("this is not a database ", 500)));

        var problem = SqliteJobJournal.Open(StateDir, clock, 1000).Match(j => { j.Dispose(); return ""; }, p => p);

        Assert.Contains(File, problem);
    }

    [Fact]
    public void A_state_folder_that_cannot_be_created_stops_start_up_with_a_message_naming_the_file()
    {
        // A regular file where a parent folder should be: unwritable even for root.
        System.IO.File.WriteAllText(Path.Combine(folder, "blocker"), "");
        var stateDir = Path.Combine(folder, "blocker", "state");

        var problem = SqliteJobJournal.Open(stateDir, clock, 1000).Match(j => { j.Dispose(); return ""; }, p => p);

        Assert.StartsWith($"job journal {Path.Combine(stateDir, SqliteJobJournal.FileName)} is not usable", problem);
    }

    [Fact]
    public void A_journal_from_a_newer_schema_is_refused()
    {
        using (Open()) { }
        using (var connection = new SqliteConnection($"Data Source={File};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {JournalSchema.Version + 1}";
            command.ExecuteNonQuery();
        }

        var problem = SqliteJobJournal.Open(StateDir, clock, 1000).Match(j => { j.Dispose(); return ""; }, p => p);

        Assert.Contains("newer", problem);
    }

    [Fact]
    public async Task A_journal_whose_file_was_removed_is_not_writable()
    {
        using var journal = Open();
        Assert.True((await journal.CheckWritable(default)).IsRight);

        System.IO.File.Delete(File);

        Assert.True((await journal.CheckWritable(default)).IsLeft);
    }

    [Fact]
    public async Task A_job_s_forge_repository_survives_a_merge_and_a_restart()
    {
        using (var journal = Open())
        {
            Ok(await journal.Add(new JobId(1), Job(after: "a").WithSource(new ForgeRepo(Forge.GitHub, "mitodl/old")), Option<string>.None, default));
            Ok(await journal.Merge(new JobId(1), Job(after: "b").WithSource(new ForgeRepo(Forge.GitLab, "group/sub/course")), Option<string>.None, default));
        }

        using var reopened = Open();
        var resumed = Ok(await reopened.Resume(default));
        Assert.Equal(new ForgeRepo(Forge.GitLab, "group/sub/course"), resumed.Waiting.Single().Request.Source);
        Assert.Equal(Option<ForgeRepo>.Some(new ForgeRepo(Forge.GitLab, "group/sub/course")),
            (await reopened.Find(new JobId(1), default)).Bind(j => j.Request.Source));
    }

    [Fact]
    public async Task A_journal_of_schema_1_is_migrated_and_its_jobs_resume_without_a_forge_repository()
    {
        Directory.CreateDirectory(StateDir);
        using (var old = new SqliteConnection($"Data Source={File};Pooling=false"))
        {
            old.Open();
            using var command = old.CreateCommand();
            command.CommandText = JournalSchema.Migrations[0] + """
                INSERT INTO jobs (repo_name, repo_url, action, branch, after_sha, status, attempts, merged, delivery_ids, queued_at, output)
                VALUES ('course', 'git@example.org:course.git', 'GET_LATEST', 'master', 'aaa', 'queued', 0, 0, '[]', '2026-11-24T12:00:00.000Z', '');
                PRAGMA user_version = 1;
                """;
            command.ExecuteNonQuery();
        }

        using var journal = Open();
        var resumed = Ok(await journal.Resume(default));

        Assert.Equal(("aaa", true), (resumed.Waiting.Single().Request.After, resumed.Waiting.Single().Request.Source.IsNone));
    }
}
