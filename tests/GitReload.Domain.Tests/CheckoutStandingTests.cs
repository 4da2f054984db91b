using GitReload.Domain.Checkouts;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Domain.Tests;

public sealed class CheckoutStandingTests
{
    private static readonly CheckoutState OnMaster = new CheckoutState.OnBranch("master", "git@example.invalid:o/r.git");

    [Theory]
    [InlineData(JobStatus.Failed, false, CheckoutStanding.Failed)]
    [InlineData(JobStatus.Failed, true, CheckoutStanding.Failed)]
    [InlineData(JobStatus.Running, true, CheckoutStanding.Running)]
    [InlineData(JobStatus.Queued, true, CheckoutStanding.Queued)]
    [InlineData(JobStatus.Succeeded, true, CheckoutStanding.Behind)]
    [InlineData(JobStatus.Succeeded, false, CheckoutStanding.UpToDate)]
    [InlineData(JobStatus.Cancelled, false, CheckoutStanding.UpToDate)]
    public void A_checkout_stands_by_its_newest_job_first_and_by_the_fleet_after(JobStatus newest, bool behind, CheckoutStanding expected) =>
        Assert.Equal(expected, Standing.Of(OnMaster, newest, behind));

    [Fact]
    public void A_checkout_with_no_job_is_up_to_date_unless_behind() =>
        Assert.Equal(
            [CheckoutStanding.UpToDate, CheckoutStanding.Behind],
            new[] { false, true }.Select(behind => Standing.Of(OnMaster, Option<JobStatus>.None, behind)).ToArray());

    [Fact]
    public void A_detached_checkout_or_one_without_origin_is_unusable_unless_its_job_failed() =>
        Assert.Equal(
            [CheckoutStanding.Unusable, CheckoutStanding.Unusable, CheckoutStanding.Failed],
            new[]
            {
                Standing.Of(new CheckoutState.Detached(), JobStatus.Succeeded, false),
                Standing.Of(new CheckoutState.NoOrigin("master"), Option<JobStatus>.None, false),
                Standing.Of(new CheckoutState.Detached(), JobStatus.Failed, false),
            });

    [Theory]
    [InlineData("aaa", true, "bbb", true)]
    [InlineData("bbb", true, "bbb", false)]
    [InlineData("aaa", true, null, true)]
    [InlineData("aaa", false, "bbb", false)]
    [InlineData(null, true, "bbb", true)]
    public void A_checkout_is_behind_when_other_hosts_differ_and_it_is_not_at_the_newest_push(string? head, bool othersDiffer, string? newestPush, bool behind) =>
        Assert.Equal(behind, Standing.IsBehind(Prelude.Optional(head), othersDiffer, Prelude.Optional(newestPush)));

    [Fact]
    public void Every_standing_has_a_name_that_parses_back_and_nothing_else_parses() =>
        Assert.Equal(
            ["failed", "unusable", "behind", "running", "queued", "ok", "(none)", "(none)"],
            Enum.GetValues<CheckoutStanding>().Select(Standing.Name).Concat(["up to date", "Failed"])
                .Select(n => Standing.Parse(n).Map(Standing.Name).IfNone("(none)")).ToArray());
}
