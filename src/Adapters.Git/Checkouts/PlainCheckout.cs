using System.Text;
using GitReload.Adapters.Git.FileSystem;
using GitReload.Domain.Checkouts;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>What a checkout registers, read from its files: its state (branch and origin's URL) and HEAD's commit.</summary>
internal sealed record PlainRead(CheckoutState State, Option<string> Head);

/// <summary>
/// Reads what a checkout registers from its files, without libgit2, when every file involved is written
/// the plain way git writes it; anything else gives nothing here and is read with libgit2. A host that
/// lists its checkouts at start then loads neither libgit2 nor OpenSSL before its first push (4 MB
/// resident, docs/BENCHMARKS.md), and a listing of thousands of checkouts opens none of them.
/// </summary>
/// <remarks>
/// <para>Left to libgit2: a <c>.git</c> that is a file or a link (a worktree, a submodule), a checkout or
/// <c>.git</c> owned by another user (libgit2 checks the owner), HEAD on anything but a local branch
/// (<see cref="HeadFile"/>), a branch ref that is not 40 hexadecimal digits and a newline, a
/// <c>packed-refs</c> line of any other shape, and any config, the repository's or the user's and system's
/// that libgit2 reads too, that this reader could get wrong: includes, <c>url.*.insteadOf</c> (libgit2
/// rewrites origin's URL by it), extensions, <c>core.bare</c> or <c>core.worktree</c>, a remote in the
/// user's config, a backslash or a carriage return anywhere, origin's URL quoted, with a space, a comment
/// character, more than once, or beside a <c>pushurl</c>.</para>
/// <para>Not checked: that HEAD's commit is in the object store. A checkout whose branch names a commit it
/// lacks registers that commit, where libgit2 registers none; its next update reports the broken store.</para>
/// <para>Pinned against libgit2 by <c>PlainCheckoutTests</c>: in every case built there, a plain read is
/// either nothing or what libgit2 reads, and the ways a clone is left by git are read plainly.</para>
/// </remarks>
internal static class PlainCheckout
{
    private const int MaxConfig = 64 * 1024;
    private const int MaxPackedRefs = 1024 * 1024;

    /// <summary>The checkout at <paramref name="path"/>, when it and the config files <paramref name="userConfigs"/> read plainly.</summary>
    public static Option<PlainRead> Read(string path, IReadOnlyList<string> userConfigs) => Read(path, UserConfigsArePlain(userConfigs));

    /// <summary>
    /// Whether the config files <paramref name="userConfigs"/> leave every checkout to be read plainly: judged once
    /// for a listing of many checkouts, not once for each (<see cref="Read(string, bool)"/>).
    /// </summary>
    public static bool UserConfigsArePlain(IReadOnlyList<string> userConfigs)
    {
        try
        {
            return userConfigs.All(UserConfigIsPlain);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The checkout at <paramref name="path"/>, when it reads plainly and <paramref name="userConfigsPlain"/> (<see cref="UserConfigsArePlain"/>).</summary>
    public static Option<PlainRead> Read(string path, bool userConfigsPlain)
    {
        if (!userConfigsPlain) return None;
        try
        {
            var gitDir = Path.Combine(path, ".git");
            if (!OwnedHere(path)) return None;
            foreach (var branch in HeadFile.Branch(gitDir))
            {
                if (!IsRepository(gitDir)) return None;
                if (!TryOrigin(Path.Combine(gitDir, "config"), out var origin) || !TryTip(gitDir, branch, out var head)) return None;
                return new PlainRead(origin.Match<CheckoutState>(url => new CheckoutState.OnBranch(branch, url), () => new CheckoutState.NoOrigin(branch)), head);
            }
            return None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return None;
        }
    }

    /// <summary>The config files libgit2 reads besides the repository's: the user's (<c>~/.gitconfig</c>, the XDG one) and the system's.</summary>
    public static IReadOnlyList<string> UserConfigs()
    {
        var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } x ? x : Path.Combine(home, ".config");
        return [Path.Combine(home, ".gitconfig"), Path.Combine(xdg, "git", "config"), "/etc/gitconfig"];
    }

    // The checkout and its .git are folders (not links) of this process's user, as libgit2 requires of both.
    private static bool OwnedHere(string path)
    {
        using var folder = Folder.Open(path);
        var user = Libc.EffectiveUserId();
        return folder.Stat(".").Exists(s => s.IsFolder && s.Uid == user)
            && folder.Stat(".git").Exists(s => s.IsFolder && s.Uid == user);
    }

    // A git folder of its own: a linked worktree's (with commondir) is left to libgit2.
    private static bool IsRepository(string gitDir) =>
        Directory.Exists(Path.Combine(gitDir, "objects")) && Directory.Exists(Path.Combine(gitDir, "refs"))
        && !File.Exists(Path.Combine(gitDir, "commondir"));

    // A user's or the system's config: none at all, or one that names no remote and changes no URL.
    private static bool UserConfigIsPlain(string path) =>
        !File.Exists(path) || Lines(path).Exists(lines => Entries(lines).Exists(entries =>
            entries.All(e => e.Section != "remote" && !ChangesTheWorkTree(e))));

    // core.worktree, or core.bare other than false: libgit2 would not take the folder as a checkout of its own.
    private static bool ChangesTheWorkTree(Entry e) =>
        e.Section == "core" && (e.Key == "worktree" || e.Key == "bare" && !string.Equals(e.Value, "false", StringComparison.OrdinalIgnoreCase));

    // Origin's URL from the checkout's config, none without an origin; false when the config does not read plainly.
    private static bool TryOrigin(string config, out Option<string> url)
    {
        url = None;
        foreach (var entries in Lines(config).Bind(Entries))
        {
            if (entries.Any(ChangesTheWorkTree)) return false;
            if (entries.Any(e => e.Section == "core" && e.Key == "repositoryformatversion" && e.Value is not ("0" or "1"))) return false;
            var origin = entries.Where(e => e.Section == "remote" && e.Subsection == "origin").ToList();
            if (origin.Any(e => e.Key == "pushurl")) return false;
            var urls = origin.Where(e => e.Key == "url").Select(e => e.Value ?? "").ToList();
            if (urls.Count == 0) return true;
            url = urls[0];
            return urls.Count == 1 && urls[0].Length > 0 && !urls[0].Any(c => c is '"' or '#' or ';' || char.IsWhiteSpace(c));
        }
        return false;
    }

    private sealed record Entry(string Section, string Subsection, string Key, string? Value);

    // Every key of a config that reads plainly, with its section (lower case) and subsection (as written).
    private static Option<List<Entry>> Entries(string[] lines)
    {
        var entries = new List<Entry>();
        string? section = null, subsection = null;
        foreach (var raw in lines)
        {
            var line = raw.TrimStart(' ', '\t');
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[')
            {
                if (!SectionHeader(line, out var name, out var sub)) return None;
                if (name is "include" or "includeif" or "url" or "extensions") return None;
                (section, subsection) = (name, sub);
                continue;
            }
            if (section is null || !KeyLine(line, out var key, out var value)) return None;
            entries.Add(new Entry(section, subsection ?? "", key, value));
        }
        return entries;
    }

    // [name] or [name "subsection"], nothing after it; a name with a dot is the old form, left to libgit2.
    private static bool SectionHeader(string line, out string name, out string? subsection)
    {
        (name, subsection) = ("", null);
        var end = line.IndexOf(']');
        if (end < 0 || line[(end + 1)..].Trim(' ', '\t').Length != 0) return false;
        var inside = line[1..end];
        var quote = inside.IndexOf('"');
        var head = quote < 0 ? inside : inside[..quote];
        if (quote >= 0)
        {
            if (head.Length == 0 || !head.EndsWith(' ') || inside[^1] != '"' || inside.Length - quote < 2) return false;
            subsection = inside[(quote + 1)..^1];
            if (subsection.Contains('"')) return false;
            head = head.TrimEnd(' ');
        }
        if (head.Length == 0 || !head.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return false;
        name = head.ToLowerInvariant();
        return true;
    }

    // key, or key = value; a value's quotes balanced, its comment cut, its ends trimmed.
    private static bool KeyLine(string line, out string key, out string? value)
    {
        (key, value) = ("", null);
        var length = 0;
        while (length < line.Length && (char.IsAsciiLetterOrDigit(line[length]) || line[length] == '-')) length++;
        if (length == 0 || !char.IsAsciiLetter(line[0])) return false;
        key = line[..length].ToLowerInvariant();
        var rest = line[length..].TrimStart(' ', '\t');
        if (rest.Length == 0 || rest[0] is '#' or ';') return true;
        if (rest[0] != '=') return false;
        var text = new StringBuilder();
        var quoted = false;
        foreach (var c in rest[1..])
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && c is '#' or ';') break;
            text.Append(c);
        }
        if (quoted) return false;
        value = text.ToString().Trim(' ', '\t');
        return true;
    }

    // A config's lines, when it is small, UTF-8, without a byte-order mark, a backslash (an escape, or a line
    // continued), a carriage return or another control character but tab (git reads a value up to a NUL,
    // and PostgreSQL refuses one).
    private static Option<string[]> Lines(string path)
    {
        var bytes = ReadSmall(path, MaxConfig);
        if (bytes is null || bytes.AsSpan().StartsWith("\uFEFF"u8)) return None;
        foreach (var b in bytes)
            if (b is (byte)'\\' or 0x7f || b < 0x20 && b is not ((byte)'\t' or (byte)'\n')) return None;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).Split('\n');
        }
        catch (DecoderFallbackException)
        {
            return None;
        }
    }

    // The branch's commit: its loose ref, else its line in packed-refs, else none (an unborn branch);
    // false when one of those files has another shape.
    private static bool TryTip(string gitDir, string branch, out Option<string> sha)
    {
        sha = None;
        var loose = Path.Combine(gitDir, "refs", "heads", branch);
        if (Directory.Exists(loose)) return false;
        if (File.Exists(loose))
        {
            var text = ReadSmall(loose, 128) is { } bytes ? Encoding.ASCII.GetString(bytes) : "";
            if (text.Length != 41 || text[40] != '\n' || !IsObjectId(text.AsSpan(0, 40))) return false;
            sha = text[..40];
            return true;
        }
        var packed = Path.Combine(gitDir, "packed-refs");
        if (!File.Exists(packed)) return true;
        var all = ReadSmall(packed, MaxPackedRefs);
        if (all is null || all.Length == 0 || all[^1] != (byte)'\n') return false;
        var name = "refs/heads/" + branch;
        var lines = Encoding.UTF8.GetString(all).Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            if (i == 0 && line.StartsWith("# pack-refs with:", StringComparison.Ordinal)) continue;
            if (line.Length == 41 && line[0] == '^' && IsObjectId(line.AsSpan(1))) continue;
            if (line.Length < 42 || line[40] != ' ' || !IsObjectId(line.AsSpan(0, 40))) return false;
            // The first line of a name counts, as for git.
            if (sha.IsNone && line.AsSpan(41).SequenceEqual(name)) sha = line[..40];
        }
        return true;
    }

    private static bool IsObjectId(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (!char.IsAsciiHexDigitLower(c)) return false;
        return text.Length == 40;
    }

    // The whole file, when it is a regular file shorter than max.
    private static byte[]? ReadSmall(string path, int max)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        if (stream.Length >= max) return null;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
