using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Tests;

public class RunJobTests
{
    [Fact]
    public async Task An_update_job_updates_the_checked_out_branch_and_reports_both_shas()
    {
        var checkouts = new FakeCheckouts(Some.OnMaster);
        var outcome = await new RunJob(checkouts, new FakeImporter()).Handle(Some.Job(), default);

        Assert.Equal([("course", "master")], checkouts.Updated);
        var succeeded = Assert.IsType<JobOutcome.Succeeded>(outcome);
        Assert.Equal(("a", "b"), (succeeded.ShaBefore.IfNone(""), succeeded.ShaAfter.IfNone("")));
    }

    [Fact]
    public async Task An_import_job_imports_the_checkout_under_its_origin_url()
    {
        var importer = new FakeImporter();
        var outcome = await new RunJob(new FakeCheckouts(Some.OnMaster), importer).Handle(Some.Job(action: JobAction.CourseImport), default);

        var import = Assert.Single(importer.Imported);
        Assert.Equal(("course", Some.OriginUrl, "master"), (import.Repo.Value, import.RepoUrl, import.Branch));
        Assert.Equal("imported", Assert.IsType<JobOutcome.Succeeded>(outcome).Output);
    }

    [Fact]
    public async Task A_failed_step_becomes_a_failed_outcome_with_its_reason()
    {
        var failure = new JobFailure("Fetching origin failed", "tail", Transient: true);
        var checkouts = new FakeCheckouts(Some.OnMaster) { UpdateResult = Either<JobFailure, CheckoutUpdate>.Left(failure) };

        var outcome = await new RunJob(checkouts, new FakeImporter()).Handle(Some.Job(), default);

        Assert.Equal(new JobOutcome.Failed(failure, 1), outcome);
    }
}
