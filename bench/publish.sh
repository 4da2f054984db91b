#!/usr/bin/env bash
# An atomic update (PUBLISH atomic, PUBLISH_KEEP 2) beside an in-place one, on two identical clones of
# the generated 20,000-file repository (bench/big-origin.sh), same run; then the disk the kept trees use.
#
#   bash bench/publish.sh [repetitions]     default 7; prints Markdown tables of medians (ms) and du (KiB)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
origin=$(bash "$root/bench/big-origin.sh")
dotnet build -c Release -v q --nologo "$root/bench/GitReload.Benchmarks" >&2
DOTNET_gcServer=1 dotnet run -c Release --no-build --project "$root/bench/GitReload.Benchmarks" -- publish "$origin" "${1:-7}"
