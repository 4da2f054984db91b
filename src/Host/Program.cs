using GitReload.Host;
using GitReload.Host.Configuration;

return await GitReloadCommand.Run(
    args,
    Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
        .ToDictionary(e => (string)e.Key, e => (string?)e.Value),
    Console.Out,
    Console.Error);
