namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// The time limit of one git step that runs on a thread of its own: its token is cancelled when the
/// time is up or the caller cancels. A step still running a second past its limit is given up on
/// (<see cref="GiveUp"/>): the limit is then cancelled at once and kept until the step ends.
/// </summary>
/// <remarks>
/// Relies on: a limit's timer fires on the thread pool, which a busy machine may serve late, past the
/// moment the step is given up on. Disposing the limit then would stop its timer, and the step, with
/// the ssh it runs, would go on without any limit. Pinned by the tests that give up on a hanging ssh
/// with a clock that never fires (<c>LibGit2OriginListingTests</c>, <c>LibGit2CheckoutsSshTests</c>).
/// </remarks>
internal sealed class StepLimit : IDisposable
{
    private readonly CancellationTokenSource timer;
    private readonly CancellationTokenSource limit;

    public StepLimit(TimeSpan timeout, TimeProvider clock, CancellationToken caller)
    {
        timer = new CancellationTokenSource(timeout, clock);
        limit = CancellationTokenSource.CreateLinkedTokenSource(caller, timer.Token);
    }

    /// <summary>Cancelled when the time is up, when the caller cancels, or once the step is given up on.</summary>
    public CancellationToken Token => limit.Token;

    /// <summary>Cancels the step that is still running and lets the limit go once it has ended; the task that ends then.</summary>
    public Task GiveUp(Task step)
    {
        limit.Cancel();
        return step.ContinueWith(_ => Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public void Dispose()
    {
        limit.Dispose();
        timer.Dispose();
    }
}
