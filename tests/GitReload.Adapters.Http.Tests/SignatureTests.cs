using System.Security.Cryptography;
using System.Text;
using GitReload.Adapters.Http.Signatures;
using GitReload.Domain.Hooks;
using LanguageExt;
using Microsoft.AspNetCore.Http;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Http.Tests;

public class SignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("Hello, World!");
    private const string Secret = "It's a Secret to Everybody";

    private static bool Check(Forge forge, Dictionary<string, string> headers, params string[] secrets) =>
        Signature.IsValid(forge, new HeaderDictionary(headers.ToDictionary(h => h.Key, h => new Microsoft.Extensions.Primitives.StringValues(h.Value))), Body, toSeq(secrets));

    private static string Hmac256(string secret) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Body));

    [Fact]
    public void GitHub_s_published_test_vector_is_accepted() =>
        Assert.True(Check(Forge.GitHub, new() { ["X-Hub-Signature-256"] = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17" }, Secret));

    [Theory]
    [InlineData("sha256=857107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1")]
    [InlineData("sha256=not-hex-at-all-not-hex-at-all-not-hex-at-all-not-hex-at-all-xxxx")]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("")]
    public void A_wrong_or_malformed_signature_is_refused(string header) =>
        Assert.False(Check(Forge.GitHub, new() { ["X-Hub-Signature-256"] = header }, Secret));

    [Fact]
    public void A_missing_signature_is_refused() => Assert.False(Check(Forge.GitHub, [], Secret));

    [Fact]
    public void The_legacy_sha1_header_counts_only_when_no_sha256_header_came()
    {
        var sha1 = "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Secret), Body));
        Assert.True(Check(Forge.GitHub, new() { ["X-Hub-Signature"] = sha1 }, Secret));
        Assert.False(Check(Forge.GitHub, new() { ["X-Hub-Signature"] = sha1, ["X-Hub-Signature-256"] = "sha256=00" }, Secret));
    }

    [Fact]
    public void Gitea_and_Forgejo_sign_with_bare_hex_sha256()
    {
        Assert.True(Check(Forge.Gitea, new() { ["X-Gitea-Signature"] = Hmac256(Secret) }, Secret));
        Assert.True(Check(Forge.Forgejo, new() { ["X-Forgejo-Signature"] = Hmac256(Secret) }, Secret));
        Assert.False(Check(Forge.Gitea, new() { ["X-Gitea-Signature"] = Hmac256("other") }, Secret));
    }

    [Fact]
    public void GitLab_sends_the_secret_itself_as_its_token()
    {
        Assert.True(Check(Forge.GitLab, new() { ["X-Gitlab-Token"] = Secret }, Secret));
        Assert.False(Check(Forge.GitLab, new() { ["X-Gitlab-Token"] = Secret + "x" }, Secret));
        Assert.False(Check(Forge.GitLab, new() { ["X-Gitlab-Token"] = "" }, Secret));
    }

    [Fact]
    public void Bitbucket_signs_sha256_in_X_Hub_Signature_and_never_sha1()
    {
        Assert.True(Check(Forge.Bitbucket, new() { ["X-Hub-Signature"] = "sha256=" + Hmac256(Secret) }, Secret));
        var sha1 = "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Secret), Body));
        Assert.False(Check(Forge.Bitbucket, new() { ["X-Hub-Signature"] = sha1 }, Secret));
    }

    [Fact]
    public void During_a_rotation_any_of_the_secrets_is_accepted()
    {
        var signedWithOld = new Dictionary<string, string> { ["X-Hub-Signature-256"] = "sha256=" + Hmac256("old") };
        Assert.True(Check(Forge.GitHub, signedWithOld, "new", "old"));
        Assert.False(Check(Forge.GitHub, signedWithOld, "new"));
    }
}

public class HookSecretsTests
{
    private static readonly HookSecrets Secrets = new(Some("shared"), new Dictionary<string, Seq<string>> { ["course"] = Seq("new", "old") });

    [Fact]
    public void A_repository_with_its_own_secrets_uses_them_instead_of_the_shared_one() =>
        Assert.Equal(new[] { "new", "old" }, Secrets.For(Some("course")).ToArray());

    [Fact]
    public void Other_repositories_and_deliveries_without_one_use_the_shared_secret()
    {
        Assert.Equal(new[] { "shared" }, Secrets.For(Some("grader")).ToArray());
        Assert.Equal(new[] { "shared" }, Secrets.For(None).ToArray());
    }

    [Fact]
    public void Without_secrets_nothing_needs_signing() => Assert.True(HookSecrets.None.For(Some("course")).IsEmpty);
}
