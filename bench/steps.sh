#!/usr/bin/env bash
# Times each step of an update (fetch, reset, clean), GitReload's libgit2 code against the git CLI,
# side by side on two identical clones of the generated 20,000-file repository (bench/big-origin.sh).
#
#   bash bench/steps.sh [repetitions]     default 7; prints a Markdown table of medians (ms)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
origin=$(bash "$root/bench/big-origin.sh")
dotnet build -c Release -v q --nologo "$root/bench/GitReload.Benchmarks" >&2
# The host runs with the server GC (the Web SDK's default): so does this measurement.
DOTNET_gcServer=1 dotnet run -c Release --no-build --project "$root/bench/GitReload.Benchmarks" -- steps "$origin" "${1:-7}"
