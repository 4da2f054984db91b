using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LanguageExt;
using GitReload.AspNetCore.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Serilog.Events;

namespace GitReload.Host.Configuration;

/// <summary>Why the configuration cannot be used: every problem, each naming its key and source, with the warnings found on the way.</summary>
public sealed record ConfigRefusal(Seq<ConfigProblem> Problems, Seq<string> Warnings)
{
    /// <summary>Says why, a line each, and gives the exit code of a command that could not start.</summary>
    public async Task<int> Tell(TextWriter errors)
    {
        foreach (var problem in Problems)
            await errors.WriteLineAsync($"gitreload: {problem}");
        foreach (var warning in Warnings)
            await errors.WriteLineAsync($"gitreload: warning: {warning}");
        return 2;
    }
}

/// <summary>The settings as read, with where each value came from and what the file holds that GitReload ignores.</summary>
public sealed record LoadedConfiguration(GitReloadSettings Settings, ConfigSources Sources, Option<string> File)
{
    /// <summary>Keys in the file that GitReload does not know (a typo, most likely), each naming the nearest known key.</summary>
    public Seq<string> Warnings { get; init; } = Empty;
}

/// <summary>The layers of the configuration, lowest precedence first, each with a label a person understands.</summary>
public sealed record ConfigSources(IConfigurationRoot Root, IReadOnlyList<string> Labels)
{
    /// <summary>Which layer gave <paramref name="key"/> its value: a file, the environment, the command line or the default.</summary>
    public string SourceOf(string key)
    {
        for (var i = Root.Providers.Count() - 1; i >= 0; i--)
        {
            var provider = Root.Providers.ElementAt(i);
            if (provider.TryGet(key, out _) || provider.GetChildKeys([], key).Any())
                return Labels[i];
        }
        return "default";
    }
}

/// <summary>Reads flags, environment, the first <c>gr.env.json</c> found and the defaults, highest precedence first.</summary>
public static class SettingsLoader
{
    private static readonly Dictionary<string, LogEventLevel> LogLevels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["DEBUG"] = LogEventLevel.Debug,
        ["INFO"] = LogEventLevel.Information,
        ["WARNING"] = LogEventLevel.Warning,
        ["ERROR"] = LogEventLevel.Error,
        ["CRITICAL"] = LogEventLevel.Fatal,
        // Python's logging takes these too, and gr.env.json files written for the Python gitreload use them.
        ["WARN"] = LogEventLevel.Warning,
        ["FATAL"] = LogEventLevel.Fatal,
        // On Python's root logger NOTSET lets everything through.
        ["NOTSET"] = LogEventLevel.Verbose,
    };

    /// <summary>The settings, or one line per problem (with the warnings found on the way).</summary>
    public static Either<ConfigRefusal, LoadedConfiguration> Load(
        string[] flags, IReadOnlyDictionary<string, string?> environment, string currentDirectory, string homeDirectory)
    {
        var flagConfig = new ConfigurationBuilder().AddCommandLine(flags, CommandLine.FlagKeys).Build();
        return ConfigFile.Find(flagConfig[Keys.ConfigFile], environment, currentDirectory, homeDirectory).Match(
            Right: path => Load(path, flags, environment, homeDirectory),
            Left: missing => Either<ConfigRefusal, LoadedConfiguration>.Left(new ConfigRefusal(Seq1(FileProblem.Missing(missing)), Empty)));
    }

    private static Either<ConfigRefusal, LoadedConfiguration> Load(
        Option<string> path, string[] flags, IReadOnlyDictionary<string, string?> environment, string homeDirectory)
    {
        var shape = path.Match(FileShapeOf, () => FileFindings.None);
        // The configuration reader would only say its own, vaguer words about such a file.
        if (shape.Unreadable)
            return new ConfigRefusal(shape.Problems, shape.Warnings);
        var builder = new ConfigurationBuilder().AddInMemoryCollection(
            Keys.Defaults.Append(new KeyValuePair<string, string?>(Keys.StateDir, Keys.DefaultStateDir(environment, homeDirectory))));
        var sources = new List<string> { "default" };
        foreach (var p in path)
        {
            // The default file provider hides dot files, and ~/.gr.env.json is one.
            builder.AddJsonFile(source =>
            {
                source.FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(p)!, ExclusionFilters.None);
                source.Path = Path.GetFileName(p);
                source.Optional = false;
            });
            sources.Add(p);
        }
        builder.AddInMemoryCollection(environment.Where(e => Keys.Printed.Contains(e.Key)));
        sources.Add("environment");
        builder.AddCommandLine(flags, CommandLine.FlagKeys);
        sources.Add("command line");

        IConfigurationRoot root;
        try
        {
            root = builder.Build();
        }
        catch (InvalidDataException e)
        {
            return new ConfigRefusal(Seq1(FileProblem.NotJson(path.IfNone("config file"), e.InnerException?.Message ?? e.Message)), shape.Warnings);
        }

        return Parse(root, path, sources, shape).BiMap(
            Right: loaded => loaded with { Warnings = shape.Warnings },
            Left: problems => new ConfigRefusal(problems, shape.Warnings));
    }

    // The file parsed as JSON first, for what the configuration reader hides or words badly: where the JSON
    // breaks, kinds of values, unknown keys. Comments and trailing commas are allowed, as that reader allows them.
    private static FileFindings FileShapeOf(string path)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return FileShape.Check(path, json.RootElement);
        }
        catch (JsonException e)
        {
            return new FileFindings(Seq1(FileProblem.NotJson(path, $"line {e.LineNumber + 1}, column {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}")), Empty, Unreadable: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileFindings(Seq1(FileProblem.Unreadable(path, e.Message)), Empty, Unreadable: true);
        }
    }

    // System.Text.Json ends its messages with where it was, which the line above already says.
    private static string FirstSentence(string message) => message.Split(" LineNumber:", 2)[0].TrimEnd();

    // GitReload's keys by the rules every embedder's are read by (GitReloadConfig.Parse); the host's own beside them.
    private static Either<Seq<ConfigProblem>, LoadedConfiguration> Parse(IConfigurationRoot root, Option<string> file, List<string> sources, FileFindings shape)
    {
        var layers = new ConfigSources(root, sources);
        var fileProblems = shape.Problems;
        var given = SettingValues.Of(root, layers.SourceOf);
        // A list or map the file gives is read as the file wrote it, so the rules see its JSON types.
        var values = given with
        {
            Text = key => shape.Json.TryGetValue(key, out var json) && file.Exists(f => layers.SourceOf(key) == f) ? Some(json) : given.Text(key),
        };
        var read = new ValueRules(values);
        var host = ListenHost.Parse(read.Raw(Keys.Host)).Match(Right: h => h, Left: why =>
        {
            read.Fail(Keys.Host, why);
            return "";
        });
        var port = read.Parsed(Keys.Port, Shown(Keys.Port), s => int.TryParse(s, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 65535 ? Some(v) : None, "a port number (0-65535)");
        // Kestrel listens on 127.0.0.1 and ::1 for localhost, and cannot pick one free port for both: it would throw at start.
        if (host == "localhost" && port == 0 && read.Given(Keys.Port).IsSome)
            read.Fail(Keys.Host, "--host localhost cannot take --port 0 (localhost is both 127.0.0.1 and ::1, which cannot share a port picked at start): give --host 127.0.0.1 or ::1 with --port 0, or a port number");
        var level = read.Parsed(Keys.LogLevel, s => s.Length == 0 ? Some(LogEventLevel.Warning) : LogLevels.TryGetValue(s, out var l) ? Some(l) : None, "one of DEBUG, INFO, WARNING, ERROR, CRITICAL");
        var format = read.Parsed(Keys.LogFormat, s => s.Length == 0 ? Some(LogFormat.Text) : Enum.TryParse<LogFormat>(s, ignoreCase: true, out var f) && Enum.IsDefined(f) ? Some(f) : None, "text or json");
        var otlp = read.HttpUrl(Keys.OtlpEndpoint);
        var core = GitReloadConfig.Parse(values);
        core.Match(Succ: _ => { }, Fail: problems => read.Fail(problems));
        // The host has a STATE_DIR by default: one set blank is a mistake, unless the journal is PostgreSQL.
        if (read.Given(Keys.StateDir).IsNone && read.Given(Keys.JournalUrl).IsNone)
            read.Fail(Keys.StateDir, "STATE_DIR must be a folder path, got ''");

        return read.Result(() => new GitReloadSettings(host, port, level, format, Optional(root[Keys.LogFilePath]).Filter(v => !string.IsNullOrWhiteSpace(v)), otlp,
                core.Match(Succ: c => c, Fail: _ => throw new UnreachableException("the core's problems are noted"))))
            .Match(
                Succ: settings => fileProblems.IsEmpty
                    ? Right<Seq<ConfigProblem>, LoadedConfiguration>(new LoadedConfiguration(settings, layers, file))
                    : Left<Seq<ConfigProblem>, LoadedConfiguration>(fileProblems),
                Fail: problems => Left<Seq<ConfigProblem>, LoadedConfiguration>(fileProblems + problems));
    }

    private static string Shown(string key) => key.StartsWith("cli:", StringComparison.Ordinal) ? CommandLine.FlagKeys.First(f => f.Value == key).Key : key;
}
