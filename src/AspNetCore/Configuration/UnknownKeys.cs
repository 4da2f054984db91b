using Microsoft.Extensions.Configuration;

namespace GitReload.AspNetCore.Configuration;

/// <summary>
/// Keys of GitReload's configuration section that no option binds (a typo, a key of the host alone
/// such as <c>LOG_LEVEL</c>): each is logged once as a warning at start, by name, never by value.
/// </summary>
internal sealed partial class UnknownKeys(IReadOnlyList<string> keys, string section, ILogger<GitReloadOptions> log) : IHostedService
{
    /// <summary>The keys of <paramref name="section"/> that <see cref="GitReloadOptions"/> does not know.</summary>
    public static IReadOnlyList<string> In(IConfigurationSection section) =>
        section.GetChildren().Select(c => c.Key).Where(k => !Known.Contains(k)).Order(StringComparer.Ordinal).ToList();

    private static readonly HashSet<string> Known = SettingKeys.All.Where(s => s.ReadByEmbedder).Select(s => s.Key)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var key in keys)
            Unknown(log, key, section);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitReload ignores the configuration key {Key} in {Section}: no GitReload option has that name")]
    private static partial void Unknown(ILogger log, string key, string section);
}
