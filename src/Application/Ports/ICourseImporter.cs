using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Ports;

/// <summary>Loads a course checkout into the Open edX LMS.</summary>
public interface ICourseImporter
{
    /// <summary>
    /// Runs the import for one checkout; the output is the tail of what the import printed. While it
    /// runs, <paramref name="outputSoFar"/> gets that tail now and then (at most once a second).
    /// </summary>
    Task<Either<JobFailure, ImportOutput>> Import(CourseImport import, Action<string> outputSoFar, CancellationToken cancellationToken);
}

/// <summary>The checkout to import and the URL the LMS should know it by (the checkout's own origin).</summary>
public sealed record CourseImport(RepoName Repo, string RepoUrl, string Branch);

/// <summary>The tail of what a successful import printed.</summary>
public sealed record ImportOutput(string Output);
