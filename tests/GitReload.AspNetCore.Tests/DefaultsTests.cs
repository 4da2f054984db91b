using GitReload.Adapters.Git.Checkouts;
using GitReload.AspNetCore.Configuration;
using GitReload.Domain.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitReload.AspNetCore.Tests;

// A default that a rule owns is read from that rule: changing RetryPolicy.Default or the git adapter's step
// timeout changes what a service registered without those keys runs, by every way in.
public sealed class DefaultsTests
{
    private static IConfiguration Section(Dictionary<string, string?> keys) =>
        new ConfigurationBuilder().AddInMemoryCollection(keys.Select(k => KeyValuePair.Create("GitReload:" + k.Key, k.Value))).Build().GetSection("GitReload");

    public static TheoryData<string> WaysIn => new() { "section", "options" };

    [Theory]
    [MemberData(nameof(WaysIn))]
    public void A_service_given_no_tries_timeout_or_keep_runs_the_rules_own_defaults(string wayIn)
    {
        var builder = wayIn == "section"
            ? new ServiceCollection().AddGitReload(Section(new() { ["REPODIR"] = "/srv/repos" }))
            : new ServiceCollection().AddGitReload(o => o.RepoDir = "/srv/repos");
        using var services = builder.Services.BuildServiceProvider();
        var config = services.GetRequiredService<GitReloadConfig>();
        var checkouts = services.GetRequiredService<GitCheckoutSettings>();

        Assert.Equal(RetryPolicy.Default.MaxAttempts, config.MaxAttempts);
        Assert.Equal((GitCheckoutSettings.DefaultStepTimeout, GitCheckoutSettings.DefaultPublishKeep), (checkouts.StepTimeout, checkouts.PublishKeep));
    }

    [Fact]
    public void The_options_start_at_the_rules_own_defaults()
    {
        var options = new GitReloadOptions();
        Assert.Equal(
            (RetryPolicy.Default.MaxAttempts, GitCheckoutSettings.DefaultStepTimeout.TotalSeconds, GitCheckoutSettings.DefaultPublishKeep),
            (options.MaxAttempts, options.GitTimeoutSeconds, options.PublishKeep));
        Assert.Equal(SettingKeys.Defaults[SettingKeys.MaxAttempts], RetryPolicy.Default.MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
