using BenchmarkDotNet.Attributes;
using GitReload.Adapters.Http.Signatures;
using GitReload.Domain.Hooks;
using LanguageExt;
using Microsoft.AspNetCore.Http;

/// <summary>Signature.IsValid over the GitHub push (about 8.7 KB): the HMAC-SHA256 every signed delivery pays.</summary>
public class SignatureBenchmarks
{
    private readonly Seq<string> one = Seq.create(Payloads.Secret);
    private readonly Seq<string> rotating = Seq.create("new-secret-not-used-yet", Payloads.Secret);
    private readonly HeaderDictionary signed = new();
    private readonly HeaderDictionary gitlab = new() { ["X-Gitlab-Token"] = Payloads.Secret };
    private byte[] body = [];

    [GlobalSetup]
    public void Setup()
    {
        body = Payloads.GitHub;
        signed["X-Hub-Signature-256"] = Payloads.Sha256Header(body);
    }

    [Benchmark(Baseline = true)]
    public bool GitHubSha256() => Signature.IsValid(Forge.GitHub, signed, body, one);

    [Benchmark]
    public bool GitHubSha256SecondOfTwoSecrets() => Signature.IsValid(Forge.GitHub, signed, body, rotating);

    [Benchmark]
    public bool GitLabToken() => Signature.IsValid(Forge.GitLab, gitlab, body, one);
}
