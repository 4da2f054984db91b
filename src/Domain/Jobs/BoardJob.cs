namespace GitReload.Domain.Jobs;

/// <summary>A job on the board: waiting, or running when <paramref name="Running"/>.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Request">The newest request merged into the job.</param>
/// <param name="Running">True once a worker has started it.</param>
/// <param name="Merged">How many later requests were merged into this one.</param>
public sealed record BoardJob(JobId Id, JobRequest Request, bool Running, int Merged);
