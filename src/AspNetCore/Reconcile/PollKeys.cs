using GitReload.Domain.Reconcile;
using LanguageExt;

namespace GitReload.AspNetCore.Reconcile;

/// <summary>The one set of rules <c>POLL</c> is read by, whether from the gitreload host's configuration or an embedder's options.</summary>
public static class PollKeys
{
    /// <summary>The checkouts followed, or one line per entry that cannot be.</summary>
    public static Either<Seq<string>, PollMap> Map(IEnumerable<KeyValuePair<string, string?>> entries) =>
        PollMap.Parse(entries).MapLeft(errors => errors.Map(e => e.Message));

    /// <summary>The checkouts followed, or one line per entry that cannot be.</summary>
    public static Either<Seq<string>, PollMap> Map(IReadOnlyDictionary<string, string> entries) =>
        Map(entries.Select(e => KeyValuePair.Create(e.Key, (string?)e.Value)));
}
