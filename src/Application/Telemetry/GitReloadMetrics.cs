using System.Diagnostics.Metrics;
using GitReload.Application.Ports;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;

namespace GitReload.Application.Telemetry;

/// <summary>
/// GitReload's metrics, on the meter <see cref="MeterName"/>: hooks by forge and outcome, jobs by
/// action, status and trigger, job durations, the durations of an update's steps, queue depth and merged requests.
/// </summary>
public sealed class GitReloadMetrics
{
    /// <summary>The name to subscribe to (OpenTelemetry's <c>AddMeter</c>).</summary>
    public const string MeterName = "GitReload";

    private readonly Counter<long> hooks;
    private readonly Counter<long> jobs;
    private readonly Counter<long> merged;
    private readonly Histogram<double> durations;
    private readonly Histogram<double> steps;

    private int queueDepth;

    /// <summary>
    /// Runs before every count and duration is recorded (not the queue-depth gauge, which is read when
    /// collected). A host that builds its metrics export only when it is first needed (the gitreload
    /// host's <c>/metrics</c>) builds it here, so the first measurement already has a listener and no
    /// count is lost; after that it must be cheap. By default nothing.
    /// </summary>
    public Action Measuring { private get; init; } = () => { };

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/>.</summary>
    public GitReloadMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        hooks = meter.CreateCounter<long>("gitreload.hooks", "{delivery}", "Webhook deliveries by forge and outcome");
        jobs = meter.CreateCounter<long>("gitreload.jobs", "{job}", "Finished jobs by action, status and what started them (push, poll, manual, retry)");
        merged = meter.CreateCounter<long>("gitreload.merged_requests", "{request}", "Requests merged into a job that was already waiting");
        durations = meter.CreateHistogram<double>("gitreload.job.duration", "s", "How long jobs ran, by action and status");
        steps = meter.CreateHistogram<double>("gitreload.update.step.duration", "s", "How long each step of an update (fetch, reset, clean) ran");
        meter.CreateObservableGauge("gitreload.queue.depth", () => Volatile.Read(ref queueDepth), "{job}", "Jobs waiting or running, as last seen");
    }

    /// <summary>Notes how many jobs wait or run now (the gauge shows the last value noted).</summary>
    public void QueueDepth(int jobs) => Volatile.Write(ref queueDepth, jobs);

    /// <summary>Counts one delivery.</summary>
    public void Hook(Forge forge, string outcome)
    {
        Measuring();
        hooks.Add(1, new("forge", forge.ToString().ToLowerInvariant()), new("outcome", outcome));
    }

    /// <summary>Counts one request merged into a waiting job.</summary>
    public void Merged(JobAction action)
    {
        Measuring();
        merged.Add(1, new KeyValuePair<string, object?>("action", Name(action)));
    }

    /// <summary>Counts one finished job, by what started it, and its duration.</summary>
    public void Finished(JobAction action, JobTrigger trigger, JobOutcome outcome, TimeSpan duration)
    {
        Measuring();
        KeyValuePair<string, object?>[] tags = [new("action", Name(action)), new("status", outcome is JobOutcome.Succeeded ? "succeeded" : "failed")];
        jobs.Add(1, [.. tags, new("trigger", trigger.ToString().ToLowerInvariant())]);
        durations.Record(duration.TotalSeconds, tags);
    }

    /// <summary>Records how long one step of an update (<c>fetch</c>, <c>reset</c>, <c>clean</c>) ran.</summary>
    public void UpdateStep(string step, TimeSpan duration)
    {
        Measuring();
        steps.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("step", step));
    }

    private static string Name(JobAction action) => action switch { JobAction.CourseImport => "import", JobAction.Rollback => "rollback", _ => "update" };
}
