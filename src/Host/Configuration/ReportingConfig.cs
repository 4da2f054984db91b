using GitReload.Adapters.Reporting;
using GitReload.AspNetCore.Reporting;
using Microsoft.Extensions.Configuration;

namespace GitReload.Host.Configuration;

/// <summary>Reads the reporting keys by the rules an embedder's options are read by (<see cref="ReportingKeys"/>).</summary>
internal static class ReportingConfig
{
    public static ReportingSettings Read(IConfigurationRoot root, List<string> problems, Func<string, string> where) =>
        ReportingKeys.Read(key => root[key]).Match(
            Succ: settings => settings,
            Fail: found =>
            {
                problems.AddRange(found.Map(p => $"{where(p.Key)}: {p.Message}"));
                return ReportingSettings.Off;
            });
}
