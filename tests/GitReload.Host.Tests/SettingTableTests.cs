using GitReload.Tests.Shared;
using System.Reflection;
using System.Text.RegularExpressions;
using GitReload.AspNetCore;
using GitReload.AspNetCore.Configuration;
using Microsoft.Extensions.Configuration;

namespace GitReload.Host.Tests;

/// <summary>
/// A key is added in one table (<see cref="SettingKeys.All"/>); everything a person reads or an embedder sets
/// about it must follow: an option to set it, a row of the README's configuration table with the same default.
/// </summary>
public sealed partial class SettingTableTests
{
    [Fact]
    public void Every_key_an_embedder_reads_has_an_option_and_every_option_a_key()
    {
        var bound = typeof(GitReloadOptions).GetProperties()
            .SelectMany(p => p.GetCustomAttribute<ConfigurationKeyNameAttribute>() is { } a ? [a.Name] : Array.Empty<string>())
            .ToHashSet();
        var table = SettingKeys.All.Where(s => s.ReadByEmbedder).Select(s => s.Key).ToHashSet();

        var missing = table.Except(bound).Select(k => $"{k}: add a GitReloadOptions property with [ConfigurationKeyName(\"{k}\")]")
            .Concat(bound.Except(table).Select(k => $"{k}: GitReloadOptions binds it, but SettingKeys.All has no row for it"))
            .ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void Every_key_the_host_reads_has_a_row_in_the_readme_with_the_tables_default()
    {
        var rows = ReadmeRows();
        var wrong = new List<string>();
        foreach (var setting in SettingKeys.All.Where(s => s.ReadByHost))
        {
            if (!rows.TryGetValue(setting.Key, out var shown))
            {
                wrong.Add($"{setting.Key}: add a row to the README's configuration table");
                continue;
            }
            setting.Default.Match(
                Some: value =>
                {
                    if (shown != $"`{value}`")
                        wrong.Add($"{setting.Key}: the README shows the default {shown}, SettingDefaults says `{value}`");
                },
                None: () =>
                {
                    if (!shown.StartsWith("unset", StringComparison.Ordinal) && shown != "`{}`" && !ComputedByTheHost.Contains(setting.Key))
                        wrong.Add($"{setting.Key}: the README shows the default {shown}, SettingKeys.All has none (write unset)");
                });
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Every_key_only_an_embedder_reads_is_told_in_the_readme()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var missing = SettingKeys.All.Where(s => s.Scope == SettingScope.EmbeddingOnly && !readme.Contains($"`{s.Key}`", StringComparison.Ordinal))
            .Select(s => $"{s.Key}: say in the README's embedding section what it does").ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void Every_key_the_host_alone_reads_is_named_where_the_readme_tells_an_embedder_what_it_does_not_get()
    {
        // Every other key applies when embedded; the README lists the exceptions, so they are what must not drift.
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var start = readme.IndexOf("- **The host's alone**:", StringComparison.Ordinal);
        Assert.True(start >= 0, "the README's embedding section has no bullet '- **The host's alone**:'");
        var bullet = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        var missing = SettingKeys.All.Where(s => s.Scope == SettingScope.HostOnly && !bullet.Contains($"`{s.Key}`", StringComparison.Ordinal))
            .Select(s => $"{s.Key}: name it in the README's '- **The host's alone**' bullet").ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    // Defaults the host works out when it starts (the machine's name, XDG_STATE_HOME, its logging level).
    private static readonly string[] ComputedByTheHost = [SettingKeys.HostId, SettingKeys.StateDir, SettingKeys.LogLevel];

    // Key -> its default cell's value for that key: "`a`" when a row lists several keys and as many defaults,
    // otherwise the row's whole default cell up to its first space (so "`0` (off)" reads as "`0`").
    private static Dictionary<string, string> ReadmeRows()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "README.md"));
        var header = Array.IndexOf(lines, "| key | default | meaning |");
        Assert.True(header >= 0, "the README has no configuration table (| key | default | meaning |)");
        var rows = new Dictionary<string, string>();
        foreach (var line in lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Split(" | ");
            var keys = Code().Matches(cells[0]).Select(m => m.Value).ToList();
            var defaults = Code().Matches(cells[1]).Select(m => m.Value).ToList();
            for (var i = 0; i < keys.Count; i++)
                rows[keys[i].Trim('`')] = keys.Count > 1 && defaults.Count == keys.Count ? defaults[i] : cells[1].Split(' ')[0].TrimEnd(',');
        }
        return rows;
    }

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex Code();

    private static string Root => RepositoryRoot.Path;
}
