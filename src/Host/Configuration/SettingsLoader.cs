using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using LanguageExt;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Serilog.Events;

namespace GitReload.Host.Configuration;

/// <summary>Why the configuration cannot be used: every problem, with the warnings found on the way.</summary>
public sealed record ConfigRefusal(Seq<string> Problems, Seq<string> Warnings)
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
    };

    /// <summary>The settings, or one line per problem (with the warnings found on the way).</summary>
    public static Either<ConfigRefusal, LoadedConfiguration> Load(
        string[] flags, IReadOnlyDictionary<string, string?> environment, string currentDirectory, string homeDirectory)
    {
        var flagConfig = new ConfigurationBuilder().AddCommandLine(flags, CommandLine.FlagKeys).Build();
        return ConfigFile.Find(flagConfig[Keys.ConfigFile], environment, currentDirectory, homeDirectory).Match(
            Right: path => Load(path, flags, environment, homeDirectory),
            Left: missing => Either<ConfigRefusal, LoadedConfiguration>.Left(new ConfigRefusal(Seq1(missing.Message), Empty)));
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
            return new ConfigRefusal(Seq1($"{path.IfNone("config file")} is not valid JSON: {e.InnerException?.Message ?? e.Message}"), shape.Warnings);
        }

        return Parse(root, path, sources, shape.Problems).BiMap(
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
            return new FileFindings(Seq1($"{path} is not valid JSON: line {e.LineNumber + 1}, column {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}"), Empty, Unreadable: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileFindings(Seq1($"{path} cannot be read: {e.Message}"), Empty, Unreadable: true);
        }
    }

    // System.Text.Json ends its messages with where it was, which the line above already says.
    private static string FirstSentence(string message) => message.Split(" LineNumber:", 2)[0].TrimEnd();

    private static Either<Seq<string>, LoadedConfiguration> Parse(IConfigurationRoot root, Option<string> file, List<string> sources, Seq<string> fileProblems)
    {
        var problems = fileProblems.ToList();
        var layers = new ConfigSources(root, sources);
        string Where(string key) => layers.SourceOf(key);

        T Read<T>(string key, Func<string, T?> parse, string expected, T fallback) where T : struct
        {
            var raw = root[key] ?? "";
            if (parse(raw) is { } value) return value;
            problems.Add($"{Where(key)}: {Shown(key)} must be {expected}, got '{raw}'");
            return fallback;
        }

        var port = Read(Keys.Port, s => int.TryParse(s, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 65535 ? v : (int?)null, "a port number (0-65535)", 5000);
        var threads = Read(Keys.NumThreads, s => int.TryParse(s, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : (int?)null, "a positive whole number", 1);
        var minutes = Read(Keys.SubprocessTimeoutMinutes, s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && v < 1e6 ? v : (double?)null, "a positive number of minutes", 60);
        var maxBytes = Read(Keys.MaxPayloadBytes, s => long.TryParse(s, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : (long?)null, "a positive number of bytes", 26214400);
        var attempts = Read(Keys.MaxAttempts, s => int.TryParse(s, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : (int?)null, "a positive whole number", 3);
        var gitSeconds = Read(Keys.GitTimeoutSeconds, s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && v < 1e8 ? v : (double?)null, "a positive number of seconds", 300);
        var level = Read(Keys.LogLevel, s => s.Length == 0 ? LogEventLevel.Warning : LogLevels.TryGetValue(s, out var l) ? l : (LogEventLevel?)null, "one of DEBUG, INFO, WARNING, ERROR, CRITICAL", LogEventLevel.Warning);
        var format = Read(Keys.LogFormat, s => s.Length == 0 ? LogFormat.Text : Enum.TryParse<LogFormat>(s, ignoreCase: true, out var f) && Enum.IsDefined(f) ? f : null, "text or json", LogFormat.Text);
        var otlp = OtlpEndpoint(root[Keys.OtlpEndpoint], problems, Where);
        var command = Argv(root, Keys.ImportCommand, problems, Where);
        var verify = Argv(root, Keys.VerifyCommand, problems, Where);
        var publish = Publish(root, problems, Where);
        var publishKeep = Read(Keys.PublishKeep, s => int.TryParse(s, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : (int?)null, "a positive whole number", 2);
        var repoSecrets = RepoSecrets(root, problems, Where);
        var keepFinished = Read(Keys.MaxFinishedJobsPerRepo, s => int.TryParse(s, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : (int?)null, "a positive whole number", 1000);
        var quiet = Read(Keys.FollowUpQuietSeconds, s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && v < 3600 ? v : (double?)null, "a number of seconds, 0 or more", 1);
        var grace = Read(Keys.ShutdownGraceSeconds, s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && v < 1e6 ? v : (double?)null, "a number of seconds, 0 or more", 30);
        var reporting = ReportingConfig.Read(root, problems, Where);
        var poll = PollConfig.Read(root, problems, Where);
        var journalUrl = Optional(root[Keys.JournalUrl]).Map(text => GitReload.Adapters.Postgres.JournalUrl.Parse(text).Match(
            Right: url => Some(url),
            Left: e => { problems.Add($"{Where(Keys.JournalUrl)}: {e.Message}"); return Option<GitReload.Adapters.Postgres.JournalUrl>.None; })).Flatten();
        var hostText = Optional(root[Keys.HostId]).IfNone(Environment.MachineName);
        var hostId = GitReload.Domain.Fleet.HostId.Parse(hostText).Match(
            Right: h => Some(h),
            Left: e => { problems.Add($"{Where(Keys.HostId)}: {e.Message}, got '{hostText}'"); return None; });
        foreach (var key in Keys.Secret.Where(k => k != Keys.RepoSecrets && k != Keys.NotifyWebhookUrl && root[k] is { Length: > 0 } v && string.IsNullOrWhiteSpace(v)))
            problems.Add($"{Where(key)}: {key} is only spaces; give the secret, or leave it out");
        if (string.IsNullOrWhiteSpace(root[Keys.StateDir]) && journalUrl.IsNone)
            problems.Add($"{Where(Keys.StateDir)}: STATE_DIR must be a folder path, got ''");

        if (problems.Count > 0)
            return problems.ToSeq();

        var settings = new GitReloadSettings(
            Host: root[Keys.Host]!,
            Port: port,
            RepoDir: root[Keys.RepoDir]!,
            VirtualEnv: root[Keys.VirtualEnv]!,
            EdxPlatform: root[Keys.EdxPlatform]!,
            DjangoSettings: root[Keys.DjangoSettings]!,
            LmsCfg: root[Keys.LmsCfg]!,
            RevisionCfg: root[Keys.RevisionCfg]!,
            ImportTimeout: TimeSpan.FromMinutes(minutes),
            NumThreads: threads,
            LogLevel: level,
            LogFormat: format,
            LogFilePath: Optional(root[Keys.LogFilePath]),
            ImportCommand: command,
            MaxPayloadBytes: maxBytes,
            HookSecret: Optional(root[Keys.HookSecret]),
            RepoSecrets: repoSecrets,
            OtlpEndpoint: otlp,
            MaxAttempts: attempts,
            GitTimeout: TimeSpan.FromSeconds(gitSeconds),
            AdminToken: Optional(root[Keys.AdminToken]),

            StateDir: root[Keys.StateDir] ?? "",
            MaxFinishedJobsPerRepo: keepFinished,
            ShutdownGrace: TimeSpan.FromSeconds(grace),
            FollowUpQuiet: TimeSpan.FromSeconds(quiet))
        {
            Reporting = reporting,
            Poll = poll,
            JournalUrl = journalUrl,
            Publish = publish,
            PublishKeep = publishKeep,
            VerifyCommand = verify,
            HostId = hostId.IfNone(() => throw new System.Diagnostics.UnreachableException()),
        };
        return new LoadedConfiguration(settings, layers, file);
    }

    private static Option<Uri> OtlpEndpoint(string? text, List<string> problems, Func<string, string> where)
    {
        if (string.IsNullOrEmpty(text))
            return None;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            return uri;
        problems.Add($"{where(Keys.OtlpEndpoint)}: {Keys.OtlpEndpoint} must be an http(s) URL, got '{text}'");
        return None;
    }

    // IMPORT_COMMAND and VERIFY_COMMAND are arrays in gr.env.json and JSON strings in the environment; the highest layer wins.
    private static Option<Seq<string>> Argv(IConfigurationRoot root, string key, List<string> problems, Func<string, string> where)
    {
        var layer = HighestLayer(root, key);
        if (layer is null)
            return None;

        var items = layer.TryGet(key, out var text)
            ? JsonArray(text)
            : root.GetSection(key).GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).Select(c => c.Value).ToList();
        if (items.Count == 0 || items.Any(string.IsNullOrEmpty))
        {
            problems.Add($"{where(key)}: {key} must be a JSON array of non-empty strings");
            return None;
        }
        return items.Select(i => i!).ToSeq();
    }

    // PUBLISH is an object in gr.env.json and a JSON string in the environment: {"*": "atomic", "name": "in-place"}.
    private static GitReload.Domain.Publishing.PublishPolicy Publish(IConfigurationRoot root, List<string> problems, Func<string, string> where)
    {
        var layer = HighestLayer(root, Keys.Publish);
        if (layer is null)
            return GitReload.Domain.Publishing.PublishPolicy.InPlace;
        var entries = layer.TryGet(Keys.Publish, out var text)
            ? JsonObject(text)
            : root.GetSection(Keys.Publish).GetChildren().Select(c => KeyValuePair.Create(c.Key, (IReadOnlyList<string?>)[c.Value])).ToList();
        if (entries is null || entries.Any(e => e.Value.Count != 1))
        {
            problems.Add($"{where(Keys.Publish)}: PUBLISH must map checkout names, or \"*\", to \"in-place\" or \"atomic\"");
            return GitReload.Domain.Publishing.PublishPolicy.InPlace;
        }
        return GitReload.Domain.Publishing.PublishPolicy.Parse(entries.Select(e => KeyValuePair.Create(e.Key, e.Value[0]))).Match(
            Right: policy => policy,
            Left: error =>
            {
                foreach (var line in error.Message.Split('\n')) problems.Add($"{where(Keys.Publish)}: {line}");
                return GitReload.Domain.Publishing.PublishPolicy.InPlace;
            });
    }

    // The JSON provider stores an empty array or object ([] or {}) as an empty value: that is "unset", not a bad value.
    private static IConfigurationProvider? HighestLayer(IConfigurationRoot root, string key) =>
        root.Providers.Reverse().FirstOrDefault(p => (p.TryGet(key, out var value) && !string.IsNullOrWhiteSpace(value)) || p.GetChildKeys([], key).Any());

    // REPO_SECRETS is an object in gr.env.json and a JSON string in the environment:
    // {"name": "secret"} or, during a rotation, {"name": ["new", "old"]}.
    private static IReadOnlyDictionary<string, Seq<string>> RepoSecrets(IConfigurationRoot root, List<string> problems, Func<string, string> where)
    {
        var layer = HighestLayer(root, Keys.RepoSecrets);
        if (layer is null)
            return FrozenDictionary<string, Seq<string>>.Empty;

        var entries = layer.TryGet(Keys.RepoSecrets, out var text)
            ? JsonObject(text)
            : root.GetSection(Keys.RepoSecrets).GetChildren().Select(SecretsOf).ToList();
        if (entries is null || entries.Any(e => e.Value.Count == 0 || e.Value.Any(string.IsNullOrEmpty)))
        {
            problems.Add($"{where(Keys.RepoSecrets)}: REPO_SECRETS must map repository names to a secret or a list of secrets");
            return FrozenDictionary<string, Seq<string>>.Empty;
        }
        var twice = entries.GroupBy(e => e.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var blank = entries.Where(e => e.Value.Any(string.IsNullOrWhiteSpace)).Select(e => e.Key).ToList();
        foreach (var name in twice)
            problems.Add($"{where(Keys.RepoSecrets)}: REPO_SECRETS names {name} twice; list its secrets once, as [\"new\", \"old\"] during a rotation");
        foreach (var name in blank)
            problems.Add($"{where(Keys.RepoSecrets)}: REPO_SECRETS gives {name} a secret of only spaces");
        if (twice.Count > 0 || blank.Count > 0)
            return FrozenDictionary<string, Seq<string>>.Empty;
        return entries.ToFrozenDictionary(e => e.Key, e => e.Value.Select(s => s!).ToSeq(), StringComparer.Ordinal);
    }

    private static KeyValuePair<string, IReadOnlyList<string?>> SecretsOf(IConfigurationSection repo) =>
        new(repo.Key, repo.Value is { } one ? [one] : repo.GetChildren().Select(s => s.Value).ToList());

    private static List<KeyValuePair<string, IReadOnlyList<string?>>>? JsonObject(string? text)
    {
        try
        {
            using var json = JsonDocument.Parse(text ?? "");
            return json.RootElement.ValueKind != JsonValueKind.Object
                ? null
                : json.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Strings(p.Value))).ToList();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IReadOnlyList<string?> Strings(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()],
        JsonValueKind.Array => value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : null).ToList(),
        _ => [null],
    };

    private static List<string?> JsonArray(string? text)
    {
        try
        {
            return JsonSerializer.Deserialize<List<string?>>(text ?? "") ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string Shown(string key) => key.StartsWith("cli:", StringComparison.Ordinal) ? CommandLine.FlagKeys.First(f => f.Value == key).Key : key;

    private static Option<string> Optional(string? value) => string.IsNullOrWhiteSpace(value) ? None : Some(value);
}
