using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GitReload.Host.Tests;

/// <summary>The files in <c>contrib/</c>, checked by the programs that will read them (Debian's nginx and systemd).</summary>
public sealed class ContribTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gitreload-contrib-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string Contrib(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "contrib", name));

    [Fact]
    public async Task The_nginx_site_passes_nginx_t_once_its_certificate_exists()
    {
        var (certificate, key) = SelfSignedCertificate();
        var site = Contrib("nginx-gitreload.conf")
            .Replace("/etc/letsencrypt/live/hooks.example.edu/fullchain.pem", certificate)
            .Replace("/etc/letsencrypt/live/hooks.example.edu/privkey.pem", key);
        File.WriteAllText(Path.Combine(folder, "site.conf"), site);
        File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
            pid {{folder}}/nginx.pid;
            error_log stderr;
            events {}
            http { include {{folder}}/site.conf; }
            """);

        var (exitCode, output) = await Run("nginx", "-t", "-e", "stderr", "-p", folder + "/", "-c", Path.Combine(folder, "nginx.conf"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("test is successful", output);
    }

    // A root with the tool where the README installs it, the shipped unit, and the system's own units (the
    // targets the unit names, network-online and multi-user, and theirs): what systemd-analyze verify reads.
    private (string Root, string Units) SystemdRoot()
    {
        var root = Directory.CreateDirectory(Path.Combine(folder, "root")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "opt", "gitreload"));
        var tool = Path.Combine(root, "opt", "gitreload", "gitreload");
        File.WriteAllText(tool, "#!/bin/sh\n");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var units = Directory.CreateDirectory(Path.Combine(root, "etc", "systemd", "system")).FullName;
        foreach (var unit in Directory.EnumerateFiles("/lib/systemd/system"))
            File.Copy(unit, Path.Combine(units, Path.GetFileName(unit)), overwrite: true);
        File.WriteAllText(Path.Combine(units, "gitreload.service"), Contrib("gitreload.service"));
        return (root, units);
    }

    [Fact]
    public async Task The_systemd_unit_passes_systemd_analyze_verify_with_the_tool_installed_where_the_readme_puts_it()
    {
        var (root, units) = SystemdRoot();

        var (exitCode, output) = await Run("systemd-analyze", "verify", $"--root={root}", "gitreload.service");

        Assert.True(exitCode == 0 && output.Trim().Length == 0, output);
        // The journal keeps origin URLs and the commands' output; systemd creates these folders 0755 unless told.
        var lines = Contrib("gitreload.service").Split('\n');
        Assert.Contains("StateDirectoryMode=0750", lines);
        Assert.Contains("LogsDirectoryMode=0750", lines);
    }

    [Fact]
    public async Task The_fleet_drop_in_passes_systemd_analyze_verify_and_keeps_the_journal_password_out_of_the_unit()
    {
        var (root, units) = SystemdRoot();
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(units, "gitreload.service.d")).FullName, "fleet.conf"), Contrib("fleet/gitreload-fleet.conf"));
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(root, "etc", "gitreload")).FullName, "fleet.env"), Contrib("fleet/fleet.env"));

        var (exitCode, output) = await Run("systemd-analyze", "verify", $"--root={root}", "gitreload.service");

        Assert.True(exitCode == 0 && output.Trim().Length == 0, output);
        // systemd shows a unit's Environment= lines to every local user; the password stays in the root-only file.
        var dropIn = Contrib("fleet/gitreload-fleet.conf").Split('\n').Where(l => !l.StartsWith('#'));
        Assert.DoesNotContain(dropIn, l => l.Contains("JOURNAL_URL", StringComparison.Ordinal));
        Assert.Contains("EnvironmentFile=/etc/gitreload/fleet.env", dropIn);
        Assert.Contains(Contrib("fleet/fleet.env").Split('\n'), l => l.StartsWith("JOURNAL_URL=postgresql://", StringComparison.Ordinal));
    }

    [Fact]
    public void The_systemd_unit_names_no_folder_that_must_exist_before_it_starts()
    {
        // ReadWritePaths=/var/log/gitreload stopped the unit (226/NAMESPACE) on a host without that folder.
        var paths = Contrib("gitreload.service").Split('\n')
            .Where(l => l.StartsWith("ReadWritePaths=", StringComparison.Ordinal) || l.StartsWith("ReadOnlyPaths=", StringComparison.Ordinal))
            .SelectMany(l => l[(l.IndexOf('=') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.All(paths, p => Assert.StartsWith("-", p));
        Assert.Contains("LogsDirectory=gitreload", Contrib("gitreload.service"));
    }

    private (string Certificate, string Key) SelfSignedCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=hooks.example.edu", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var (certPath, keyPath) = (Path.Combine(folder, "cert.pem"), Path.Combine(folder, "key.pem"));
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }

    private static async Task<(int ExitCode, string Output)> Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output + await errors);
    }
}
