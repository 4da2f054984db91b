using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GitReload.Tests.Shared;

/// <summary>
/// A real <c>git daemon</c> on a loopback port serving the repositories under a folder over
/// <c>git://</c>: an origin on the network that a test can take down and bring back on the same port.
/// </summary>
internal sealed class GitDaemon : IDisposable
{
    private readonly string root;
    private Process? daemon;

    public GitDaemon(string root)
    {
        this.root = root;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    /// <summary>The git:// URL of the repository at <paramref name="path"/>, a folder under the root.</summary>
    public string UrlOf(string path) => $"git://127.0.0.1:{Port}/{Path.GetRelativePath(root, path).Replace('\\', '/')}";

    /// <summary>Starts serving, and returns once the port takes connections.</summary>
    public async Task Start()
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "daemon", "--reuseaddr", "--listen=127.0.0.1", $"--port={Port}", $"--base-path={root}", "--export-all", "--informative-errors", root })
            start.ArgumentList.Add(arg);
        daemon = Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !daemon.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Stops serving: connections to the port are refused.</summary>
    public void Stop()
    {
        if (daemon is null) return;
        try
        {
            daemon.Kill(entireProcessTree: true);
            daemon.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }
        daemon.Dispose();
        daemon = null;
    }

    public void Dispose() => Stop();
}
