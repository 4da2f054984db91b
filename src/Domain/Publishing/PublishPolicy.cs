using GitReload.Domain.Hooks;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Domain.Publishing;

/// <summary>
/// Which checkouts are published atomically (<c>PUBLISH</c>): a mode per checkout name, and one for
/// every other checkout under <c>"*"</c>; in place when neither says.
/// </summary>
public sealed record PublishPolicy
{
    /// <summary>The key that stands for every checkout not named.</summary>
    public const string Others = "*";

    private readonly IReadOnlyDictionary<string, PublishMode> byName;
    private readonly PublishMode otherwise;

    private PublishPolicy(IReadOnlyDictionary<string, PublishMode> byName, PublishMode otherwise) =>
        (this.byName, this.otherwise) = (byName, otherwise);

    /// <summary>Every checkout in place: the default.</summary>
    public static PublishPolicy InPlace { get; } = new(new Dictionary<string, PublishMode>(), PublishMode.InPlace);

    /// <summary>The mode of <paramref name="repo"/>.</summary>
    public PublishMode For(RepoName repo) => byName.TryGetValue(repo.Value, out var mode) ? mode : otherwise;

    /// <summary>Every name with its mode as <c>PUBLISH</c> spells it, and <c>"*"</c> with the mode of the others.</summary>
    public IEnumerable<KeyValuePair<string, string>> Entries =>
        byName.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, NameOf(e.Value)))
            .Append(KeyValuePair.Create(Others, NameOf(otherwise)));

    /// <summary>Whether any checkout is published atomically.</summary>
    public bool AnyAtomic => otherwise == PublishMode.Atomic || byName.Values.Contains(PublishMode.Atomic);

    /// <summary>
    /// Reads <c>PUBLISH</c>'s entries: each key a checkout name or <c>"*"</c>, each value <c>in-place</c>
    /// or <c>atomic</c>; or says what is wrong, one problem a line.
    /// </summary>
    public static Either<Error, PublishPolicy> Parse(IEnumerable<KeyValuePair<string, string?>> entries)
    {
        var problems = new List<string>();
        var byName = new Dictionary<string, PublishMode>(StringComparer.Ordinal);
        var otherwise = PublishMode.InPlace;
        var seen = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            var mode = ModeNamed(value);
            if (mode.IsNone)
                problems.Add($"PUBLISH gives {key} '{value}'; the mode is in-place or atomic");
            if (key != Others && RepoName.Parse(key).IsLeft)
                problems.Add($"PUBLISH names '{key}', which is neither a checkout name nor \"*\"");
            else if (!seen.Add(key))
                problems.Add($"PUBLISH names {key} twice");
            foreach (var m in mode)
            {
                if (key == Others) otherwise = m;
                else byName[key] = m;
            }
        }
        return problems.Count == 0
            ? new PublishPolicy(byName, otherwise)
            : new NotValid.NotAPublishPolicy(problems.ToSeq().Strict());
    }

    /// <summary>The mode spelled <paramref name="name"/> (<c>in-place</c> or <c>atomic</c>, any case).</summary>
    public static Option<PublishMode> ModeNamed(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "in-place" => PublishMode.InPlace,
        "atomic" => PublishMode.Atomic,
        _ => Option<PublishMode>.None,
    };

    /// <summary>How <c>PUBLISH</c> spells <paramref name="mode"/>.</summary>
    public static string NameOf(PublishMode mode) => mode == PublishMode.Atomic ? "atomic" : "in-place";

    /// <summary>As <c>check-config</c> shows it: every name with its mode, then <c>"*"</c>.</summary>
    public override string ToString() => "{" + string.Join(", ", Entries.Select(e => $"\"{e.Key}\": \"{e.Value}\"")) + "}";

    /// <inheritdoc />
    public bool Equals(PublishPolicy? other) => other is not null && other.ToString() == ToString();

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
