using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GitReload.Adapters.Git.Tests;

/// <summary>
/// A real OpenSSH server on a free loopback port, run as the current user with its own host key and
/// authorized_keys in a temp folder, plus a deploy key it accepts and another it does not. Each key
/// comes with a wrapper script to use as <c>core.sshCommand</c>: it never prompts and never reads
/// the machine's ~/.ssh. <see cref="Alias"/> is a host only an ssh config file knows (its address,
/// port, user and key), as a service user's ~/.ssh/config would; each run through that config
/// appends its arguments to <see cref="Runs"/>.
/// </summary>
internal sealed class Sshd : IDisposable
{
    private const string Program = "/usr/sbin/sshd";
    private readonly Process server;

    public Sshd()
    {
        if (!File.Exists(Program))
            throw new InvalidOperationException($"{Program} is missing: install openssh-server (.ci/run does)");
        Folder = Directory.CreateTempSubdirectory("gitreload-sshd-").FullName;
        Keygen("host");
        Keygen("deploy");
        Keygen("other");
        File.Copy(In("deploy.pub"), In("authorized_keys"));
        // As root, sshd insists on its privilege separation folder, which the package's service unit would create.
        if (Environment.UserName == "root") Directory.CreateDirectory("/run/sshd");
        Port = FreePort();
        File.WriteAllLines(In("sshd_config"),
        [
            $"Port {Port}", "ListenAddress 127.0.0.1", $"HostKey {In("host")}", $"AuthorizedKeysFile {In("authorized_keys")}",
            "StrictModes no", $"PidFile {In("sshd.pid")}", "PasswordAuthentication no", "KbdInteractiveAuthentication no", "UsePAM no",
        ]);
        server = Start(Program, "-D", "-e", "-f", In("sshd_config"));
        AwaitListening();
        DeployKeyCommand = Wrapper("deploy");
        RejectedKeyCommand = Wrapper("other");
        ConfiguredCommand = Configured("deploy");
        ConfiguredRejectedCommand = Configured("other");
    }

    public const string Alias = "gitreload-origin";

    public string Folder { get; }
    public int Port { get; }
    public string DeployKeyCommand { get; }
    public string RejectedKeyCommand { get; }
    public string ConfiguredCommand { get; }
    public string ConfiguredRejectedCommand { get; }
    public string Runs => In("runs.log");

    public string UrlOf(string absolutePath) => $"ssh://{Environment.UserName}@127.0.0.1:{Port}{absolutePath}";

    private string In(string name) => Path.Combine(Folder, name);

    /// <summary>The deploy key's command, but with the key read from <paramref name="keyFile"/>.</summary>
    public string KeyFileCommand(string keyFile) => Wrapper(Path.GetFileName(keyFile), keyFile);

    /// <summary>The deploy key, which origin accepts.</summary>
    public string DeployKey => In("deploy");

    private string Wrapper(string key) => Wrapper(key, In(key));

    private string Wrapper(string name, string keyFile)
    {
        var path = In($"ssh-{name}.sh");
        File.WriteAllText(path,
            $"#!/bin/sh\nexec ssh -i '{keyFile}' -o IdentitiesOnly=yes -o StrictHostKeyChecking=accept-new " +
            $"-o UserKnownHostsFile='{In("known_hosts")}' -o BatchMode=yes -F /dev/null \"$@\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    // ssh -F with a config naming Alias, as ~/.ssh/config would; `ssh -p N` on the command line would override its Port.
    private string Configured(string key)
    {
        File.WriteAllLines(In($"ssh_config-{key}"),
        [
            $"Host {Alias}", "  HostName 127.0.0.1", $"  Port {Port}", $"  User {Environment.UserName}", $"  IdentityFile {In(key)}",
            "  IdentitiesOnly yes", "  StrictHostKeyChecking accept-new", $"  UserKnownHostsFile {In("known_hosts")}", "  BatchMode yes",
        ]);
        var path = In($"ssh-configured-{key}.sh");
        File.WriteAllText(path,
            $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{Runs}'\nexec ssh -F '{In($"ssh_config-{key}")}' \"$@\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private void Keygen(string name)
    {
        using var keygen = Start("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", In(name));
        keygen.WaitForExit();
        if (keygen.ExitCode != 0) throw new InvalidOperationException($"ssh-keygen failed: {keygen.StandardError.ReadToEnd()}");
    }

    private void AwaitListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited) throw new InvalidOperationException($"sshd exited: {server.StandardError.ReadToEnd()}");
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }
        throw new TimeoutException($"sshd did not listen on port {Port}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process Start(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    public void Dispose()
    {
        server.Kill(entireProcessTree: true);
        server.WaitForExit();
        server.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
