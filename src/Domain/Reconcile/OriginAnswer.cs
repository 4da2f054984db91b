using LanguageExt;

namespace GitReload.Domain.Reconcile;

/// <summary>What origin said when asked for its branches without fetching (what <c>git ls-remote</c> shows).</summary>
public abstract record OriginAnswer
{
    private OriginAnswer() { }

    /// <summary>Origin answered: each of its branches (<c>master</c>, not <c>refs/heads/master</c>) with its commit.</summary>
    public sealed record Branches(Map<string, string> Heads) : OriginAnswer
    {
        /// <summary>The commit of <paramref name="branch"/> on origin, if origin has that branch.</summary>
        public Option<string> Of(string branch) => Heads.Find(branch);
    }

    /// <summary>Origin could not be asked; <paramref name="Error"/> says why (the ssh or HTTP error).</summary>
    public sealed record Unreachable(string Error) : OriginAnswer;

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Branches, T> branches, Func<Unreachable, T> unreachable) => this switch
    {
        Branches b => branches(b),
        Unreachable u => unreachable(u),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
