namespace GitReload.Domain.Hooks;

/// <summary>A pushed ref: a branch, a tag, or anything else a forge may send.</summary>
public abstract record GitRef
{
    private GitRef() { }

    /// <summary><c>refs/heads/&lt;Name&gt;</c>.</summary>
    public sealed record Branch(string Name) : GitRef;

    /// <summary><c>refs/tags/&lt;Name&gt;</c>.</summary>
    public sealed record Tag(string Name) : GitRef;

    /// <summary>Any other ref, kept whole (notes, pull-request refs...).</summary>
    public sealed record Other(string FullName) : GitRef;

    private const string Heads = "refs/heads/";
    private const string Tags = "refs/tags/";

    /// <summary>Reads a full ref name as forges send it in <c>ref</c>.</summary>
    public static GitRef Parse(string fullName) => fullName switch
    {
        _ when fullName.StartsWith(Heads, StringComparison.Ordinal) && fullName.Length > Heads.Length
            => new Branch(fullName[Heads.Length..]),
        _ when fullName.StartsWith(Tags, StringComparison.Ordinal) && fullName.Length > Tags.Length
            => new Tag(fullName[Tags.Length..]),
        _ => new Other(fullName),
    };

    /// <summary>True when this ref is the branch <paramref name="branchName"/>.</summary>
    public bool IsBranch(string branchName) => this is Branch b && b.Name == branchName;

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Branch, T> branch, Func<Tag, T> tag, Func<Other, T> other) => this switch
    {
        Branch b => branch(b),
        Tag t => tag(t),
        Other o => other(o),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
