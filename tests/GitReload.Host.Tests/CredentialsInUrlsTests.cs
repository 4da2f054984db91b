using GitReload.Tests.Shared;

namespace GitReload.Host.Tests;

/// <summary>An origin URL with a deploy token in it, through the real host: the import gets it, nobody who reads the service sees it.</summary>
public sealed class CredentialsInUrlsTests : IDisposable
{
    private const string Token = "ghp_deploy_S3cret";
    private const string Origin = $"https://deploy:{Token}@git.example.edu/org/course.git";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempGit git = new();

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task The_token_in_an_origin_url_reaches_the_import_and_no_answer_or_page()
    {
        var checkout = git.Clone("course");
        TempGit.Run(checkout, "remote", "set-url", "origin", Origin);
        var release = Path.Combine(git.Root, "release");
        var python = new StubPython(git.Root, waitForFile: release, say: $"Cloning {Origin} into the modulestore");
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, python));

        await host.Push("/", Some.PushTo("course"));
        await RunningHost.WaitFor(async () => (await host.Client.GetStringAsync("/queue")).Contains("running", StringComparison.Ordinal), Patience);
        var whileRunning = new[] { await host.Client.GetStringAsync("/queue"), await host.Client.GetStringAsync("/jobs"), await host.Client.GetStringAsync("/dashboard/jobs/1") };
        File.WriteAllText(release, "");
        await host.WaitUntilIdle(Patience);
        var finished = new[] { await host.Client.GetStringAsync("/jobs/1"), await host.Client.GetStringAsync("/jobs"), await host.Client.GetStringAsync("/dashboard/jobs/1"), await host.Client.GetStringAsync("/dashboard") };

        Assert.Contains($"argv manage.py lms --settings=devstack git_add_course {Origin} --directory_path", string.Join('\n', python.Lines()));
        Assert.All(whileRunning.Concat(finished), text => Assert.DoesNotContain(Token, text));
        Assert.Contains("\"repo_url\":\"https://***@git.example.edu/org/course.git\"", whileRunning[0]);
        Assert.Contains("\"repo_url\":\"https://***@git.example.edu/org/course.git\"", finished[0]);
        Assert.Contains("Cloning https://***@git.example.edu/org/course.git into the modulestore", finished[0]);
        Assert.Contains("<dt>Origin</dt><dd>https://***@git.example.edu/org/course.git</dd>", finished[2]);
    }
}
