#!/usr/bin/env bash
# What loading a library costs a process that uses one thing of it (issue 16: the idle-RSS floor).
#
#   bench/library-load.sh              7 runs of each case
#   bench/library-load.sh --runs N     N runs of each case
#
# Builds a throwaway console program (in a temp folder, with the versions pinned in
# Directory.Packages.props, invariant globalization and no dynamic PGO, as the host) and runs it once
# per case, in turns: nothing; one LanguageExt Option<int>; one SQLite connection opened and a
# SELECT 1 (Microsoft.Data.Sqlite); both. Each run prints its VmRSS and the CPU it used; the table
# gives medians and the cost of each case over "nothing".
set -euo pipefail

runs=7
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "library-load.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/gitreload-libload.XXXXXX")
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

pinned() { sed -n "s/.*Include=\"$1\" Version=\"\([^\"]*\)\".*/\1/p" "$root/Directory.Packages.props"; }
lx=$(pinned LanguageExt.Core) sqlite=$(pinned Microsoft.Data.Sqlite)
[ -n "$lx" ] && [ -n "$sqlite" ] || { echo "library-load.sh: no pinned LanguageExt.Core or Microsoft.Data.Sqlite in Directory.Packages.props" >&2; exit 1; }

cat >"$work/LibraryLoad.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <InvariantGlobalization>true</InvariantGlobalization>
    <TieredPGO>false</TieredPGO>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="LanguageExt.Core" Version="$lx" />
    <PackageReference Include="Microsoft.Data.Sqlite" Version="$sqlite" />
  </ItemGroup>
</Project>
EOF
cat >"$work/Program.cs" <<'EOF'
using System.Runtime.CompilerServices;

var cases = args.Length > 0 ? args[0] : "nothing";
if (cases.Contains("languageext")) UseLanguageExt();
if (cases.Contains("sqlite")) UseSqlite();
var rss = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
Console.WriteLine($"{cases}\t{int.Parse(rss) / 1024.0:F1}\t{Environment.CpuUsage.TotalTime.TotalMilliseconds:F0}");

// Apart, so that nothing of a library is loaded unless its case runs.
[MethodImpl(MethodImplOptions.NoInlining)]
static void UseLanguageExt()
{
    LanguageExt.Option<int> one = 1;
    if (!one.IsSome) throw new InvalidOperationException();
}

[MethodImpl(MethodImplOptions.NoInlining)]
static void UseSqlite()
{
    using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT 1";
    if (Convert.ToInt32(command.ExecuteScalar()) != 1) throw new InvalidOperationException();
}
EOF
echo "== building the probe (LanguageExt.Core $lx, Microsoft.Data.Sqlite $sqlite)" >&2
dotnet build -c Release "$work/LibraryLoad.csproj" -v q -nologo >"$work/build.log" 2>&1 || { tail -20 "$work/build.log"; exit 1; }
probe=$(ls -d "$work"/bin/Release/net*/LibraryLoad | tail -1)

cases=(nothing languageext sqlite languageext+sqlite)
: >"$work/runs.txt"
for _ in $(seq 1 "$runs"); do
  for c in "${cases[@]}"; do "$probe" "$c" >>"$work/runs.txt"; done
done

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
col() { awk -F'\t' -v c="$1" -v n="$2" '$1 == c {print $n}' "$work/runs.txt" | median; }
base_rss=$(col nothing 2) base_cpu=$(col nothing 3)
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); medians of $runs runs each, taking turns"
echo
echo "| case | RSS MB | over nothing MB | CPU ms | over nothing ms |"
echo "|---|---|---|---|---|"
for c in "${cases[@]}"; do
  awk -v c="$c" -v rss="$(col "$c" 2)" -v cpu="$(col "$c" 3)" -v brss="$base_rss" -v bcpu="$base_cpu" \
    'BEGIN {printf "| %s | %.1f | %+.1f | %.0f | %+.0f |\n", c, rss, rss - brss, cpu, cpu - bcpu}'
done
