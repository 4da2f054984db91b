namespace GitReload.Adapters.Http.Hooks;

/// <summary>A request refused before any decision: its answer is <see cref="HookAnswers.For(RequestRefusal)"/>.</summary>
public enum RequestRefusal
{
    /// <summary>A hook whose signature is missing or wrong.</summary>
    InvalidSignature,
    /// <summary>A hook body over <c>MAX_PAYLOAD_BYTES</c>.</summary>
    BodyTooLarge,
    /// <summary>A hook body not received within the body time limit.</summary>
    BodyTooSlow,
    /// <summary>A hook body that does not fit in the memory left for bodies being read.</summary>
    TooManyBodies,
    /// <summary>An operator route asked without the admin token.</summary>
    InvalidToken,
    /// <summary>An operator route asked from an address locked out after wrong tokens.</summary>
    TooManyInvalidTokens,
    /// <summary>An operator route when no admin token is set.</summary>
    NoOperatorRoutes,
    /// <summary>A job the journal does not hold.</summary>
    NoSuchJob,
}
