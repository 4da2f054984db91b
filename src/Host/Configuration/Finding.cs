using System.Diagnostics;

namespace GitReload.Host.Configuration;

/// <summary>Something about the configuration that the values alone do not show: found on this machine, before the service runs.</summary>
public abstract record Finding
{
    private Finding() { }

    /// <summary>What to tell the operator.</summary>
    public abstract string Text { get; }

    /// <summary>The service would start, but cannot do its work: <c>check-config</c> fails.</summary>
    public sealed record Problem(string Text) : Finding
    {
        /// <inheritdoc />
        public override string Text { get; } = Text;
    }

    /// <summary>Worth knowing; the service works.</summary>
    public sealed record Warning(string Text) : Finding
    {
        /// <inheritdoc />
        public override string Text { get; } = Text;
    }

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Problem, T> problem, Func<Warning, T> warning) => this switch
    {
        Problem p => problem(p),
        Warning w => warning(w),
        _ => throw new UnreachableException(),
    };
}
