using GitReload.Domain.Hooks;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Http.Tests;

public sealed class ForgePushTests
{
    private static HookEvent.Push Push(string name, string fullName, params RefUpdate[] updates) =>
        new(new PushEvent(name, toSeq(updates), Option<string>.Some(fullName)));

    [Fact]
    public void A_GitLab_push_names_the_folder_by_the_project_slug_not_its_display_name()
    {
        var delivery = Read.Delivery(ForgeHeaders.GitLab("Push Hook", "13792a34"), Payloads.Text(Payloads.GitLabPush));

        var expected = Push("diaspora", "mike/diaspora", new RefUpdate("refs/heads/master", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7", false));
        Assert.Equal(new Delivery(Forge.GitLab, "13792a34", expected), delivery);
    }

    [Fact]
    public void A_GitLab_tag_push_is_a_tag()
    {
        var delivery = Read.Delivery(ForgeHeaders.GitLab("Tag Push Hook"), Payloads.Text(Payloads.GitLabTagPush));

        var expected = Push("example", "jsmith/example", new RefUpdate("refs/tags/v1.0.0", "82b3d5ae55f7080f1e6022629cdb57bfae7cccc7", false));
        Assert.Equal(expected, delivery.Event);
    }

    [Fact]
    public void A_GitLab_tag_hook_that_names_a_branch_still_never_moves_that_branch()
    {
        var body = Read.Changed(Payloads.GitLabTagPush, j => j["ref"] = "refs/heads/master");

        var push = Assert.IsType<HookEvent.Push>(Read.Delivery(ForgeHeaders.GitLab("Tag Push Hook"), body).Event);
        Assert.IsType<GitRef.Tag>(GitRef.Parse(push.Event.Updates.Single().Ref));
    }

    [Fact]
    public void A_GitLab_branch_deletion_removes_the_ref()
    {
        var body = Read.Changed(Payloads.GitLabPush, j => { j["after"] = RefUpdate.ZeroSha; j["checkout_sha"] = null; j["commits"] = new System.Text.Json.Nodes.JsonArray(); });

        var push = Assert.IsType<HookEvent.Push>(Read.Delivery(ForgeHeaders.GitLab("Push Hook"), body).Event);
        Assert.Equal(new RefUpdate("refs/heads/master", RefUpdate.ZeroSha, true), push.Event.Updates.Single());
    }

    [Fact]
    public void A_GitLab_push_without_a_project_path_falls_back_to_the_old_repository_name()
    {
        var body = Read.Changed(Payloads.GitLabPush, j => j.Remove("project"));

        var push = Assert.IsType<HookEvent.Push>(Read.Delivery(ForgeHeaders.GitLab("Push Hook"), body).Event);
        Assert.Equal(("Diaspora", Option<string>.None), (push.Event.RepositoryName, push.Event.FullName));
    }

    [Theory]
    [InlineData("project", "repository", "Payload has no project.path_with_namespace")]
    [InlineData("ref", "ref", "Payload has no ref")]
    public void A_GitLab_push_without_its_fields_says_which_is_missing(string removed, string alsoRemoved, string reason)
    {
        var body = Read.Changed(Payloads.GitLabPush, j => { j.Remove(removed); j.Remove(alsoRemoved); });
        Assert.Equal(new HookEvent.Malformed(reason), Read.Delivery(ForgeHeaders.GitLab("Push Hook"), body).Event);
    }

    [Theory]
    [InlineData("System Hook")]
    [InlineData("Merge Request Hook")]
    [InlineData("push")]
    public void GitLab_events_other_than_project_pushes_are_not_handled(string eventName)
    {
        var delivery = Read.Delivery(ForgeHeaders.GitLab(eventName), Payloads.Text(Payloads.GitLabPush));
        Assert.Equal(new HookEvent.Unhandled(eventName), delivery.Event);
    }

    [Fact]
    public void A_Bitbucket_push_moves_one_ref_per_change_in_order()
    {
        var delivery = Read.Delivery(ForgeHeaders.Bitbucket("repo:push", "3f2c1b0a"), Payloads.Text(Payloads.BitbucketTwoChanges));

        var expected = Push("jenkins-jobs", "ntrs/jenkins-jobs",
            new RefUpdate("refs/heads/feature/retry", "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d", false),
            new RefUpdate("refs/heads/master", "2d4e6f8a0c2daf86d429c22f6a8c34d8a6ab9777", false));
        Assert.Equal(new Delivery(Forge.Bitbucket, "3f2c1b0a", expected), delivery);
    }

    [Fact]
    public void A_Bitbucket_branch_deletion_names_the_old_branch()
    {
        var delivery = Read.Delivery(ForgeHeaders.Bitbucket("repo:push"), Payloads.Text(Payloads.BitbucketBranchDeleted));
        Assert.Equal(Push("jenkins-jobs", "ntrs/jenkins-jobs", new RefUpdate("refs/heads/master", LanguageExt.Option<string>.None, true)), delivery.Event);
    }

    [Fact]
    public void A_Bitbucket_tag_is_a_tag()
    {
        var body = Read.Changed(Payloads.BitbucketTwoChanges, j => j["push"]!["changes"]![1]!["new"]!["type"] = "tag");

        var push = Assert.IsType<HookEvent.Push>(Read.Delivery(ForgeHeaders.Bitbucket("repo:push"), body).Event);
        Assert.Equal("refs/tags/master", push.Event.Updates[1].Ref);
    }

    [Fact]
    public void A_Bitbucket_push_without_a_full_name_falls_back_to_the_repository_name()
    {
        var body = Read.Changed(Payloads.BitbucketTwoChanges, j => j["repository"]!.AsObject().Remove("full_name"));

        var push = Assert.IsType<HookEvent.Push>(Read.Delivery(ForgeHeaders.Bitbucket("repo:push"), body).Event);
        Assert.Equal("Jenkins Jobs", push.Event.RepositoryName);
    }

    [Theory]
    [InlineData("{\"push\": {\"changes\": []}}", "Payload has no repository.full_name")]
    [InlineData("{\"repository\": {\"full_name\": \"a/b\"}}", "Payload has no push.changes")]
    [InlineData("{\"repository\": {\"full_name\": \"a/b\"}, \"push\": {\"changes\": []}}", "Payload has no push.changes")]
    [InlineData("{\"repository\": {\"full_name\": \"a/b\"}, \"push\": {\"changes\": [{\"new\": {\"type\": \"branch\"}}]}}", "Payload has a push.changes entry without new.name or old.name")]
    [InlineData("{\"repository\": {\"full_name\": \"a/b\"}, \"push\": {\"changes\": [{\"new\": null, \"old\": null}]}}", "Payload has a push.changes entry without new.name or old.name")]
    public void A_Bitbucket_push_without_its_fields_says_which_is_missing(string body, string reason)
    {
        Assert.Equal(new HookEvent.Malformed(reason), Read.Delivery(ForgeHeaders.Bitbucket("repo:push"), body).Event);
    }

    [Theory]
    [InlineData("repo:fork")]
    [InlineData("pullrequest:created")]
    [InlineData("repo:refs_changed")]
    public void Bitbucket_events_other_than_push_are_not_handled(string eventKey)
    {
        var delivery = Read.Delivery(ForgeHeaders.Bitbucket(eventKey), Payloads.Text(Payloads.BitbucketTwoChanges));
        Assert.Equal(new HookEvent.Unhandled(eventKey), delivery.Event);
    }

    [Fact]
    public void A_Gitea_push_is_read_as_Gitea_although_it_also_sends_GitHub_headers()
    {
        var delivery = Read.Delivery(ForgeHeaders.Gitea("push", "f6266f16"), Payloads.Text(Payloads.GiteaPush));

        var expected = Push("webhooks", "gitea/webhooks", new RefUpdate("refs/heads/develop", "bffeb74224043ba2feb48d137756c8a9331c449a", false));
        Assert.Equal(new Delivery(Forge.Gitea, "f6266f16", expected), delivery);
    }

    [Fact]
    public void A_Forgejo_push_is_read_as_Forgejo_although_it_also_sends_Gitea_headers()
    {
        var delivery = Read.Delivery(ForgeHeaders.Forgejo("push", "a1b2c3d4"), Payloads.Text(Payloads.ForgejoPush));

        var expected = Push("course-demo", "forgejo-demo/course-demo", new RefUpdate("refs/heads/main", "c2f0e1d4a3b6c5e8f7a0b9d2c1e4f3a6b5d8c7e0", false));
        Assert.Equal(new Delivery(Forge.Forgejo, "a1b2c3d4", expected), delivery);
    }

    // A missing, empty or non-string commit field is the forge naming no commit: the ref moves, the job carries none.
    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    [InlineData("not a string")]
    public void A_push_whose_forge_names_no_commit_carries_no_commit(string how)
    {
        void Spoil(System.Text.Json.Nodes.JsonObject holder, string field)
        {
            if (how == "missing")
                holder.Remove(field);
            else
                holder[field] = how == "empty" ? "" : 42;
        }

        var deliveries = new[]
        {
            Read.Delivery(ForgeHeaders.Gitea("push"), Read.Changed(Payloads.GiteaPush, j => Spoil(j, "after"))),
            Read.Delivery(ForgeHeaders.GitLab("Push Hook"), Read.Changed(Payloads.GitLabPush, j => Spoil(j, "after"))),
            Read.Delivery(ForgeHeaders.Bitbucket("repo:push"), Read.Changed(Payloads.BitbucketTwoChanges, j => Spoil(j["push"]!["changes"]![0]!["new"]!["target"]!.AsObject(), "hash"))),
        };

        Assert.All(deliveries, d =>
        {
            var update = Assert.IsType<HookEvent.Push>(d.Event).Event.Updates.Head;
            Assert.Equal((false, true), (update.RemovesRef, update.After.IsNone));
        });
    }

    [Fact]
    public void Only_GitHub_pings()
    {
        Assert.Equal(new HookEvent.Ping(), Read.Delivery(ForgeHeaders.GitHub("ping"), "{}").Event);
        Assert.Equal(new HookEvent.Unhandled("ping"), Read.Delivery(ForgeHeaders.Gitea("ping"), "{}").Event);
    }

    [Fact]
    public void A_delivery_without_any_forge_header_is_not_handled()
    {
        var delivery = Read.Delivery(new Dictionary<string, string>(), Payloads.Text(Payloads.GiteaPush));
        Assert.Equal(new Delivery(Forge.Unknown, Option<string>.None, new HookEvent.Unhandled("")), delivery);
    }
}
