using LanguageExt;

namespace GitReload.Adapters.Http.Admin;

/// <summary>The operator routes exist only when <paramref name="Token"/> (<c>ADMIN_TOKEN</c>) is set.</summary>
public sealed record AdminSettings(Option<string> Token)
{
    /// <summary>No operator routes.</summary>
    public static AdminSettings Disabled { get; } = new(Option<string>.None);

    /// <summary>Who got the token wrong lately, and how long each must wait.</summary>
    public AdminGuard Guard { get; } = new();
}
