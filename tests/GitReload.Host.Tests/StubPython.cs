namespace GitReload.Host.Tests;

/// <summary>
/// A <c>VIRTUAL_ENV</c> whose <c>bin/python</c> is a shell script: each run waits for a file if told, sleeps a while, then
/// appends its checkout, start and end times, argv, working directory and environment to <see cref="Log"/>,
/// and prints <c>say</c> (which must hold no single quote).
/// </summary>
internal sealed class StubPython
{
    public StubPython(string root, double sleepSeconds = 0, string? waitForFile = null, string say = "Course imported")
    {
        VirtualEnv = Path.Combine(root, "venv");
        EdxPlatform = Path.Combine(root, "edx-platform");
        Log = Path.Combine(root, "python-calls.log");
        Directory.CreateDirectory(Path.Combine(VirtualEnv, "bin"));
        Directory.CreateDirectory(EdxPlatform);
        var script = Path.Combine(VirtualEnv, "bin", "python");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            start=$(date +%s.%N)
            {{(waitForFile is null ? "" : $"while [ ! -e '{waitForFile}' ]; do sleep 0.05; done")}}
            sleep {{sleepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}}
            echo "run $(basename "$7") $start $(date +%s.%N)" >> '{{Log}}'
            echo "argv $*" >> '{{Log}}'
            echo "cwd $(pwd)" >> '{{Log}}'
            echo "env $SERVICE_VARIANT $LMS_CFG $REVISION_CFG" >> '{{Log}}'
            printf '%s\n' '{{say}}'
            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string VirtualEnv { get; }

    public string EdxPlatform { get; }

    public string Log { get; }

    public string[] Lines() => File.Exists(Log) ? File.ReadAllLines(Log) : [];

    /// <summary>Each run's (checkout, start, end), in the order they ended.</summary>
    public (string Repo, double Start, double End)[] Runs() =>
        Lines().Where(l => l.StartsWith("run ")).Select(l => l.Split(' '))
            .Select(f => (f[1], Seconds(f[2]), Seconds(f[3])))
            .ToArray();

    private static double Seconds(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
