using System.Text.Json.Nodes;
using GitReload.Host.Configuration;
using GitReload.Tests.Shared;
using LanguageExt;
using Serilog.Events;

namespace GitReload.Host.Tests;

internal static class Some
{
    /// <summary>Settings for a host on <paramref name="repoDir"/>, its journal in a <c>state</c> folder beside it.</summary>
    public static GitReloadSettings Settings(string repoDir, StubPython python, int threads = 1) => new(
        Host: "127.0.0.1",
        Port: 0,
        RepoDir: repoDir,
        VirtualEnv: python.VirtualEnv,
        EdxPlatform: python.EdxPlatform,
        DjangoSettings: "devstack",
        LmsCfg: "/tmp/lms.yml",
        RevisionCfg: "/tmp/revisions.yml",
        ImportTimeout: TimeSpan.FromMinutes(1),
        NumThreads: threads,
        LogLevel: LogEventLevel.Warning,
        LogFilePath: Option<string>.None,
        ImportCommand: Option<Seq<string>>.None,
        MaxPayloadBytes: 25 * 1024 * 1024,
        StateDir: Path.Combine(Path.GetDirectoryName(repoDir)!, "state"),
        MaxFinishedJobsPerRepo: 1000,
        ShutdownGrace: TimeSpan.FromSeconds(5));

    /// <summary>The fixture push to master, for the checkout <paramref name="repo"/>.</summary>
    public static string PushTo(string repo, string after = "6113728f27ae82c7b1a177c8d03f9e96e0adf246")
    {
        var json = JsonNode.Parse(Fixtures.PushToMaster)!.AsObject();
        json["repository"]!["name"] = repo;
        json["after"] = after;
        return json.ToJsonString();
    }
}
