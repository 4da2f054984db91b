namespace GitReload.Domain.Hooks;

/// <summary>The kind of server that sent a delivery.</summary>
public enum Forge
{
    /// <summary>No forge's event header was present.</summary>
    Unknown,

    /// <summary>GitHub or GitHub Enterprise.</summary>
    GitHub,

    /// <summary>Gitea.</summary>
    Gitea,

    /// <summary>Forgejo (Codeberg and others).</summary>
    Forgejo,

    /// <summary>GitLab, hosted or self-managed.</summary>
    GitLab,

    /// <summary>Bitbucket Cloud.</summary>
    Bitbucket,
}
