using LanguageExt;

namespace GitReload.Domain.Hooks;

/// <summary>A repository as its forge names it: where a job's commit statuses go.</summary>
/// <param name="Forge">The forge that sent the push.</param>
/// <param name="FullName">The forge's <c>owner/name</c> (GitLab: the full path, groups included).</param>
public sealed record ForgeRepo(Forge Forge, string FullName)
{
    /// <summary>The repository a delivery's push came from, when the delivery names it.</summary>
    public static Option<ForgeRepo> Of(Delivery delivery) => delivery.Event is HookEvent.Push push
        ? push.Event.FullName.Filter(n => n.Length > 0).Map(name => new ForgeRepo(delivery.Forge, name))
        : Option<ForgeRepo>.None;
}
