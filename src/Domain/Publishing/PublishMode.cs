namespace GitReload.Domain.Publishing;

/// <summary>How an update brings a checkout to its new commit (<c>PUBLISH</c>).</summary>
public enum PublishMode
{
    /// <summary>Fetch, hard reset and clean the checkout folder where it stands; a reader may meet two commits at once for a moment.</summary>
    InPlace,

    /// <summary>Check the new commit out into a fresh tree, check it, then point <c>REPODIR/&lt;name&gt;</c> at it in one step.</summary>
    Atomic,
}
