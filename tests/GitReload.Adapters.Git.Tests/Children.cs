namespace GitReload.Adapters.Git.Tests;

/// <summary>This process's children, read from <c>/proc</c>.</summary>
internal static class Children
{
    /// <summary>The children that have exited and were never waited for (<c>&lt;defunct&gt;</c>), as "pid name".</summary>
    public static IReadOnlyList<string> Defunct()
    {
        var found = new List<string>();
        foreach (var stat in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)).Select(d => Path.Combine(d, "stat")))
        {
            string line;
            try
            {
                line = File.ReadAllText(stat);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
            var close = line.LastIndexOf(')');
            var fields = line[(close + 2)..].Split(' ');
            var comm = line[(line.IndexOf('(') + 1)..close];
            if (fields[0] == "Z" && fields[1] == Environment.ProcessId.ToString()) found.Add($"{line[..line.IndexOf(' ')]} {comm}");
        }
        return found;
    }

    /// <summary>Whether process <paramref name="pid"/> still runs (neither gone nor a zombie).</summary>
    public static bool Runs(int pid)
    {
        try
        {
            var line = File.ReadAllText($"/proc/{pid}/stat");
            return line[(line.LastIndexOf(')') + 2)..].Split(' ')[0] != "Z";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
