namespace GitReload.Domain.Hooks;

/// <summary>What a webhook delivery says, once the forge-specific envelope is removed.</summary>
public abstract record HookEvent
{
    private HookEvent() { }

    /// <summary>The forge checks that the hook is reachable.</summary>
    public sealed record Ping : HookEvent;

    /// <summary>Commits were pushed.</summary>
    public sealed record Push(PushEvent Event) : HookEvent;

    /// <summary>Any event GitReload does not act on (issues, releases, no event header...).</summary>
    public sealed record Unhandled(string EventName) : HookEvent;

    /// <summary>A push whose body could not be read; <paramref name="Reason"/> says what is missing.</summary>
    public sealed record Malformed(string Reason) : HookEvent;

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Ping, T> ping, Func<Push, T> push, Func<Unhandled, T> unhandled, Func<Malformed, T> malformed) =>
        this switch
        {
            Ping p => ping(p),
            Push p => push(p),
            Unhandled u => unhandled(u),
            Malformed m => malformed(m),
            _ => throw new System.Diagnostics.UnreachableException(),
        };
}
