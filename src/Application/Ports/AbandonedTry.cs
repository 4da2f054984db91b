using GitReload.Domain.Fleet;

namespace GitReload.Application.Ports;

/// <summary>
/// A try of a target that ended without an outcome: its host stopped renewing the lease (killed,
/// or cut off from the journal) and another host took the target, its host restarted mid-job, or
/// it was cut off at shutdown. The target waits again; this keeps who had started it.
/// </summary>
/// <param name="Host">The host that ran the try.</param>
/// <param name="Attempts">The tries of the job's work that host had made (retries within the try).</param>
/// <param name="StartedAt">When that host started it.</param>
/// <param name="EndedAt">When the journal gave the target up on that host.</param>
/// <param name="Why">Why: the lease ran out, the host restarted, or it was cut off at shutdown.</param>
public sealed record AbandonedTry(HostId Host, int Attempts, DateTimeOffset StartedAt, DateTimeOffset EndedAt, string Why);
