using GitReload.Application.Jobs;
using Microsoft.Extensions.Hosting;

namespace GitReload.AspNetCore.Journal;

/// <summary>
/// Opens the job journal and puts the jobs an earlier run left queued or running back on the queue,
/// before the workers start and before the server listens. A journal that cannot be used stops the
/// start with <see cref="JournalUnusableException"/>, whose message is the one line to show.
/// </summary>
public sealed class JournalStartup(JobScheduler scheduler) : IHostedService
{
    /// <summary>Opens the journal in <see cref="GitReloadOptions.StateDir"/>, or throws saying why it cannot be used.</summary>
    public static SqliteJobJournal Open(GitReloadOptions options, TimeProvider clock) =>
        SqliteJobJournal.Open(options.StateDir, clock, options.MaxFinishedJobsPerRepo)
            .Match(journal => journal, problem => throw new JournalUnusableException(problem));

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var resumed = await scheduler.Resume(cancellationToken);
        foreach (var error in resumed.LeftToSeq())
            throw new JournalUnusableException(error.Message);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The job journal cannot be opened, read or written; the message says which file and why.</summary>
public sealed class JournalUnusableException(string message) : Exception(message);
