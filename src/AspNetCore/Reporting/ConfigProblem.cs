namespace GitReload.AspNetCore.Reporting;

/// <summary>A configuration value that cannot work: its key, and one line that names the key and says why.</summary>
public sealed record ConfigProblem(string Key, string Message);
