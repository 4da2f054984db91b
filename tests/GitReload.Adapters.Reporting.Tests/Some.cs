using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Adapters.Reporting.Tests;

internal static class Some
{
    public const string Sha = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
    public const string NewerSha = "9f2c4b1e0a7d3c5b8e6f1a2d4c7b9e0f3a5d8c1b";
    public const string Token = "ghp_test_token";

    public static readonly JobId JobId = new(42);

    public static JobRequest Job(Forge forge = Forge.GitHub, string fullName = "mitodl/course", JobAction action = JobAction.CourseImport, string after = Sha) =>
        new JobRequest((RepoName)RepoName.Parse("course"), action, "git@example.org:mitodl/course.git", "master", after)
            .WithSource(new ForgeRepo(forge, fullName));

    public static JobOutcome Succeeded => new JobOutcome.Succeeded(Option<string>.Some("aaa1111"), Option<string>.Some("bbb2222"), "imported", 1);

    public static JobOutcome Failed(string message = "Course import of course exited with code 1", bool transient = false) =>
        new JobOutcome.Failed(new JobFailure(message, "Traceback...", transient), 1);

    public static ReportingSettings Settings(
        Option<ForgeAccess> github = default, Option<ForgeAccess> gitea = default, Option<ForgeAccess> gitlab = default, Option<NotifySettings> notify = default) =>
        new(Option<Uri>.Some(new Uri("https://reload.example.edu/")), github, gitea, gitlab, notify)
        {
            Tries = 3,
            Backoff = TimeSpan.FromMilliseconds(10),
            // Generous: a call cut short on a busy machine is tried again, and a test then sees it twice.
            // Tests of the time limit set their own.
            CallTimeout = TimeSpan.FromSeconds(60),
        };
}
