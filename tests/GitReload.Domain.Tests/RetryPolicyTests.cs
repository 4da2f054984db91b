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

    // The snapshot above is the table of decisions and waits; this pins only what it has no row for: the cap
    // far past the last try it lists, with the largest random value.
    [Fact]
    public void The_wait_never_exceeds_the_cap_however_many_tries_came_before()
    {
        Assert.Equal(RetryPolicy.Default.MaxDelay, RetryPolicy.Default.WithMaxAttempts(1000).Backoff(200, 1.0));
    }
}
