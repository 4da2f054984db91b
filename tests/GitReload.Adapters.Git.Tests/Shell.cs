using System.Diagnostics;
using System.Text;

namespace GitReload.Adapters.Git.Tests;

/// <summary>
/// bash, for what .NET cannot do with a file name: on Linux a name is bytes, and one that is not
/// UTF-8 has no .NET string. Output comes back as Latin-1, one char per byte, so nothing is lost.
/// </summary>
internal static class Shell
{
    public static string Run(string workingDirectory, string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.Latin1,
        };
        foreach (var arg in new[] { "-euo", "pipefail", "-c", script, "bash" }.Concat(args)) start.ArgumentList.Add(arg);
        Git.WithoutMachineConfig(start);
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEndAsync();
        var errors = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        return bash.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"bash -c '{script}' failed in {workingDirectory}: {errors}");
    }

    /// <summary>
    /// A bash word for the bytes <paramref name="latin1"/> holds, one char per byte:
    /// <c>Quoted("b\u00ffad")</c> is <c>$'b\xffad'</c>. (An argument would reach bash as UTF-8.)
    /// </summary>
    public static string Quoted(string latin1) =>
        "$'" + string.Concat(latin1.Select(c => c switch
        {
            > (char)0xFF => throw new ArgumentException($"'{c}' is not one byte", nameof(latin1)),
            >= ' ' and < (char)0x7F and not '\'' and not '\\' => c.ToString(),
            _ => $"\\x{(int)c:x2}",
        })) + "'";
}
