using System.Diagnostics;
using GitReload.Adapters.Journal;
using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace GitReload.Adapters.Sqlite.Tests;

/// <summary>What only the SQLite journal promises: its file, its lock, its migrations, and what happens when the file is taken away.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private static readonly HostId Here = HostId.Parse("host-a").Match(h => h, e => throw new InvalidOperationException(e.Message));
    private readonly string folder = Directory.CreateTempSubdirectory("gitreload-sqlite-").FullName;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    private string StateDir => Path.Combine(folder, "state");

    private string File => Path.Combine(StateDir, SqliteStore.FileName);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private SqlJournal Open() => SqliteJournal.Open(StateDir, clock, 1000).Match(j => j, problem => throw new Xunit.Sdk.XunitException(problem.Message));

    private JournalUnusable Refused(string stateDir) => SqliteJournal.Open(stateDir, clock, 1000).Match(
        journal =>
        {
            journal.Dispose();
            throw new Xunit.Sdk.XunitException($"the journal in {stateDir} opened");
        },
        problem => problem);

    private static T Ok<T>(Either<Error, T> result) => result.Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message));

    private static JobOffer Offer(string after = "aaa") => new(
        new JobRequest((RepoName)RepoName.Parse("course"), JobAction.GetLatest, "git@example.org:course.git", "master", after),
        new JobTargets.Each(Prelude.Seq1(Here)), Option<string>.None, JobTrigger.Push);

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={File};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void A_new_journal_is_created_in_the_state_folder_with_the_current_schema()
    {
        Open().Dispose();

        Assert.Equal(SqliteSchema.Version, Scalar("PRAGMA user_version"));
    }

    [Fact]
    public void A_second_process_on_the_same_state_folder_is_refused_with_one_line_naming_the_file()
    {
        using var first = Open();

        var problem = Assert.IsType<JournalUnusable.InUse>(Refused(StateDir)).Message;

        Assert.Contains(File, problem);
        Assert.Contains("in use by another GitReload process", problem);
    }

    [Fact]
    public void A_journal_of_zero_bytes_stops_start_up_with_a_message_naming_the_file()
    {
        Directory.CreateDirectory(StateDir);
        System.IO.File.WriteAllBytes(File, []);

        var problem = Assert.IsType<JournalUnusable.Damaged>(Refused(StateDir)).Message;

        Assert.Equal($"job journal {File} is empty (0 bytes), so its jobs are lost or it was never written; move it away to start with an empty journal", problem);
    }

    [Fact]
    public void A_corrupt_journal_file_stops_start_up_with_a_message_naming_it()
    {
        Directory.CreateDirectory(StateDir);
        System.IO.File.WriteAllText(File, "this is not a database, it is a text file of some length to look like one");

        var problem = Assert.IsType<JournalUnusable.Damaged>(Refused(StateDir)).Message;

        Assert.StartsWith($"job journal {File}", problem);
    }

    [Fact]
    public void A_state_folder_that_cannot_be_created_stops_start_up_with_a_message_naming_the_file()
    {
        var blocker = Path.Combine(folder, "file");
        System.IO.File.WriteAllText(blocker, "");

        var problem = Assert.IsType<JournalUnusable.Unreachable>(Refused(Path.Combine(blocker, "state"))).Message;

        Assert.Contains(Path.Combine(blocker, "state", SqliteStore.FileName), problem);
    }

    [Fact]
    public void A_journal_from_a_newer_schema_is_refused()
    {
        Open().Dispose();
        using (var connection = new SqliteConnection($"Data Source={File};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {SqliteSchema.Version + 1}";
            command.ExecuteNonQuery();
        }

        var problem = Assert.IsType<JournalUnusable.NewerSchema>(Refused(StateDir)).Message;

        Assert.Contains("newer", problem);
    }

    [Fact]
    public async Task A_new_journal_and_its_folder_are_the_service_user_s_and_its_group_s_alone()
    {
        using var journal = Open();
        await journal.Offer(Prelude.Seq1(Offer()), default);

        Assert.Equal("rwxr-x---", Mode(System.IO.File.GetUnixFileMode(StateDir)));
        Assert.Equal("rw-r-----", Mode(System.IO.File.GetUnixFileMode(File)));
        Assert.Equal("rw-r-----", Mode(System.IO.File.GetUnixFileMode(File + "-wal")));
    }

    [Fact]
    public void A_state_folder_there_already_keeps_its_mode()
    {
        Directory.CreateDirectory(StateDir);
        var open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        System.IO.File.SetUnixFileMode(StateDir, open);

        Open().Dispose();

        Assert.Equal(open, System.IO.File.GetUnixFileMode(StateDir));
    }

    private static string Mode(UnixFileMode mode) => string.Concat(
        new[] { UnixFileMode.UserRead, UnixFileMode.UserWrite, UnixFileMode.UserExecute, UnixFileMode.GroupRead, UnixFileMode.GroupWrite, UnixFileMode.GroupExecute, UnixFileMode.OtherRead, UnixFileMode.OtherWrite, UnixFileMode.OtherExecute }
            .Select((bit, i) => (mode & bit) != 0 ? "rwx"[i % 3] : '-'));

    [Fact]
    public async Task A_statement_kept_prepared_runs_again_with_only_its_new_parameters_even_after_a_failed_transaction()
    {
        using var store = SqliteStore.Open(StateDir).Match(s => s, problem => throw new Xunit.Sdk.XunitException(problem.Message));
        const string Sql = "SELECT @a";

        var twice = await store.Write(async tx => (await tx.Scalar(Sql, ("@a", 1L)), await tx.Scalar(Sql, ("@a", 2L))), default);
        Assert.Equal("1, 2", twice.Match(r => $"{r.Item1}, {r.Item2}", e => e.Message));

        // A value left out is missing, not the one the kept command ran with last.
        var leftOut = await store.Write(tx => tx.Scalar(Sql), default);
        Assert.Contains("@a", leftOut.Match(r => $"ran with {r}", e => e.Message));

        var failed = await store.Write<object?>(async tx =>
        {
            await tx.Execute("CREATE TABLE kept (v INTEGER)");
            await tx.Execute("INSERT INTO kept VALUES (@v)", ("@v", 1L));
            throw new InvalidOperationException("the change gives up");
        }, default);
        var why = Assert.IsType<JournalUnusable.Failed>(failed.Match(_ => Error.New("written"), e => e));
        Assert.EndsWith(": the change gives up", why.Message);
        var after = await store.Write(async tx =>
        {
            await tx.Execute("CREATE TABLE kept (v INTEGER)");
            await tx.Execute("INSERT INTO kept VALUES (@v)", ("@v", 3L));
            return await tx.Scalar("SELECT group_concat(v) FROM kept");
        }, default);
        Assert.Equal("3", after.Match(r => $"{r}", e => e.Message));
    }

    [Fact]
    public async Task A_journal_moved_away_while_serving_refuses_writes_and_says_so_instead_of_losing_job_ids()
    {
        using var journal = Open();
        Ok(await journal.Join(Here, "test", default));
        Ok(await journal.Offer(Prelude.Seq1(Offer()), default));

        System.IO.File.Move(File, File + ".moved");

        var refused = await journal.Offer(Prelude.Seq1(Offer("bbb")), default);
        var moved = Assert.IsType<JournalUnusable.Moved>(refused.Match(_ => Error.New("written"), e => e));
        Assert.Contains("was moved or deleted while GitReload runs", moved.Message);
        Assert.True((await journal.CheckWritable(default)).IsLeft);
    }

    [Fact]
    public async Task A_journal_deleted_while_serving_is_not_writable()
    {
        using var journal = Open();
        Assert.True((await journal.CheckWritable(default)).IsRight);

        System.IO.File.Delete(File);

        Assert.True((await journal.CheckWritable(default)).IsLeft);
    }

    [Fact]
    public async Task A_journal_made_read_only_is_reported_unwritable_and_healthy_again_once_writable()
    {
        if (Environment.UserName == "root")
        {
            // root writes through any mode bits: an immutable file is what stops it.
            using var journal = Open();
            if (!Chattr("+i"))
                throw new Xunit.Sdk.XunitException("chattr +i failed: the file system of the temp folder must support immutable files (ext4, xfs, tmpfs does not)");
            try
            {
                Assert.True((await journal.CheckWritable(default)).IsLeft);
            }
            finally
            {
                Chattr("-i");
            }
            Assert.True((await journal.CheckWritable(default)).IsRight);
            return;
        }

        using var owned = Open();
        System.IO.File.SetUnixFileMode(File, UnixFileMode.UserRead);
        Assert.True((await owned.CheckWritable(default)).IsLeft);
        System.IO.File.SetUnixFileMode(File, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.True((await owned.CheckWritable(default)).IsRight);
    }

    private bool Chattr(string flag)
    {
        using var chattr = Process.Start(new ProcessStartInfo("chattr", [flag, File]) { RedirectStandardError = true })!;
        chattr.WaitForExit();
        return chattr.ExitCode == 0;
    }

    [Fact]
    public async Task A_journal_of_schema_2_is_migrated_its_waiting_jobs_taken_by_the_host_that_opens_it()
    {
        Directory.CreateDirectory(StateDir);
        using (var old = new SqliteConnection($"Data Source={File};Pooling=false"))
        {
            old.Open();
            using var command = old.CreateCommand();
            command.CommandText = SqliteSchema.Migrations[0] + SqliteSchema.Migrations[1] + """
                INSERT INTO jobs (repo_name, repo_url, action, branch, after_sha, status, attempts, merged, delivery_ids, queued_at, output, forge, full_name)
                VALUES ('course', 'git@example.org:course.git', 'GET_LATEST', 'master', 'aaa', 'running', 0, 2, '["d-1"]', '2026-11-24T12:00:00.000Z', '', 'GitHub', 'mitodl/course'),
                       ('course', 'git@example.org:course.git', 'COURSE_IMPORT', 'master', 'bbb', 'succeeded', 1, 0, '[]', '2026-11-23T12:00:00.000Z', 'imported', NULL, NULL);
                PRAGMA user_version = 2;
                """;
            command.ExecuteNonQuery();
        }

        using var journal = Open();
        Ok(await journal.Join(Here, "test", default));

        var claimed = Assert.IsType<Claim.Claimed>(Ok(await journal.Next(Here, FollowUpPolicy.None, default)));
        Assert.Equal(("aaa", new ForgeRepo(Forge.GitHub, "mitodl/course")), (claimed.Request.After, claimed.Request.Source.IfNone(() => throw new Xunit.Sdk.XunitException("no source"))));
        var history = Ok(await journal.List(new JobQuery(Option<RepoName>.None, Option<JobStatus>.None, 10), default));
        Assert.Equal(["2 succeeded imported", "1 running 2"], history.Map(j => $"{j.Id} {j.Status.ToString().ToLowerInvariant()} {(j.Id.Value == 1 ? j.Merged.ToString(System.Globalization.CultureInfo.InvariantCulture) : j.Output)}").ToArray());
    }

    [Fact]
    public async Task A_journal_from_before_jobs_by_hand_named_no_commit_reads_their_empty_commit_as_none()
    {
        Directory.CreateDirectory(StateDir);
        using (var old = new SqliteConnection($"Data Source={File};Pooling=false"))
        {
            old.Open();
            using var command = old.CreateCommand();
            // The journal as it was just before the migration that made a job by hand name no commit.
            var before = Array.FindIndex(SqliteSchema.Migrations, m => m.Contains("after_sha_given", StringComparison.Ordinal));
            command.CommandText = string.Concat(SqliteSchema.Migrations[..before]) + $"""
                INSERT INTO jobs (repo_name, repo_url, action, branch, after_sha, status, merged, delivery_ids, queued_at, trigger, last_request_at)
                VALUES ('course', 'git@example.org:course.git', 'GET_LATEST', 'master', '', 'succeeded', 0, '[]', '2026-11-23T12:00:00.000Z', 'manual', '2026-11-23T12:00:00.000Z'),
                       ('course', 'git@example.org:course.git', 'GET_LATEST', 'master', 'ccc', 'succeeded', 0, '[]', '2026-11-24T12:00:00.000Z', 'push', '2026-11-24T12:00:00.000Z');
                PRAGMA user_version = {before};
                """;
            command.ExecuteNonQuery();
        }

        Seq<JobRecord> history;
        using (var journal = Open())
            history = Ok(await journal.List(new JobQuery(Option<RepoName>.None, Option<JobStatus>.None, 10), default));

        Assert.Equal(["2 ccc", "1 none"], history.Map(j => $"{j.Id} {j.Request.After.IfNone("none")}").ToArray());
        Assert.Equal(0L, Scalar("SELECT count(*) FROM jobs WHERE after_sha = ''"));
    }

    [Fact]
    public async Task A_new_job_reaches_the_disk_before_it_is_answered_and_a_merge_does_not_wait_for_it()
    {
        using var journal = Open();
        Ok(await journal.Join(Here, "test", default));

        var syncs = await Fsyncs(StateDir, async () => Ok(await journal.Offer(Prelude.Seq1(Offer()), default)));
        var mergeSyncs = await Fsyncs(StateDir, async () => Ok(await journal.Offer(Prelude.Seq1(Offer("bbb")), default)));

        Assert.True(syncs >= 1, $"a new job was answered after {syncs} fsyncs");
        Assert.Equal(0, mergeSyncs);
    }

    // Where an open file descriptor points; "" once it closed.
    private static string Target(string fd)
    {
        try
        {
            return System.IO.File.ResolveLinkTarget(fd, returnFinalTarget: false)?.FullName ?? "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    // fsync calls on files under folder while the action runs, counted with strace on this process
    // (other tests run in it at the same time, on files of their own).
    private static async Task<int> Fsyncs(string folder, Func<Task> action)
    {
        var log = Path.GetTempFileName();
        using var strace = Process.Start(new ProcessStartInfo("strace", ["-f", "-e", "trace=fsync,fdatasync", "-o", log, "-p", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            { RedirectStandardError = true })!;
        // strace says "attached" on stderr once it watches every thread.
        var attached = 0;
        while (attached == 0 && !strace.HasExited)
        {
            var line = await strace.StandardError.ReadLineAsync();
            if (line is null) break;
            if (line.Contains("attached", StringComparison.Ordinal)) attached++;
        }
        _ = strace.StandardError.ReadToEndAsync();
        await action();
        // SIGINT, not SIGKILL: strace then detaches and writes out what it buffered.
        using (var interrupt = Process.Start("kill", ["-INT", strace.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            await interrupt.WaitForExitAsync();
        await strace.WaitForExitAsync();
        var ours = Directory.EnumerateFileSystemEntries("/proc/self/fd")
            .Where(fd => Target(fd).StartsWith(folder, StringComparison.Ordinal))
            .Select(fd => Path.GetFileName(fd))
            .ToHashSet();
        var syncs = System.IO.File.ReadAllLines(log)
            // "fsync(23)", or "fsync(23 <unfinished ...>" when another traced thread's call came in between.
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"f(?:data)?sync\((\d+)[ )]"))
            .Count(m => m.Success && ours.Contains(m.Groups[1].Value));
        System.IO.File.Delete(log);
        return syncs;
    }
}
