using BenchmarkDotNet.Attributes;
using GitReload.Adapters.Http.Hooks;
using GitReload.Domain.Hooks;
using Microsoft.AspNetCore.Http;

/// <summary>HookReader.Read per forge: header lookup plus JSON payload parsing.</summary>
public class ParsingBenchmarks
{
    private readonly HeaderDictionary github = new() { ["X-GitHub-Event"] = "push", ["X-GitHub-Delivery"] = "d1" };
    private readonly HeaderDictionary gitlab = new() { ["X-Gitlab-Event"] = "Push Hook", ["X-Gitlab-Event-UUID"] = "d1" };
    private readonly HeaderDictionary bitbucket = new() { ["X-Event-Key"] = "repo:push", ["X-Request-UUID"] = "d1" };
    private ReadOnlyMemory<byte> githubBody, gitlabBody, bitbucketBody;

    [GlobalSetup]
    public void Setup()
    {
        githubBody = Payloads.GitHub;
        gitlabBody = Payloads.GitLab;
        bitbucketBody = Payloads.Bitbucket;
    }

    [Benchmark(Baseline = true)]
    public Task<Delivery> GitHub() => HookReader.Read(github, "application/json", githubBody);

    [Benchmark]
    public Task<Delivery> GitLab() => HookReader.Read(gitlab, "application/json", gitlabBody);

    [Benchmark]
    public Task<Delivery> Bitbucket() => HookReader.Read(bitbucket, "application/json", bitbucketBody);
}
