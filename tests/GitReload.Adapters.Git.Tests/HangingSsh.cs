namespace GitReload.Adapters.Git.Tests;

/// <summary>An "ssh" that connects to nothing and never answers, like a connection whose peer vanished.</summary>
internal static class HangingSsh
{
    /// <summary>Points the checkout's origin at it; the file it writes its pid to once it runs.</summary>
    public static string PointOriginAt(TempRepos repos)
    {
        var hanging = Path.Combine(repos.Root, "hanging-ssh.sh");
        var pidFile = Path.Combine(repos.Root, "hanging-ssh.pid");
        File.WriteAllText(hanging, $"#!/bin/sh\necho $$ > '{pidFile}'\nexec sleep 60\n");
        File.SetUnixFileMode(hanging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Git.Run(repos.Checkout, "config", "core.sshCommand", hanging);
        Git.Run(repos.Checkout, "remote", "set-url", "origin", $"ssh://git@127.0.0.1:9{repos.OriginPath}");
        return pidFile;
    }
}
