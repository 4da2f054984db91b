namespace GitReload.Adapters.Journal;

/// <summary>A checkout's board changed since this journal wrote it: what was decided on it is rolled back and decided again on a fresh read.</summary>
public sealed class StaleBoard(string repo) : Exception($"the board of {repo} changed since this host wrote it");
