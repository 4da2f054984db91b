namespace GitReload.AspNetCore.Configuration;

/// <summary>A configuration value that cannot work: its key, the source that gave it, and one line that names the key and says why.</summary>
public sealed record ConfigProblem(string Key, string Source, string Message)
{
    /// <summary>The line shown: <c>source: message</c>.</summary>
    public override string ToString() => $"{Source}: {Message}";
}
