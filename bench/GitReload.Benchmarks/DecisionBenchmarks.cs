using BenchmarkDotNet.Attributes;
using GitReload.Adapters.Http.Hooks;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using Microsoft.AspNetCore.Http;

/// <summary>
/// Intake.Read + Intake.Decide on a parsed GitHub push, against a checkout on the pushed branch and
/// on another one, and against a fleet of three hosts on the branch.
/// </summary>
public class DecisionBenchmarks
{
    private readonly CheckoutState onMaster = new CheckoutState.OnBranch("master", "https://example.invalid/Hello-World.git");
    private readonly CheckoutState onDevel = new CheckoutState.OnBranch("devel", "https://example.invalid/Hello-World.git");
    private static readonly HostId Self = HostId.Parse("a").IfLeft(_ => throw new InvalidOperationException());
    private HookEvent push = new HookEvent.Unhandled("");

    [GlobalSetup]
    public void Setup() =>
        push = HookReader.Read(new HeaderDictionary { ["X-GitHub-Event"] = "push" }, "application/json", Payloads.GitHub).Result.Event;

    [Benchmark(Baseline = true)]
    public Decision Enqueue() => Decide(onMaster);

    [Benchmark]
    public Decision BranchMismatch() => Decide(onDevel);

    [Benchmark]
    public Decision EnqueueOnThreeHosts() => Decide(new FleetView(new HostCheckout(Self, onMaster), Prelude.Seq(
        new HostCheckout(HostId.Parse("b").IfLeft(_ => throw new InvalidOperationException()), onMaster),
        new HostCheckout(HostId.Parse("c").IfLeft(_ => throw new InvalidOperationException()), onMaster))));

    private Decision Decide(CheckoutState checkout) => Decide(FleetView.Alone(Self, checkout));

    private Decision Decide(FleetView fleet)
    {
        var read = Intake.Read(push);
        return read.Match(Right: valid => Intake.Decide(JobAction.GetLatest, valid, fleet), Left: d => d);
    }
}
