using LanguageExt;

namespace GitReload.Domain.Hooks;

/// <summary>One webhook delivery: who sent it, the forge's id for it (used to spot redeliveries) and what it says.</summary>
/// <param name="Forge">The forge that sent it.</param>
/// <param name="Id">The forge's delivery id, when it sends one.</param>
/// <param name="Event">What the delivery says.</param>
public sealed record Delivery(Forge Forge, Option<string> Id, HookEvent Event);
