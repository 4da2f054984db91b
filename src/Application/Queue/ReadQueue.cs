using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Queue;

/// <summary>Reads the jobs waiting or running, oldest first, as <c>GET /queue</c> shows them.</summary>
public sealed class ReadQueue(IJobQueue queue)
{
    /// <summary>The jobs waiting or running, oldest first.</summary>
    public Seq<BoardJob> Handle() => queue.Snapshot();
}
