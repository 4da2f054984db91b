using GitReload.Domain.Jobs;
using GitReload.Domain.Hooks;
using GitReload.Adapters.Http.Hooks;
using System.Net;
using System.Text;
using GitReload.Tests.Shared;

namespace GitReload.Adapters.Http.Tests;

/// <summary>Each forge's delivery through the real pipeline, against checkouts named and branched as its payload says.</summary>
public sealed class ForgesThroughHttpTests(ForgeCheckouts checkouts) : IClassFixture<ForgeCheckouts>, IAsyncLifetime
{
    private HookServer server = null!;

    public async Task InitializeAsync() => server = await HookServer.Start(checkouts.Git.RepoDir);

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<Answer> Post(Dictionary<string, string> headers, string body) =>
        await Answer.Of(await server.Send("/update", headers, Encoding.UTF8.GetBytes(body)));

    [Fact]
    public async Task A_GitLab_push_to_the_checked_out_branch_queues_an_update_of_the_project_slug()
    {
        var answer = await Post(ForgeHeaders.GitLab("Push Hook"), Payloads.Text(Payloads.GitLabPush));

        Assert.Equal((HttpStatusCode.OK, await Expected.Queued(JobAction.GetLatest, merged: false, 1)), (answer.Status, answer.Msg));
        var job = Assert.Single(server.Queue.Snapshot()).Request;
        Assert.Equal(("diaspora", "master", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7"), (job.Repo.Value, job.Branch, job.After.IfNone("")));
    }

    [Fact]
    public async Task A_GitLab_tag_push_is_not_the_checked_out_branch()
    {
        var answer = await Post(ForgeHeaders.GitLab("Tag Push Hook"), Payloads.Text(Payloads.GitLabTagPush));

        Assert.Equal((HttpStatusCode.OK, await Expected.Msg(new Decision.BranchMismatch("refs/heads/devel", "master"))), (answer.Status, answer.Msg));
        Assert.Empty(server.Queue.Snapshot());
    }

    [Fact]
    public async Task A_GitLab_system_hook_is_not_handled()
    {
        var answer = await Post(ForgeHeaders.GitLab("System Hook"), Payloads.Text(Payloads.GitLabPush));
        Assert.Equal((HttpStatusCode.OK, await Expected.Msg(new Decision.IgnoredEvent())), (answer.Status, answer.Msg));
    }

    [Fact]
    public async Task A_Bitbucket_push_whose_second_change_is_the_checked_out_branch_is_queued()
    {
        var answer = await Post(ForgeHeaders.Bitbucket("repo:push"), Payloads.Text(Payloads.BitbucketTwoChanges));

        Assert.Equal((HttpStatusCode.OK, await Expected.Queued(JobAction.GetLatest, merged: false, 1)), (answer.Status, answer.Msg));
        var job = Assert.Single(server.Queue.Snapshot()).Request;
        Assert.Equal(("jenkins-jobs", "master", "2d4e6f8a0c2daf86d429c22f6a8c34d8a6ab9777"), (job.Repo.Value, job.Branch, job.After.IfNone("")));
    }

    [Fact]
    public async Task A_Bitbucket_deletion_of_the_checked_out_branch_is_ignored()
    {
        var answer = await Post(ForgeHeaders.Bitbucket("repo:push"), Payloads.Text(Payloads.BitbucketBranchDeleted));

        Assert.Equal((HttpStatusCode.OK, await Expected.Msg(new Decision.BranchDeleted("master"))), (answer.Status, answer.Msg));
        Assert.Empty(server.Queue.Snapshot());
    }

    [Fact]
    public async Task A_GitLab_deletion_of_the_checked_out_branch_is_ignored()
    {
        var body = Read.Changed(Payloads.GitLabPush, j => { j["after"] = Domain.Hooks.RefUpdate.ZeroSha; j["checkout_sha"] = null; });
        var answer = await Post(ForgeHeaders.GitLab("Push Hook"), body);
        Assert.Equal((HttpStatusCode.OK, await Expected.Msg(new Decision.BranchDeleted("master"))), (answer.Status, answer.Msg));
    }

    [Fact]
    public async Task A_Gitea_push_to_the_checked_out_branch_is_queued()
    {
        var answer = await Post(ForgeHeaders.Gitea("push"), Payloads.Text(Payloads.GiteaPush));

        Assert.Equal((HttpStatusCode.OK, await Expected.Queued(JobAction.GetLatest, merged: false, 1)), (answer.Status, answer.Msg));
        var job = Assert.Single(server.Queue.Snapshot()).Request;
        Assert.Equal(("webhooks", "develop"), (job.Repo.Value, job.Branch));
    }

    [Fact]
    public async Task A_Forgejo_push_to_the_checked_out_branch_is_queued()
    {
        var answer = await Post(ForgeHeaders.Forgejo("push"), Payloads.Text(Payloads.ForgejoPush));

        Assert.Equal((HttpStatusCode.OK, await Expected.Queued(JobAction.GetLatest, merged: false, 1)), (answer.Status, answer.Msg));
        var job = Assert.Single(server.Queue.Snapshot()).Request;
        Assert.Equal(("course-demo", "main"), (job.Repo.Value, job.Branch));
    }

    public static TheoryData<string, string> Forges => new()
    {
        { "GitHub", "" },
        { "Gitea", Payloads.GiteaPush },
        { "Forgejo", Payloads.ForgejoPush },
        { "GitLab", Payloads.GitLabPush },
        { "Bitbucket", Payloads.BitbucketTwoChanges },
    };

    [Theory]
    [MemberData(nameof(Forges))]
    public async Task A_redelivery_of_an_accepted_delivery_queues_nothing(string forge, string payload)
    {
        var (headers, body) = Delivery(forge, payload, id: "redelivered-" + forge);

        var first = await Post(headers, body);
        var again = await Post(headers, body);

        Assert.Equal((HttpStatusCode.OK, await Expected.AlreadyReceived(), first.JobId), (again.Status, again.Msg, again.JobId));
        Assert.Single(server.Queue.Snapshot());
    }

    [Theory]
    [MemberData(nameof(Forges))]
    public async Task Another_delivery_id_of_the_same_push_is_merged_not_taken_for_a_redelivery(string forge, string payload)
    {
        var (headers, body) = Delivery(forge, payload, id: "first");
        await Post(headers, body);
        var (otherHeaders, _) = Delivery(forge, payload, id: "second");

        var answer = await Post(otherHeaders, body);

        Assert.Equal(await Expected.Queued(JobAction.GetLatest, merged: true, 1), answer.Msg);
    }

    private static (Dictionary<string, string> Headers, string Body) Delivery(string forge, string payload, string id) => forge switch
    {
        "GitHub" => (ForgeHeaders.GitHub("push", id), Fixtures.PushToMaster),
        "Gitea" => (ForgeHeaders.Gitea("push", id), Payloads.Text(payload)),
        "Forgejo" => (ForgeHeaders.Forgejo("push", id), Payloads.Text(payload)),
        "GitLab" => (ForgeHeaders.GitLab("Push Hook", id), Payloads.Text(payload)),
        _ => (ForgeHeaders.Bitbucket("repo:push", id), Payloads.Text(payload)),
    };
}

/// <summary>The checkouts every forge payload names, cloned once: no test here changes them.</summary>
public sealed class ForgeCheckouts : IDisposable
{
    public ForgeCheckouts()
    {
        Git.Clone(Some.Repo);
        Git.Clone("diaspora");
        Git.Clone("example");
        Git.Clone("webhooks", branch: "develop");
        Git.Clone("course-demo", branch: "main");
        Git.Clone("jenkins-jobs");
    }

    internal TempGit Git { get; } = new();

    public void Dispose() => Git.Dispose();
}
