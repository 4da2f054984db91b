using LanguageExt;

namespace GitReload.Domain.Fleet;

/// <summary>Which hosts run a job.</summary>
public abstract record JobTargets
{
    private JobTargets(Seq<HostId> hosts) => Hosts = hosts;

    /// <summary>The hosts named: those that run the job, or those that could take it.</summary>
    public Seq<HostId> Hosts { get; }

    /// <summary>Every one of the hosts runs the job on its own checkout (an update).</summary>
    public sealed record Each : JobTargets
    {
        /// <summary>Every one of <paramref name="hosts"/> runs the job.</summary>
        public Each(Seq<HostId> hosts) : base(hosts) { }
    }

    /// <summary>One host that holds the checkout runs the job, once for the whole fleet (an import).</summary>
    public sealed record AnyOne : JobTargets
    {
        /// <summary>One host runs the job; <paramref name="hosts"/> could take it now.</summary>
        public AnyOne(Seq<HostId> hosts) : base(hosts) { }
    }

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Each, T> each, Func<AnyOne, T> anyOne) => this switch
    {
        Each e => each(e),
        AnyOne a => anyOne(a),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    /// <inheritdoc />
    public sealed override string ToString() => Match(
        each: _ => $"each of [{string.Join(", ", Hosts)}]",
        anyOne: _ => $"any one of [{string.Join(", ", Hosts)}]");
}
