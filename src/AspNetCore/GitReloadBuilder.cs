namespace GitReload.AspNetCore;

/// <summary>
/// What <see cref="GitReloadServices.AddGitReload(IServiceCollection, Action{GitReloadOptions})"/> returns:
/// the place for further GitReload choices (such as which journal it keeps), each an extension
/// method on this builder, so that none of them depends on the order of the app's other registrations.
/// </summary>
public sealed class GitReloadBuilder
{
    internal GitReloadBuilder(IServiceCollection services) => Services = services;

    /// <summary>The app's services, GitReload's included.</summary>
    public IServiceCollection Services { get; }
}
