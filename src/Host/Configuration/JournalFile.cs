using GitReload.Adapters.Sqlite;
using LanguageExt;

namespace GitReload.Host.Configuration;

/// <summary>What check-config can tell of an SQLite journal without opening it (opening would take its lock from a running service).</summary>
public static class JournalFile
{
    // What .NET gives when another process holds the file with FileShare.None: on Linux the errno of the
    // refused lock (EWOULDBLOCK), on Windows ERROR_SHARING_VIOLATION.
    private static bool SharingViolation(IOException e) => e.HResult is 11 or unchecked((int)0x80070020);

    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    /// <summary>Whether a running GitReload holds the journal in <paramref name="stateDir"/>.</summary>
    public static bool InUse(string stateDir)
    {
        try
        {
            using var file = new FileStream(Path.Combine(Path.GetFullPath(stateDir), SqliteStore.FileName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return false;
        }
        catch (IOException e) when (SharingViolation(e))
        {
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Why the journal in <paramref name="stateDir"/> cannot be used, if it is there and cannot.</summary>
    public static Either<SetupProblem.JournalUnreadable, Unit> Unusable(string stateDir)
    {
        var path = Path.Combine(Path.GetFullPath(stateDir), SqliteStore.FileName);
        try
        {
            if (!File.Exists(path)) return Unit.Default;
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (file.Length == 0)
                return Unreadable($"the job journal {path} is empty (0 bytes), so the service will not start; move it away to start with an empty journal");
            var start = new byte[Header.Length];
            return file.Read(start) == Header.Length && start.AsSpan().SequenceEqual(Header)
                ? Unit.Default
                : Unreadable($"the job journal {path} is not an SQLite file, so the service will not start; move it away to start with an empty journal");
        }
        catch (IOException e) when (SharingViolation(e))
        {
            // A running GitReload holds its journal for itself: nothing to say against it.
            return Unit.Default;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Unreadable($"the job journal {path} cannot be read ({e.Message})");
        }
    }

    private static Either<SetupProblem.JournalUnreadable, Unit> Unreadable(string line) => new SetupProblem.JournalUnreadable(line);
}
