using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reports;

namespace GitReload.Domain.Tests;

public class CommitStatusesTests
{
    private static readonly JobId Id = new(7);
    private static readonly ForgeRepo Repo = new(Forge.GitHub, "mitodl/course");

    private static JobRequest Pushed(string after) =>
        new JobRequest((RepoName)RepoName.Parse("course"), JobAction.GetLatest, "git@example.org:course.git", "master", after).WithSource(Repo);

    private static string[] Table(JobEvent jobEvent) =>
        CommitStatuses.For(jobEvent).Map(s => $"{s.Repo.FullName}@{s.Sha} {s.State} {s.Context}: {s.Description}").ToArray();

    [Fact]
    public void A_job_asked_for_by_hand_reports_nothing()
    {
        Assert.Empty(Table(new JobEvent.Queued(Id, Pushed(""))));
    }

    [Fact]
    public void A_redelivery_of_the_same_sha_merged_into_its_job_posts_nothing_new()
    {
        Assert.Empty(Table(new JobEvent.Merged(Id, Pushed("abc"), Pushed("abc"))));
    }

    [Fact]
    public void A_newer_push_merged_in_supersedes_the_older_sha_and_is_pending_itself()
    {
        Assert.Equal(
            ["mitodl/course@abc Success gitreload/update: Superseded by def4567, a newer push that job 7 takes instead", "mitodl/course@def4567890 Pending gitreload/update: Queued as job 7"],
            Table(new JobEvent.Merged(Id, Pushed("abc"), Pushed("def4567890"))));
    }
}
