using LanguageExt;

namespace GitReload.AspNetCore.Configuration;

/// <summary>One row of <see cref="SettingKeys.All"/>: a key and what every way in needs to know about it.</summary>
/// <param name="Key">The name in <c>gr.env.json</c>, the environment and an embedder's section.</param>
/// <param name="Kind">How a JSON file may give it.</param>
/// <param name="Default">Its value when no source gives it, as text (from <see cref="SettingDefaults"/>); none when unset, or when the host computes one.</param>
/// <param name="Secret">Never printed.</param>
/// <param name="Scope">Who reads it.</param>
public sealed record Setting(string Key, SettingKind Kind, Option<string> Default, bool Secret, SettingScope Scope)
{
    /// <summary>Read by the gitreload host (its file and environment).</summary>
    public bool ReadByHost => Scope is SettingScope.Shared or SettingScope.HostOnly;

    /// <summary>Read by an embedder's section and <see cref="GitReloadOptions"/>.</summary>
    public bool ReadByEmbedder => Scope is SettingScope.Shared or SettingScope.EmbeddingOnly;
}

/// <summary>How a JSON file may give a key (the environment gives every kind as text).</summary>
public enum SettingKind
{
    /// <summary>A JSON string.</summary>
    Text,
    /// <summary>A JSON number, or a string of one.</summary>
    Number,
    /// <summary>A JSON array of strings, or that array as a JSON string.</summary>
    List,
    /// <summary>A JSON object, or that object as a JSON string.</summary>
    Map,
}

/// <summary>Who reads a key.</summary>
public enum SettingScope
{
    /// <summary>The gitreload host and an embedder alike.</summary>
    Shared,
    /// <summary>The gitreload host alone (its logging and telemetry); an embedder configures its own.</summary>
    HostOnly,
    /// <summary>An embedder alone.</summary>
    EmbeddingOnly,
}
