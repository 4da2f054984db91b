using GitReload.Adapters.Edx.Checks;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Adapters.Git.Publishing;
using GitReload.Application.Ports;
using GitReload.Application.Publishing;
using GitReload.Application.Telemetry;
using LanguageExt;

namespace GitReload.AspNetCore.Publishing;

/// <summary>
/// Atomic publishing (<c>PUBLISH</c>, <c>PUBLISH_KEEP</c>, <c>VERIFY_COMMAND</c>). Always wired, even with
/// every checkout in place: a checkout published atomically before is made an ordinary folder again by
/// its next update once <c>PUBLISH</c> no longer names it.
/// </summary>
internal static class PublishingServices
{
    public static void Add(IServiceCollection services, Configuration.GitReloadConfig config)
    {
        services.AddSingleton<IAtomicCheckouts>(s => new LibGit2AtomicCheckouts(s.GetRequiredService<GitCheckoutSettings>())
        {
            StepTimed = s.GetRequiredService<GitReloadMetrics>().UpdateStep,
            Log = s.GetRequiredService<ILoggerFactory>().CreateLogger<LibGit2AtomicCheckouts>(),
            SshLog = s.GetRequiredService<ILoggerFactory>().CreateLogger("ssh"),
            Clock = s.GetRequiredService<TimeProvider>(),
        });
        services.AddSingleton(config.VerifyCommand.Match<ITreeCheck>(
            Some: command => new CliTreeCheck(new TreeCheckSettings(command, config.ImportTimeout)),
            None: () => NoTreeCheck.Instance));
        services.AddSingleton(s => new AtomicPublishing(s.GetRequiredService<IAtomicCheckouts>(), s.GetRequiredService<ITreeCheck>(), config.Publish));
    }
}
