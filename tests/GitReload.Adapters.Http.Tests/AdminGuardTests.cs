using System.Net;
using GitReload.Adapters.Http.Admin;
using LanguageExt;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;

namespace GitReload.Adapters.Http.Tests;

/// <summary>Wrong <c>ADMIN_TOKEN</c>s through the real pipeline: logged a little, slowed down per address.</summary>
public sealed class AdminGuardTests : ServerOverClone
{
    private const string Token = "operator-token";
    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-01-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly AdminSettings admin = new(Option<string>.Some(Token));

    private protected override Task<HookServer> Start() => HookServer.Start(Git.RepoDir, HttpSettings.Default, admin, clock: clock);

    private async Task<HttpContext> Post(string? token, string from = "203.0.113.7", string? forwardedFor = null) =>
        await Server.TestServer.SendAsync(context =>
        {
            context.Request.Method = "POST";
            context.Request.Path = $"/repos/{Some.Repo}/update";
            context.Connection.RemoteIpAddress = IPAddress.Parse(from);
            if (token is not null)
                context.Request.Headers.Authorization = "Bearer " + token;
            if (forwardedFor is not null)
                context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        });

    [Fact]
    public async Task After_five_wrong_tokens_an_address_waits_longer_each_time_even_with_the_right_token()
    {
        for (var i = 0; i < AdminGuard.FreeFailures - 1; i++)
            Assert.Equal(401, (await Post("wrong")).Response.StatusCode);
        Assert.Equal(401, (await Post("wrong")).Response.StatusCode);

        var locked = await Post(Token);
        Assert.Equal((429, "1"), (locked.Response.StatusCode, locked.Response.Headers.RetryAfter.ToString()));
        Assert.Empty(Server.Queue.Snapshot());

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(401, (await Post("wrong")).Response.StatusCode);
        Assert.Equal("2", (await Post(Token)).Response.Headers.RetryAfter.ToString());

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(200, (await Post(Token)).Response.StatusCode);
        Assert.Equal(401, (await Post("wrong")).Response.StatusCode);
        Assert.Equal(401, (await Post("wrong")).Response.StatusCode);
    }

    [Fact]
    public async Task Another_address_is_not_slowed_down_by_the_first()
    {
        for (var i = 0; i < AdminGuard.FreeFailures; i++)
            await Post("wrong", from: "203.0.113.7");

        Assert.Equal(429, (await Post(Token, from: "203.0.113.7")).Response.StatusCode);
        Assert.Equal(200, (await Post(Token, from: "198.51.100.9")).Response.StatusCode);
    }

    [Fact]
    public async Task Behind_a_proxy_on_this_machine_the_address_it_forwards_is_the_one_slowed_down()
    {
        for (var i = 0; i < AdminGuard.FreeFailures; i++)
            await Post("wrong", from: "127.0.0.1", forwardedFor: "10.0.0.1, 203.0.113.7");

        Assert.Equal(429, (await Post(Token, from: "127.0.0.1", forwardedFor: "203.0.113.7")).Response.StatusCode);
        Assert.Equal(200, (await Post(Token, from: "127.0.0.1", forwardedFor: "198.51.100.9")).Response.StatusCode);
    }

    [Fact]
    public async Task A_remote_peer_cannot_choose_its_address_with_x_forwarded_for()
    {
        for (var i = 0; i < AdminGuard.FreeFailures; i++)
            await Post("wrong", from: "203.0.113.7", forwardedFor: $"198.51.100.{i}");

        Assert.Equal(429, (await Post(Token, from: "203.0.113.7", forwardedFor: "198.51.100.200")).Response.StatusCode);
    }

    [Fact]
    public async Task Many_wrong_tokens_are_logged_once_a_minute_saying_how_many_were_not_and_never_the_token()
    {
        for (var i = 0; i < 40; i++)
            await Post("guess-" + i, from: $"203.0.113.{i}");
        clock.Advance(TimeSpan.FromMinutes(1));
        await Post("guess-last", from: "203.0.113.250");

        var lines = Server.Logs.Lines.Where(l => l.Contains("Operator route", StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            [
                "Warning: Operator route /repos/{name}/update refused: wrong or missing ADMIN_TOKEN from 203.0.113.0, 1 in a row",
                "Warning: Operator route /repos/{name}/update refused: wrong or missing ADMIN_TOKEN from 203.0.113.250, 1 in a row (39 more refused operator requests not logged since the last line)",
            ],
            lines);
        Assert.DoesNotContain(Server.Logs.Lines, l => l.Contains("guess", StringComparison.Ordinal));
    }

    [Fact]
    public void The_addresses_kept_are_bounded_whatever_number_an_attacker_uses()
    {
        var guard = new AdminGuard();
        var now = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < AdminGuard.MaxAddresses + 5_000; i++)
            guard.Failed($"address-{i}", now);

        Assert.Equal(AdminGuard.MaxAddresses, guard.Tracked);
        Assert.Equal(2, guard.Failed($"address-{AdminGuard.MaxAddresses + 4_999}", now).Count);
    }

    [Theory]
    [InlineData(4, 0)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(10, 32)]
    [InlineData(40, 900)]
    public void The_lockout_doubles_from_one_second_after_five_failures_up_to_fifteen_minutes(int failures, int seconds) =>
        Assert.Equal(seconds, AdminGuard.Lockout(failures).Map(l => (int)l.TotalSeconds).IfNone(0));
}
