namespace GitReload.Domain.Checkouts;

/// <summary>How a commit's SHA is shown to people.</summary>
public static class Sha
{
    /// <summary>The first seven characters, as git abbreviates; a shorter text as it is.</summary>
    public static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;
}
