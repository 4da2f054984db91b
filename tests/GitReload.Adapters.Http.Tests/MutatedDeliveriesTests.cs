using System.Net;
using System.Security.Cryptography;
using System.Text;
using GitReload.Adapters.Http.Signatures;
using GitReload.Domain.Hooks;
using CsCheck;

namespace GitReload.Adapters.Http.Tests;

/// <summary>
/// The real server, with a secret, under a few thousand broken deliveries each correctly signed for
/// every forge: only documented answers, never a refused signature, and it keeps answering.
/// </summary>
public sealed class MutatedDeliveriesTests(ForgeCheckouts checkouts) : IClassFixture<ForgeCheckouts>, IAsyncLifetime
{
    // The 500 answers HookAnswers gives, one per checkout problem.
    private readonly HashSet<string> documentedServerErrors = [];

    private HookServer server = null!;

    private const string Secret = "fuzz-secret";

    public async Task InitializeAsync()
    {
        foreach (var problem in Enum.GetValues<CheckoutProblem>())
            documentedServerErrors.Add(await Expected.Msg(new Decision.ServerProblem(problem)));
        server = await HookServer.Start(checkouts.Git.RepoDir, new HttpSettings(HttpSettings.GitHubMaxPayloadBytes, new HookSecrets(Secret, new Dictionary<string, LanguageExt.Seq<string>>())));
    }

    private static Dictionary<string, string> Signed(Dictionary<string, string> headers, byte[] body)
    {
        var hex = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));
        headers["X-Hub-Signature-256"] = "sha256=" + hex;
        headers["X-Hub-Signature"] = "sha256=" + hex;
        headers["X-Gitea-Signature"] = hex;
        headers["X-Forgejo-Signature"] = hex;
        headers["X-Gitlab-Token"] = Secret;
        return headers;
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static Gen<(Dictionary<string, string> Headers, byte[] Body)> Mutated =>
        Gen.Int[0, Hostile.Deliveries.Length - 1].SelectMany(i =>
        {
            var (_, headers, text) = Hostile.Deliveries[i];
            var body = Hostile.Utf8(text);
            return Gen.OneOf(Hostile.Damaged(body), Hostile.OneFieldSwapped(text).Select(Hostile.Utf8)).Select(b => (headers(), b));
        });

    [Fact]
    public async Task Broken_deliveries_get_only_documented_answers_and_the_server_keeps_answering()
    {
        await Mutated.SampleAsync(async (headers, body) =>
        {
            var response = await server.Send("/update", Signed(headers, body), body);
            var answer = await Answer.Of(response);
            Assert.True(
                (int)answer.Status < 500 || (answer.Status == HttpStatusCode.InternalServerError && documentedServerErrors.Contains(answer.Msg!)),
                $"{(int)answer.Status} {answer.Msg}");
            Assert.NotEqual(HttpStatusCode.Unauthorized, answer.Status);
        }, iter: 3_000, threads: 2);

        var queue = await server.Client.GetAsync("/queue");
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
    }
}
