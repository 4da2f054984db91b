using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Domain.Fleet;

/// <summary>
/// Names one GitReload host of a fleet (<c>HOST_ID</c>, by default the machine's host name): at
/// most <see cref="MaxLength"/> printable characters, no spaces.
/// </summary>
public sealed record HostId
{
    /// <summary>Longest id accepted: a DNS name fits.</summary>
    public const int MaxLength = 253;

    private HostId(string value) => Value = value;

    /// <summary>The id, as hosts, jobs and logs show it.</summary>
    public string Value { get; }

    /// <summary>Accepts a host id, or says why it cannot be one.</summary>
    public static Either<Error, HostId> Parse(string? candidate) =>
        !string.IsNullOrEmpty(candidate) && candidate.Length <= MaxLength && !candidate.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            ? new HostId(candidate)
            : new NotValid.NotAHostId();

    /// <inheritdoc />
    public override string ToString() => Value;
}
