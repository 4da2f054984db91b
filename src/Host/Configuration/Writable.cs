using LanguageExt;

namespace GitReload.Host.Configuration;

/// <summary>
/// Whether the service can write where the configuration points, found by trying: permissions,
/// ACLs, read-only mounts and the service's user all count, as they will when it runs.
/// </summary>
public static class Writable
{
    /// <summary>Right when <paramref name="folder"/> can be written, or created; else why not.</summary>
    public static Either<SetupProblem.NotWritable, Unit> Folder(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (System.IO.File.Exists(full))
            return new SetupProblem.NotWritable($"{full} is a file, not a folder");
        if (Directory.Exists(full))
            return Probe(full, why => $"cannot write in {full} ({why})");

        var existing = NearestExisting(full);
        return System.IO.File.Exists(existing)
            ? new SetupProblem.NotWritable($"{full} cannot be created: {existing} is a file")
            : Probe(existing, why => $"{full} does not exist and cannot be created (cannot write in {existing}: {why})");
    }

    /// <summary>Right when <paramref name="file"/> can be appended to, or created with its folder; else why not.</summary>
    public static Either<SetupProblem.NotWritable, Unit> File(string file)
    {
        var full = Path.GetFullPath(file);
        if (Directory.Exists(full))
            return new SetupProblem.NotWritable($"{full} is a folder");
        if (!System.IO.File.Exists(full))
            return Folder(Path.GetDirectoryName(full)!);
        try
        {
            using (System.IO.File.Open(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { }
            return Unit.Default;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SetupProblem.NotWritable($"cannot write to {full} ({Reason(e, full)})");
        }
    }

    private static string Reason(Exception e, string path) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        FileNotFoundException or DirectoryNotFoundException => "files cannot be created there",
        _ => e.Message.Replace($" : '{path}'", "", StringComparison.Ordinal).Replace($"'{path}'", "the file", StringComparison.Ordinal).TrimEnd('.').ToLowerInvariant(),
    };

    private static string NearestExisting(string path)
    {
        var current = path;
        while (!Directory.Exists(current) && !System.IO.File.Exists(current) && Path.GetDirectoryName(current) is { } parent)
            current = parent;
        return current;
    }

    // Tries to create a file in folder; line tells, from the reason, what the operator is shown.
    private static Either<SetupProblem.NotWritable, Unit> Probe(string folder, Func<string, string> line)
    {
        var probe = Path.Combine(folder, $".gitreload-write-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
            return Unit.Default;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SetupProblem.NotWritable(line(Reason(e, probe)));
        }
    }
}
