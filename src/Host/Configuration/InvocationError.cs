using System.Diagnostics;
using LanguageExt.Common;

namespace GitReload.Host.Configuration;

/// <summary>
/// Why <c>gitreload</c> cannot even read its settings: the command line is not understood, or the
/// configuration file it names does not exist. The message is the one line the command prints.
/// </summary>
public abstract record InvocationError : Expected
{
    private InvocationError(string message) : base(message, 2, default) { }

    /// <summary>An argument that is no verb and no known flag.</summary>
    public sealed record UnknownArgument(string Argument) : InvocationError($"Unknown argument '{Argument}'. Run 'gitreload --help'.");

    /// <summary>A command given after a flag: <paramref name="Instead"/> is the same line with the command first.</summary>
    public sealed record CommandNotFirst(string Command, string Instead)
        : InvocationError($"Unknown argument '{Command}': a command (check-config, fleet forget HOST) goes first: {Instead}");

    /// <summary>A flag given last, without its value.</summary>
    public sealed record MissingValue(string Flag) : InvocationError($"{Flag} needs a value. Run 'gitreload --help'.");

    /// <summary><c>fleet</c> without <c>forget HOST</c>.</summary>
    public sealed record FleetUsage() : InvocationError("Usage: gitreload fleet forget HOST. Run 'gitreload --help'.");

    /// <summary>The file that <c>--config</c> or <c>$GITRELOAD_CONFIG</c> (<paramref name="From"/>) names is not there.</summary>
    public sealed record MissingConfigFile(string Path, string From) : InvocationError($"Config file {Path} (from {From}) does not exist");

    /// <summary>Handles every case.</summary>
    public T Match<T>(
        Func<UnknownArgument, T> unknownArgument, Func<CommandNotFirst, T> commandNotFirst, Func<MissingValue, T> missingValue, Func<FleetUsage, T> fleetUsage, Func<MissingConfigFile, T> missingConfigFile) => this switch
    {
        UnknownArgument u => unknownArgument(u),
        CommandNotFirst n => commandNotFirst(n),
        MissingValue m => missingValue(m),
        FleetUsage f => fleetUsage(f),
        MissingConfigFile c => missingConfigFile(c),
        _ => throw new UnreachableException(),
    };

    /// <inheritdoc />
    public override string ToString() => Message;
}
