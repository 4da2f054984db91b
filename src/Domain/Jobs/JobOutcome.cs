using LanguageExt;

namespace GitReload.Domain.Jobs;

/// <summary>How a job ended.</summary>
public abstract record JobOutcome
{
    private JobOutcome() { }

    /// <summary>The job did its work; the SHAs are the checkout's HEAD before and after, when known.</summary>
    public sealed record Succeeded(Option<string> ShaBefore, Option<string> ShaAfter, string Output, int Attempts) : JobOutcome;

    /// <summary>The job could not do its work, after <paramref name="Attempts"/> tries; the failure says why.</summary>
    public sealed record Failed(JobFailure Failure, int Attempts) : JobOutcome
    {
        /// <summary>The checkout's HEAD (for one published atomically, the published commit) before the job tried, when known.</summary>
        public Option<string> ShaBefore { get; init; }

        /// <summary>The checkout's HEAD after the failed try: what readers still see, when known.</summary>
        public Option<string> ShaAfter { get; init; }
    }

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Succeeded, T> succeeded, Func<Failed, T> failed) => this switch
    {
        Succeeded s => succeeded(s),
        Failed f => failed(f),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
