using GitReload.AspNetCore.Journal;
using GitReload.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GitReload.AspNetCore.Tests;

public sealed class ConfigurationTests
{
    private static IConfiguration Section(Dictionary<string, string?> keys) =>
        new ConfigurationBuilder().AddInMemoryCollection(keys.Select(k => KeyValuePair.Create("GitReload:" + k.Key, k.Value))).Build().GetSection("GitReload");

    [Fact]
    public void Options_bind_from_configuration_under_the_gr_env_json_keys()
    {
        var configuration = Section(new()
        {
            ["REPODIR"] = "/srv/repos",
            ["STATE_DIR"] = "/srv/state",
            ["NUM_THREADS"] = "4",
            ["SUBPROCESS_TIMEOUT_MINUTES"] = "0.5",
            ["IMPORT_COMMAND:0"] = "tutor",
            ["IMPORT_COMMAND:1"] = "{repo_url}",
            ["REPO_SECRETS:course:0"] = "new",
            ["REPO_SECRETS:course:1"] = "old",
            ["ROUTES:0"] = "update",
            ["GITHUB_TOKEN"] = "ghp",
            ["NOTIFY_WEBHOOK_URL"] = "https://chat.example.edu/h",
        });
        var services = new ServiceCollection().AddGitReload(configuration).Services;
        var options = services.BuildServiceProvider().GetRequiredService<GitReloadOptions>();

        Assert.Equal(("/srv/repos", "/srv/state", 4, 0.5), (options.RepoDir, options.StateDir, options.NumThreads, options.SubprocessTimeoutMinutes));
        Assert.Equal(new[] { "tutor", "{repo_url}" }, options.ImportCommand);
        Assert.Equal(new[] { "new", "old" }, options.RepoSecrets["course"]);
        Assert.Equal(new[] { "update" }, options.Routes);
        Assert.Equal(("ghp", "https://chat.example.edu/h"), (options.GitHubToken, options.NotifyWebhookUrl));
    }

    [Fact]
    public void Options_that_cannot_work_stop_the_registration_with_every_problem()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddGitReload(o =>
        {
            o.NumThreads = 0;
            o.Routes = ["update", "deploy"];
        }));
        Assert.Contains("NUM_THREADS must be a positive whole number, got '0'", error.Message);
        Assert.Contains("ROUTES must list one or both of update, import, got [update, deploy]", error.Message);
    }

    [Fact]
    public void Without_a_journal_the_start_says_how_to_name_one()
    {
        using var services = new ServiceCollection().AddGitReload(o => o.RepoDir = "/srv/repos").Services.BuildServiceProvider();
        var error = Assert.Throws<JournalUnusableException>(() => services.GetRequiredService<JournalChoice>());
        Assert.Equal(
            "GitReload needs a job journal: set STATE_DIR (SQLite) or JOURNAL_URL (PostgreSQL), or call UseSqliteJournal / UsePostgresJournal on AddGitReload's builder",
            error.Message);
    }

    [Fact]
    public void A_journal_named_on_the_builder_needs_no_STATE_DIR()
    {
        using var services = new ServiceCollection().AddGitReload(o => o.RepoDir = "/srv/repos").UseSqliteJournal("/srv/journal").Services.BuildServiceProvider();
        Assert.Equal(new JournalChoice.Sqlite("/srv/journal"), services.GetRequiredService<JournalChoice>());
    }

    [Fact]
    public void Publishing_options_bind_from_the_gr_env_json_keys_and_reach_the_publishing()
    {
        var configuration = Section(new()
        {
            ["STATE_DIR"] = "/srv/state",
            ["PUBLISH:*"] = "atomic",
            ["PUBLISH:legacy"] = "in-place",
            ["PUBLISH_KEEP"] = "4",
            ["VERIFY_COMMAND:0"] = "./check",
            ["VERIFY_COMMAND:1"] = "{sha}",
        });
        var provider = new ServiceCollection().AddLogging().AddMetrics().AddGitReload(configuration).Services.BuildServiceProvider();
        var options = provider.GetRequiredService<GitReloadOptions>();

        Assert.Equal(("atomic", "in-place", 4), (options.Publish["*"], options.Publish["legacy"], options.PublishKeep));
        Assert.Equal(new[] { "./check", "{sha}" }, options.VerifyCommand);
        var publishing = provider.GetRequiredService<Application.Publishing.AtomicPublishing>();
        Assert.Equal(
            (Domain.Publishing.PublishMode.Atomic, Domain.Publishing.PublishMode.InPlace),
            (publishing.ModeOf((Domain.Hooks.RepoName)Domain.Hooks.RepoName.Parse("course")), publishing.ModeOf((Domain.Hooks.RepoName)Domain.Hooks.RepoName.Parse("legacy"))));
    }

    [Fact]
    public void Publishing_options_that_cannot_work_stop_the_registration_with_every_problem()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddGitReload(o =>
        {
            o.StateDir = "/srv/state";
            o.Publish = new() { ["course"] = "swap" };
            o.PublishKeep = 0;
            o.VerifyCommand = ["./check", ""];
        }));
        Assert.Contains("PUBLISH gives course 'swap'; the mode is in-place or atomic", error.Message);
        Assert.Contains("PUBLISH_KEEP must be a positive whole number, got '0'", error.Message);
        Assert.Contains("VERIFY_COMMAND must be a JSON array of non-empty strings", error.Message);
    }

    [Fact]
    public void Options_can_be_checked_before_registration_and_each_problem_names_its_key_and_that_it_was_set_in_code()
    {
        var options = new GitReloadOptions { StateDir = "/srv/state", NumThreads = 0, PublishKeep = 0 };
        Assert.Equal(
            [("NUM_THREADS", "GitReloadOptions"), ("PUBLISH_KEEP", "GitReloadOptions")],
            options.Problems().Map(p => (p.Key, p.Source)).OrderBy(p => p.Key).ToArray());
        Assert.Empty(new GitReloadOptions { StateDir = "/srv/state" }.Problems());
    }

    [Fact]
    public void A_value_that_does_not_convert_stops_the_registration_in_the_hosts_words_naming_its_section()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddGitReload(Section(new() { ["STATE_DIR"] = "/srv/state", ["NUM_THREADS"] = "many" })));
        Assert.StartsWith("GitReload cannot start: section GitReload: NUM_THREADS must be a positive whole number, got 'many'", error.Message);
    }

    [Fact]
    public async Task Unknown_keys_in_the_GitReload_section_are_logged_at_start_by_name_only()
    {
        using var git = new TempGit();
        var keys = AppWithGitReload.Keys(git);
        keys["REPO_DIR"] = "/a/value/that/is/never/logged";
        keys["LOG_LEVEL"] = "DEBUG";
        await using var app = await AppWithGitReload.Start(keys, a => a.MapGitReload("/hooks"));

        var warnings = app.Logs.Lines.Where(l => l.StartsWith("Warning:", StringComparison.Ordinal) && l.Contains("GitReload:", StringComparison.Ordinal)).ToArray();

        Assert.Equal(2, warnings.Length);
        Assert.Contains(warnings, w => w.Contains("REPO_DIR", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("LOG_LEVEL", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("/a/value/that/is/never/logged", StringComparison.Ordinal));
    }

    [Fact]
    public void AddGitReload_lengthens_the_shutdown_timeout_for_running_jobs_but_never_shortens_the_apps()
    {
        static TimeSpan Shutdown(Action<IServiceCollection> app)
        {
            var services = new ServiceCollection();
            app(services);
            services.AddGitReload(o => { o.StateDir = "/srv/state"; o.ShutdownGraceSeconds = 40; });
            return services.BuildServiceProvider().GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        }

        Assert.Equal(TimeSpan.FromSeconds(45), Shutdown(_ => { }));
        Assert.Equal(TimeSpan.FromMinutes(10), Shutdown(s => s.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(10))));
    }
}
