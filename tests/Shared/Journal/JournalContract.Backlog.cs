using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Tests.Shared.Journal;

// What a claim promises when the backlog is longer than what it reads at once (the checkouts are
// read a page at a time): the same order, the same one-at-a-time rule and the same look-again time
// as over the whole backlog.
public abstract partial class JournalContract
{
    // More checkouts than a claim reads at once, so every promise here crosses a page.
    private const int ManyCheckouts = 80;

    private static string Checkout(int i) => $"c{i:00}";

    [Fact]
    public async Task A_burst_over_many_checkouts_is_claimed_in_queue_order_never_two_at_once_for_one_checkout()
    {
        Ok(await Journal.Offer(Enumerable.Range(0, ManyCheckouts).Select(i => Offer(Job(Checkout(i)))).ToSeq(), default));
        var updates = new List<Claim.Claimed>();
        for (var i = 0; i < ManyCheckouts; i++)
            updates.Add(await Claim());
        Ok(await Journal.Offer(Enumerable.Range(0, ManyCheckouts).Select(i => Offer(Job(Checkout(i), JobAction.CourseImport))).ToSeq(), default));
        await NothingFor();

        // Each checkout's import may start once its update ends: the checkouts take turns by that moment, not by job.
        for (var i = ManyCheckouts - 1; i >= 0; i--)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            Ok(await Journal.Finish(Here, updates[i].Job, Succeeded(), default));
        }
        var imports = new List<Claim.Claimed>();
        for (var i = 0; i < ManyCheckouts; i++)
            imports.Add(await Claim());
        await NothingFor();

        Assert.Equal(Enumerable.Range(0, ManyCheckouts).Select(Checkout), updates.Select(c => c.Request.Repo.Value));
        Assert.Equal(Enumerable.Range(0, ManyCheckouts).Reverse().Select(Checkout), imports.Select(c => c.Request.Repo.Value));
        Assert.All(imports, c => Assert.Equal(JobAction.CourseImport, c.Request.Action));
    }

    [Fact]
    public async Task A_job_ready_behind_many_follow_ups_waiting_for_quiet_runs_and_the_earliest_of_them_says_when_to_look_again()
    {
        var quiet = new FollowUpPolicy(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1));
        var requested = Clock.GetUtcNow();
        Ok(await Journal.Offer(Enumerable.Range(0, ManyCheckouts).Select(i => Offer(Job(Checkout(i)))).ToSeq(), default));
        var running = new List<Claim.Claimed>();
        for (var i = 0; i < ManyCheckouts; i++)
            running.Add(await Claim(policy: quiet));
        Ok(await Journal.Offer(Enumerable.Range(0, ManyCheckouts).Select(i => Offer(Job(Checkout(i), after: "b"))).ToSeq(), default));
        foreach (var claimed in running)
            Ok(await Journal.Finish(Here, claimed.Job, Succeeded(), default));

        Clock.Advance(TimeSpan.FromSeconds(1));
        await Add(Job("zz"));
        var ready = await Claim(policy: quiet);
        var waiting = await NothingFor(policy: quiet);

        Assert.Equal("zz", ready.Request.Repo.Value);
        Assert.Equal(Option<DateTimeOffset>.Some(requested + quiet.Quiet), waiting.LookAgainAt);
        Clock.Advance(quiet.Quiet);
        var next = await Claim(policy: quiet);
        Assert.Equal(("c00", "b"), (next.Request.Repo.Value, next.Request.After));
    }
}
