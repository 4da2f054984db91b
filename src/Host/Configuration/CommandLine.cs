using LanguageExt;

namespace GitReload.Host.Configuration;

/// <summary>What the <c>gitreload</c> command was asked to do.</summary>
public enum Verb
{
    Serve,
    CheckConfig,
    FleetForget,
    Help,
    Version,
}

/// <summary>The <c>gitreload</c> command line: a verb and the flags that feed the configuration.</summary>
public sealed record CommandLine(Verb Verb, string[] Flags)
{
    /// <summary>The host that <c>fleet forget</c> retires; None for every other verb.</summary>
    public Option<string> Subject { get; init; }

    public const string Usage = """
        Usage: gitreload [check-config | fleet forget HOST] [--host H] [--port P] [--config FILE] [--log-level LEVEL]

          (no verb)          serve the webhooks (default 127.0.0.1:5000)
          check-config       print the effective configuration and exit non-zero if it is unusable
          fleet forget HOST  retire HOST from the fleet: its waiting jobs are cancelled and it
                             leaves /hosts and the dashboard (stop it first)
          --version          print the version
          --help             print this text

        Configuration comes from the flags, then the environment, then the first of
        $GITRELOAD_CONFIG, ./gr.env.json, ~/gr.env.json, ~/.gr.env.json, /etc/gr.env.json.
        """;

    public static readonly IDictionary<string, string> FlagKeys = new Dictionary<string, string>
    {
        ["--host"] = Keys.Host,
        ["--port"] = Keys.Port,
        ["--config"] = Keys.ConfigFile,
        ["--log-level"] = Keys.LogLevel,
    };

    /// <summary>Reads the arguments, or says which one is not understood.</summary>
    public static Either<InvocationError, CommandLine> Parse(string[] args)
    {
        if (args.Any(a => a is "--help" or "-h" or "help"))
            return new CommandLine(Verb.Help, []);
        if (args.Any(a => a is "--version"))
            return new CommandLine(Verb.Version, []);

        if (args.Length > 0 && args[0] == "fleet" && (args.Length < 3 || args[1] != "forget" || args[2].StartsWith('-')))
            return new InvocationError.FleetUsage();
        var (verb, subject, flags) = args.Length == 0 ? (Verb.Serve, Option<string>.None, args) : args[0] switch
        {
            "fleet" => (Verb.FleetForget, Prelude.Some(args[2]), args[3..]),
            "check-config" => (Verb.CheckConfig, Option<string>.None, args[1..]),
            _ => (Verb.Serve, Option<string>.None, args),
        };
        for (var i = 0; i < flags.Length; i++)
        {
            var name = flags[i].Split('=', 2)[0];
            if (!FlagKeys.ContainsKey(name))
                return verb == Verb.Serve && flags[i] is "check-config" or "fleet"
                    ? new InvocationError.CommandNotFirst(flags[i], CommandFirst(flags, i))
                    : new InvocationError.UnknownArgument(flags[i]);
            if (!flags[i].Contains('=') && ++i >= flags.Length)
                return new InvocationError.MissingValue(name);
        }

        return new CommandLine(verb, flags) { Subject = subject };
    }

    // The same words with the command's (check-config, or fleet forget HOST) moved to the front.
    private static string CommandFirst(string[] flags, int at)
    {
        var words = flags[at] == "fleet" && flags.Length > at + 2 && flags[at + 1] == "forget" && !flags[at + 2].StartsWith('-') ? 3 : 1;
        var line = flags.Skip(at).Take(words).Concat(flags.Take(at)).Concat(flags.Skip(at + words));
        return "gitreload " + string.Join(' ', line.Select(w => w.Any(char.IsWhiteSpace) ? $"'{w}'" : w));
    }
}
