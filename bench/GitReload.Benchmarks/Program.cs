using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// Short job by default so the whole suite takes a few minutes on a shared 2-core machine;
// pass `--job default` (or any BenchmarkDotNet option) for a longer, steadier run.
var config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
if (!args.Contains("--job") && !args.Contains("-j"))
    config = config.AddJob(Job.ShortRun);
BenchmarkSwitcher.FromAssembly(typeof(Payloads).Assembly).Run(args, config);
