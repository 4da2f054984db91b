using GitReload.Domain.Jobs;
using Snapshooter.Xunit;

namespace GitReload.Domain.Tests;

public class RetryPolicyTests
{
    private static readonly JobFailure Network = JobFailure.Passing("origin could not be reached");
    private static readonly JobFailure Refused = JobFailure.Permanent("origin refused access");

    [Fact]
    public void Every_try_of_every_policy_has_one_reviewed_decision()
    {
        var policies = new[] { ("default", RetryPolicy.Default), ("MAX_ATTEMPTS=1", RetryPolicy.Default.WithMaxAttempts(1)), ("MAX_ATTEMPTS=8", RetryPolicy.Default.WithMaxAttempts(8)) };
        var rows =
            from policy in policies
            from failure in new[] { ("transient", Network), ("permanent", Refused) }
            from attempt in Enumerable.Range(1, policy.Item2.MaxAttempts + 1)
            where failure.Item1 == "transient" || attempt == 1
            from random in failure.Item1 == "transient" ? new[] { 0.0, 0.5, 0.999 } : [0.5]
            select $"{policy.Item1,-14} | try {attempt} failed | {failure.Item1,-9} | random {random,-5} | " + policy.Item2.After(attempt, failure.Item2, random).Match(
                retryAfter: r => $"try again after {r.Delay.TotalMilliseconds} ms",
                giveUp: g => $"give up: {g.Reason}");
        Snapshot.Match(rows.ToArray());
    }

    [Theory]
    [InlineData(1, 0.0, 0)]
    [InlineData(1, 0.5, 1_000)]
    [InlineData(1, 0.999, 1_998)]
    [InlineData(2, 0.5, 2_000)]
    [InlineData(3, 0.5, 4_000)]
    [InlineData(5, 0.5, 16_000)]
    [InlineData(6, 0.999, 59_940)]
    [InlineData(7, 0.999, 59_940)]
    [InlineData(200, 1.0, 60_000)]
    public void The_wait_grows_twofold_per_try_up_to_the_cap_and_the_random_value_picks_within_it(int attempt, double random, int milliseconds)
    {
        var policy = RetryPolicy.Default.WithMaxAttempts(1000);

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), policy.Backoff(attempt, random));
    }

    [Fact]
    public void A_transient_failure_before_the_last_try_is_tried_again_after_the_backoff()
    {
        Assert.Equal(new RetryDecision.RetryAfter(TimeSpan.FromSeconds(2)), RetryPolicy.Default.After(2, Network, 0.5));
    }

    [Fact]
    public void A_transient_failure_of_the_last_try_gives_up()
    {
        Assert.Equal(new RetryDecision.GiveUp("3 of 3 tries failed"), RetryPolicy.Default.After(3, Network, 0.5));
    }

    [Fact]
    public void A_permanent_failure_gives_up_at_once()
    {
        Assert.Equal(new RetryDecision.GiveUp("the failure is permanent"), RetryPolicy.Default.After(1, Refused, 0.5));
    }

    [Fact]
    public void One_try_in_all_never_retries()
    {
        Assert.IsType<RetryDecision.GiveUp>(RetryPolicy.Default.WithMaxAttempts(1).After(1, Network, 0.5));
    }
}
