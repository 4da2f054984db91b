using System.Text.Json.Nodes;
using GitReload.Host.Configuration;
using GitReload.Tests.Shared;

namespace GitReload.Host.Tests;

internal static class Some
{
    /// <summary>Settings as the loader makes them from these environment values, on a free loopback port.</summary>
    public static GitReloadSettings Settings(string repoDir, StubPython python, int threads = 1, Dictionary<string, string?>? more = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["REPODIR"] = repoDir,
            ["VIRTUAL_ENV"] = python.VirtualEnv,
            ["EDX_PLATFORM"] = python.EdxPlatform,
            ["DJANGO_SETTINGS"] = "devstack",
            ["LMS_CFG"] = "/tmp/lms.yml",
            ["REVISION_CFG"] = "/tmp/revisions.yml",
            ["NUM_THREADS"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MAX_ATTEMPTS"] = "1",
            ["GIT_TIMEOUT_SECONDS"] = "30",
            ["STATE_DIR"] = Path.Combine(Path.GetDirectoryName(repoDir)!, "state"),
            ["SHUTDOWN_GRACE_SECONDS"] = "5",
        };
        foreach (var (key, value) in more ?? [])
            environment[key] = value;
        return SettingsLoader.Load(["--port", "0"], environment, repoDir, repoDir).Match(
            loaded => loaded.Settings,
            refusal => throw new InvalidOperationException(string.Join("; ", refusal.Problems)));
    }

    /// <summary>The fixture push to master, for the checkout <paramref name="repo"/>.</summary>
    public static string PushTo(string repo, string after = "6113728f27ae82c7b1a177c8d03f9e96e0adf246")
    {
        var json = JsonNode.Parse(Fixtures.PushToMaster)!.AsObject();
        json["repository"]!["name"] = repo;
        json["after"] = after;
        return json.ToJsonString();
    }
}
