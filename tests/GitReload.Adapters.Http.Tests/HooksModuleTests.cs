using GitReload.Domain.Jobs;
using GitReload.Domain.Hooks;
using GitReload.Adapters.Http.Hooks;
using System.Net;
using System.Text.Json.Nodes;
using GitReload.Tests.Shared;

namespace GitReload.Adapters.Http.Tests;

public sealed class HooksModuleTests : ServerOverClone
{
    private async Task<Answer> Post(string route, string? githubEvent, string body) =>
        await Answer.Of(await Server.Post(route, githubEvent, body));

    [Theory]
    [InlineData("/")]
    [InlineData("/gitreload")]
    public async Task A_push_to_the_checked_out_branch_queues_a_course_import(string route)
    {
        var answer = await Post(route, "push", Fixtures.PushToMaster);

        Assert.Equal((HttpStatusCode.OK, await Expected.Queued(JobAction.CourseImport, merged: false, 1)), (answer.Status, answer.Msg));
        var job = Assert.Single(Server.Queue.Snapshot());
        Assert.Equal(answer.JobId, job.Id.Value);
        Assert.Equal(Git.OriginOf(Some.Repo), job.Request.RepoUrl);
    }

    [Fact]
    public async Task A_push_on_the_update_route_queues_a_git_update()
    {
        var answer = await Post("/update", "push", Fixtures.PushToMaster);
        Assert.Equal((HttpStatusCode.OK, await Expected.Queued(JobAction.GetLatest, merged: false, 1)), (answer.Status, answer.Msg));
        Assert.NotNull(answer.JobId);
    }

    [Theory]
    [InlineData("/update", JobAction.GetLatest)]
    [InlineData("/", JobAction.CourseImport)]
    public async Task A_push_while_the_same_job_waits_is_merged_into_it(string route, JobAction action)
    {
        var message = await Expected.Queued(action, merged: true, 1);
        var first = await Post(route, "push", Fixtures.PushToMaster);
        var second = await Post(route, "push", Fixtures.PushToMaster);

        Assert.Equal((HttpStatusCode.OK, message, first.JobId), (second.Status, second.Msg, second.JobId));
    }

    [Fact]
    public async Task Queue_size_counts_the_jobs_of_every_checkout()
    {
        await Post("/update", "push", Fixtures.PushToMaster);
        var answer = await Post("/", "push", Fixtures.PushToMaster);
        Assert.Equal(await Expected.Queued(JobAction.CourseImport, merged: false, 2), answer.Msg);
    }

    [Fact]
    public async Task A_form_encoded_delivery_is_read_from_its_payload_field()
    {
        var answer = await Answer.Of(await Server.PostForm("/update", "push", Fixtures.PushToMaster));
        Assert.Equal(await Expected.Queued(JobAction.GetLatest, merged: false, 1), answer.Msg);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/octet-stream")]
    public async Task A_json_body_sent_with_another_content_type_is_read_as_json(string mediaType)
    {
        var answer = await Answer.Of(await Server.Post("/update", "push", Fixtures.PushToMaster, mediaType));
        Assert.Equal((HttpStatusCode.OK, await Expected.Queued(JobAction.GetLatest, merged: false, 1)), (answer.Status, answer.Msg));
    }

    [Fact]
    public async Task A_form_without_a_payload_field_is_a_bad_request()
    {
        var answer = await Answer.Of(await Server.Post("/update", "push", "other=1", "application/x-www-form-urlencoded"));
        Assert.Equal((HttpStatusCode.BadRequest, "Form body has no payload field"), (answer.Status, answer.Msg));
    }

    [Theory]
    [InlineData("ping-payload.json")]
    [InlineData("ping-with-organization.payload.json")]
    public async Task A_ping_is_answered_pong(string fixture)
    {
        var answer = await Post("/", "ping", Fixtures.GitHub(fixture));
        Assert.Equal((HttpStatusCode.OK, await Expected.Msg(new Decision.Pong())), (answer.Status, answer.Msg));
    }

    [Theory]
    [InlineData("issues")]
    [InlineData("pull_request")]
    [InlineData(null)]
    public async Task An_event_other_than_push_is_not_handled(string? githubEvent)
    {
        var answer = await Post("/", githubEvent, Fixtures.PushToMaster);
        Assert.Equal((HttpStatusCode.OK, await Expected.Msg(new Decision.IgnoredEvent())), (answer.Status, answer.Msg));
        Assert.Empty(Server.Queue.Snapshot());
    }

    [Fact]
    public async Task The_event_header_name_is_case_insensitive()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/update") { Content = new StringContent(Fixtures.PushToMaster) };
        request.Headers.Add("x-github-event", "push");
        var answer = await Answer.Of(await Server.Client.SendAsync(request));
        Assert.Equal(await Expected.Queued(JobAction.GetLatest, merged: false, 1), answer.Msg);
    }

    [Theory]
    [InlineData("{not json", "Body is not valid JSON")]
    [InlineData("", "Body is not valid JSON")]
    [InlineData("[1, 2]", "Payload is not a JSON object")]
    [InlineData("{\"ref\": \"refs/heads/master\"}", "Payload has no repository.name")]
    [InlineData("{\"ref\": \"refs/heads/master\", \"repository\": {\"name\": 7}}", "Payload has no repository.name")]
    [InlineData("{\"ref\": \"refs/heads/master\", \"repository\": \"Hello-World\"}", "Payload has no repository.name")]
    [InlineData("{\"repository\": {\"name\": \"Hello-World\"}}", "Payload has no ref")]
    [InlineData("{\"repository\": {\"name\": \"Hello-World\"}, \"ref\": null}", "Payload has no ref")]
    public async Task A_push_body_that_cannot_be_read_is_a_bad_request_saying_what_is_missing(string body, string message)
    {
        var answer = await Post("/update", "push", body);
        Assert.Equal((HttpStatusCode.BadRequest, message), (answer.Status, answer.Msg));
    }

    [Fact]
    public async Task Deeply_nested_json_is_a_bad_request()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        var answer = await Post("/update", "push", deep);
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Theory]
    [InlineData("../Hello-World")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("")]
    [InlineData("Hello\u0000World")]
    public async Task A_repository_name_that_is_not_one_folder_name_is_refused(string name)
    {
        var answer = await Post("/update", "push", Some.PushNamed(name));
        Assert.Equal((HttpStatusCode.BadRequest, "Repository name not valid"), (answer.Status, answer.Msg));
        Assert.Empty(Server.Queue.Snapshot());
    }

    [Theory]
    [InlineData("", "\"\"")]
    [InlineData(" course", "\" course\"")]
    [InlineData("my course", "\"my course\"")]
    [InlineData("bell\u0007", "\"bell?\"")]
    [InlineData("\u202Egood", "\"?good\"")]
    [InlineData("a\u2028b", "\"a?b\"")]
    [InlineData("a\U000E0041b", "\"a?b\"")]
    [InlineData("course", "course")]
    public async Task A_repository_name_that_would_read_wrongly_in_the_log_line_is_quoted(string name, string logged)
    {
        await Server.Send("/update", Some.PushNamed(name), ("X-GitHub-Event", "push"), ("X-GitHub-Delivery", "quoted-1"));

        Assert.StartsWith($"Warning: Delivery quoted-1 from GitHub for {logged} rejected: ", Assert.Single(Server.Logs.Lines, l => l.Contains("quoted-1")));
    }

    [Fact]
    public async Task A_long_repository_name_is_cut_short_in_the_log_line_and_says_so()
    {
        await Server.Send("/update", Some.PushNamed(new string('a', 150)), ("X-GitHub-Event", "push"), ("X-GitHub-Delivery", "quoted-2"));

        Assert.StartsWith($"Warning: Delivery quoted-2 from GitHub for \"{new string('a', 100)}…\" rejected: ", Assert.Single(Server.Logs.Lines, l => l.Contains("quoted-2")));
    }

    [Fact]
    public async Task A_repository_that_is_not_cloned_here_is_not_valid()
    {
        var answer = await Post("/update", "push", Some.PushNamed("not-cloned"));
        Assert.Equal((HttpStatusCode.InternalServerError, await Expected.Msg(new Decision.ServerProblem(CheckoutProblem.NotACheckout))), (answer.Status, answer.Msg));
    }

    [Fact]
    public async Task A_checkout_owned_by_another_user_is_not_valid_and_the_log_says_whose_it_is_and_what_to_do()
    {
        TempGit.Chown(Git.CheckoutOf(Some.Repo), 65534);

        var answer = await Post("/update", "push", Fixtures.PushToMaster);

        Assert.Equal((HttpStatusCode.InternalServerError, await Expected.Msg(new Decision.ServerProblem(CheckoutProblem.NotACheckout))), (answer.Status, answer.Msg));
        var line = Assert.Single(Server.Logs.Lines, l => l.Contains("rejected", StringComparison.Ordinal));
        Assert.Contains("the folder of that name in REPODIR is owned by uid 65534, not by uid 0 that GitReload runs as, so git refuses it", line);
        Assert.Contains("chown", line);
        Assert.Contains("safe.directory is not enough", line);
    }

    [Fact]
    public async Task A_checkout_whose_git_folder_git_cannot_open_is_not_valid_and_the_log_says_to_clone_it_again()
    {
        var git = Path.Combine(Git.CheckoutOf(Some.Repo), ".git");
        foreach (var entry in Directory.EnumerateFileSystemEntries(git))
        {
            if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
            else File.Delete(entry);
        }

        var answer = await Post("/update", "push", Fixtures.PushToMaster);

        Assert.Equal((HttpStatusCode.InternalServerError, await Expected.Msg(new Decision.ServerProblem(CheckoutProblem.NotACheckout))), (answer.Status, answer.Msg));
        var line = Assert.Single(Server.Logs.Lines, l => l.Contains("rejected", StringComparison.Ordinal));
        Assert.EndsWith("this host cannot act on the checkout: the folder of that name in REPODIR has a .git that git cannot open as a repository; clone it again", line);
    }

    [Fact]
    public async Task A_checkout_folder_linked_outside_repodir_is_not_valid_and_the_log_says_where_it_leads_not_that_nothing_is_there()
    {
        var checkout = Git.CheckoutOf(Some.Repo);
        var elsewhere = Path.Combine(Path.GetDirectoryName(Git.RepoDir)!, "elsewhere");
        Directory.Move(checkout, elsewhere);
        Directory.CreateSymbolicLink(checkout, elsewhere);

        var answer = await Post("/update", "push", Fixtures.PushToMaster);

        Assert.Equal((HttpStatusCode.InternalServerError, await Expected.Msg(new Decision.ServerProblem(CheckoutProblem.NotACheckout))), (answer.Status, answer.Msg));
        var line = Assert.Single(Server.Logs.Lines, l => l.Contains("rejected", StringComparison.Ordinal));
        Assert.Contains($"the folder of that name in REPODIR is a symbolic link to {elsewhere}, outside REPODIR, which GitReload refuses", line);
        Assert.DoesNotContain("there is no git checkout of that name", line);
    }

    [Fact]
    public async Task A_checkout_on_a_detached_head_has_no_current_branch()
    {
        TempGit.Run(Git.CheckoutOf(Some.Repo), "checkout", "--quiet", "--detach", "HEAD");
        var answer = await Post("/update", "push", Fixtures.PushToMaster);
        Assert.Equal((HttpStatusCode.InternalServerError, await Expected.Msg(new Decision.ServerProblem(CheckoutProblem.DetachedHead))), (answer.Status, answer.Msg));
    }

    [Fact]
    public async Task A_missing_REPODIR_is_a_server_configuration_issue()
    {
        await using var elsewhere = await HookServer.Start(Path.Combine(Git.Root, "no-such-folder"));
        var answer = await Answer.Of(await elsewhere.Post("/update", "push", Fixtures.PushToMaster));
        Assert.Equal((HttpStatusCode.InternalServerError, await Expected.Msg(new Decision.ServerProblem(CheckoutProblem.RepoDirMissing))), (answer.Status, answer.Msg));
    }

    [Theory]
    [InlineData("push-payload.json")]
    [InlineData("push-1.payload.json")]
    [InlineData("push-with-organization.payload.json")]
    [InlineData("push-with-installation.payload.json")]
    public async Task A_pushed_tag_is_not_the_checked_out_branch(string fixture)
    {
        var answer = await Post("/update", "push", Fixtures.GitHub(fixture));
        Assert.Equal((HttpStatusCode.OK, await Expected.Msg(new Decision.BranchMismatch("refs/heads/devel", "master"))), (answer.Status, answer.Msg));
    }

    [Fact]
    public async Task A_push_to_another_branch_is_ignored()
    {
        var answer = await Post("/update", "push", Some.PushToMaster(j => j["ref"] = "refs/heads/devel"));
        Assert.Equal((HttpStatusCode.OK, await Expected.Msg(new Decision.BranchMismatch("refs/heads/devel", "master"))), (answer.Status, answer.Msg));
        Assert.Empty(Server.Queue.Snapshot());
    }

    [Fact]
    public async Task An_apostrophe_in_an_answer_is_written_as_it_is()
    {
        // The original tool's answers hold apostrophes ("doesn't"), which a default JSON writer escapes as \u0027.
        var response = await Server.Post("/update", "push", Some.PushToMaster(j => j["ref"] = "refs/heads/devel"));
        var message = await Expected.Msg(new Decision.BranchMismatch("refs/heads/devel", "master"));

        Assert.True(message.Contains('\''), $"this test needs an answer holding an apostrophe, and '{message}' has none: use another answer of HookAnswers that has one");
        Assert.Equal($$"""{"msg":"{{message}}"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(true, "6113728f27ae82c7b1a177c8d03f9e96e0adf246")]
    [InlineData(false, "0000000000000000000000000000000000000000")]
    public async Task Deleting_the_checked_out_branch_is_ignored(bool deleted, string after)
    {
        var answer = await Post("/update", "push", Some.PushToMaster(j => { j["deleted"] = deleted; j["after"] = after; }));
        Assert.Equal((HttpStatusCode.OK, await Expected.Msg(new Decision.BranchDeleted("master"))), (answer.Status, answer.Msg));
        Assert.Empty(Server.Queue.Snapshot());
    }

    [Fact]
    public async Task Creating_the_checked_out_branch_is_an_ordinary_push()
    {
        var answer = await Post("/update", "push", Fixtures.GitHub("push-with-new-branch.payload.json"));
        Assert.Equal(await Expected.Queued(JobAction.GetLatest, merged: false, 1), answer.Msg);
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("PUT", "/")]
    [InlineData("DELETE", "/gitreload")]
    [InlineData("HEAD", "/update")]
    [InlineData("GET", "/update")]
    public async Task Methods_other_than_post_are_not_allowed_on_hook_routes(string method, string route)
    {
        var response = await Server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), route));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_and_queues_nothing()
    {
        await using var small = await HookServer.Start(Git.RepoDir, maxPayloadBytes: 1024);
        var response = await small.Post("/update", "push", Some.PushToMaster(j => j["padding"] = new string('x', 2000)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(small.Queue.Snapshot());
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_refused_with_413()
    {
        await using var small = await HookServer.Start(Git.RepoDir, maxPayloadBytes: 1024);
        var content = new StreamContent(new MemoryStream(new byte[4096]));
        content.Headers.ContentLength = null;
        var request = new HttpRequestMessage(HttpMethod.Post, "/update") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-GitHub-Event", "push");
        var response = await small.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
