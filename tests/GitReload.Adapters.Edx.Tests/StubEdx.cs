using GitReload.Adapters.Edx.Imports;
using LanguageExt;

namespace GitReload.Adapters.Edx.Tests;

/// <summary>
/// A temp folder with a VIRTUAL_ENV whose bin/python is a shell script, an EDX_PLATFORM, a
/// REPODIR and a folder where the script records what it saw ($REC).
/// </summary>
internal sealed class StubEdx : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("gitreload-edx-");

    public StubEdx()
    {
        Directory.CreateDirectory(Path.Combine(VirtualEnv, "bin"));
        Directory.CreateDirectory(EdxPlatform);
        Directory.CreateDirectory(RepoDir);
        Directory.CreateDirectory(Records);
    }

    public string VirtualEnv => Path.Combine(root.FullName, "venv");
    public string Python => Path.Combine(VirtualEnv, "bin", "python");
    public string EdxPlatform => Path.Combine(root.FullName, "edx-platform");
    public string RepoDir => Path.Combine(root.FullName, "repos");
    public string Checkout => Path.Combine(RepoDir, Some.Repo.Value);
    public string Records => Path.Combine(root.FullName, "records");

    public EdxImportSettings Settings(TimeSpan timeout) =>
        new(RepoDir, VirtualEnv, EdxPlatform, Some.DjangoSettings, Some.LmsCfg, Some.RevisionCfg, timeout, Option<Seq<string>>.None);

    public EdxImportSettings Settings(TimeSpan timeout, params string[] template) =>
        Settings(timeout) with { CommandTemplate = Option<Seq<string>>.Some(template.ToSeq()) };

    public void WritePython(string body)
    {
        File.WriteAllText(Python, $"#!/bin/sh\nREC='{Records}'\n{body}\n");
        File.SetUnixFileMode(Python, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string[] RecordedLines(string name) => File.ReadAllLines(Path.Combine(Records, name));

    public int RecordedPid(string name) => int.Parse(RecordedLines(name).Single());

    public void Dispose()
    {
        // A failed kill test must not leave a sleep behind.
        foreach (var pidFile in Directory.EnumerateFiles(Records, "*.pid"))
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && Processes.IsAlive(pid))
                Processes.KillQuietly(pid);
        root.Delete(recursive: true);
    }
}
