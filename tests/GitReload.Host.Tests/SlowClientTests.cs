using System.Net.Sockets;
using System.Text;
using GitReload.Tests.Shared;

namespace GitReload.Host.Tests;

public sealed class SlowClientTests : IDisposable
{
    private readonly TempGit git = new();

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task A_client_that_never_finishes_its_headers_is_cut_off()
    {
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));
        using var client = new TcpClient();
        await client.ConnectAsync(host.Client.BaseAddress!.Host, host.Client.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /update HTTP/1.1\r\nHost: localhost\r\nX-GitHub-Event: push\r\n"));

        var started = DateTime.UtcNow;
        var buffer = new byte[1024];
        var read = await ReadUntilClosed(stream, buffer, TimeSpan.FromSeconds(40));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "the connection stayed open past the header timeout");
        Assert.True(read == 0 || Encoding.ASCII.GetString(buffer, 0, read).StartsWith("HTTP/1.1 408"), Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task A_client_that_sends_nothing_at_all_is_cut_off_after_the_header_timeout()
    {
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));
        using var client = new TcpClient();
        await client.ConnectAsync(host.Client.BaseAddress!.Host, host.Client.BaseAddress.Port);

        var started = DateTime.UtcNow;
        var read = await ReadUntilClosed(client.GetStream(), new byte[1024], TimeSpan.FromSeconds(40));

        Assert.Equal(0, read);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "a silent connection stayed open past the header timeout");
    }

    private static async Task<int> ReadUntilClosed(NetworkStream stream, byte[] buffer, TimeSpan limit)
    {
        try
        {
            return await stream.ReadAsync(buffer).AsTask().WaitAsync(limit);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
