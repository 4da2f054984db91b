using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// `steps <bare origin> [repetitions]`: the update's steps, GitReload against the git CLI (bench/steps.sh).
if (args.Length > 0 && args[0] == "steps") return StepTimes.Run(args[1..]);

// `publish <bare origin> [repetitions]`: an atomic update beside an in-place one, and the disk the kept trees use (bench/publish.sh).
if (args.Length > 0 && args[0] == "publish") return PublishTimes.Run(args[1..]);
// `reconcile <checkouts> [rounds] [concurrency]`: one reconcile round over checkouts whose origins have not moved (bench/reconcile.sh).
if (args.Length > 0 && args[0] == "reconcile") return ReconcileRounds.Run(args[1..]);

// Short job by default so the whole suite takes a few minutes on a shared 2-core machine;
// pass `--job default` (or any BenchmarkDotNet option) for a longer, steadier run.
var config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
if (!args.Contains("--job") && !args.Contains("-j"))
    config = config.AddJob(Job.ShortRun);
BenchmarkSwitcher.FromAssembly(typeof(Payloads).Assembly).Run(args, config);
return 0;
