using System.Diagnostics;

namespace GitReload.Adapters.Git.Tests;

/// <summary>The git command line, with an identity and without the machine's own configuration.</summary>
internal static class Git
{
    public static string Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-c", $"init.defaultBranch={Some.Branch}" }.Concat(args)) start.ArgumentList.Add(arg);
        WithoutMachineConfig(start);
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEndAsync();
        var errors = git.StandardError.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode == 0
            ? output.Result.Trim()
            : throw new InvalidOperationException($"git {string.Join(' ', args)} failed in {workingDirectory}: {errors}");
    }

    /// <summary>What every git run by a test gets: an identity, and neither the user's nor the system's config.</summary>
    public static void WithoutMachineConfig(ProcessStartInfo start)
    {
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = "Test Author";
        start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = "author@example.com";
    }
}
