using GitReload.Application.Ports;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Queue;

/// <summary>Reads the jobs waiting or running, oldest first, as <c>GET /queue</c> shows them.</summary>
public sealed class ReadQueue(IJobHistory history)
{
    /// <summary>The jobs waiting or running, oldest first.</summary>
    public Task<Either<Error, Seq<JobRecord>>> Handle(CancellationToken cancellationToken) => history.Open(cancellationToken);
}
