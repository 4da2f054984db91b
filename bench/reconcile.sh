#!/usr/bin/env bash
# Converging without webhooks (issue 12), measured on this machine:
#  1. one reconcile round over N checkouts whose origins have not moved: CPU and wall time
#     (GitReload.Benchmarks `reconcile` mode: listing, ls-remote of each origin, decision, journal);
#  2. the Release host following the same N checkouts ({"*": "update"}): its CPU while idle with the
#     loop on (POLL_SECONDS=S) against the loop off, over the same window, hence the loop's own cost;
#  3. K pushes with no webhook to one of them, each at a random moment of the interval: the time from
#     the push to the checkout at the pushed commit (goal: at most POLL_SECONDS + one update).
#
#   bash bench/reconcile.sh [--checkouts N] [--poll S] [--pushes K] [--idle SECONDS] [--rounds R]
#   defaults: 200 checkouts, S=10, K=10, a 60 s idle window, 7 rounds
set -euo pipefail
checkouts=200 poll=10 pushes=10 idle=60 rounds=7
while [ $# -gt 0 ]; do
  case "$1" in
    --checkouts) checkouts=$2; shift 2 ;;
    --poll) poll=$2; shift 2 ;;
    --pushes) pushes=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "reconcile.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
say() { printf '== %s\n' "$*" >&2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/gitreload-reconcile.XXXXXX")
host_pid=""
cleanup() {
  if [ -n "$host_pid" ]; then kill "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
git_() { git -c user.name=Bench -c user.email=bench@gitreload.invalid -c commit.gpgsign=false "$@"; }

say "building (Release)"
dotnet build -c Release -v q --nologo "$root/bench/GitReload.Benchmarks" >&2
dotnet build -c Release -v q --nologo "$root/src/Host" >&2

say "1. one round over $checkouts checkouts, $rounds rounds"
DOTNET_gcServer=1 dotnet run -c Release --no-build --project "$root/bench/GitReload.Benchmarks" -- reconcile "$checkouts" "$rounds"

say "2. the host: $checkouts checkouts (one of them pushed to), POLL_SECONDS=$poll"
git_ init --quiet --bare --initial-branch master "$work/idle.git"
git_ clone --quiet "$work/idle.git" "$work/idle"
echo first > "$work/idle/README.md"; git_ -C "$work/idle" add .; git_ -C "$work/idle" commit --quiet -m first; git_ -C "$work/idle" push --quiet origin HEAD:master
git_ init --quiet --bare --initial-branch master "$work/target.git"
git_ clone --quiet "$work/target.git" "$work/upstream"
echo first > "$work/upstream/README.md"; git_ -C "$work/upstream" add .; git_ -C "$work/upstream" commit --quiet -m first; git_ -C "$work/upstream" push --quiet origin HEAD:master
mkdir -p "$work/repos"
for i in $(seq 2 "$checkouts"); do git_ clone --quiet --shared "$work/idle.git" "$work/repos/course-$(printf %04d "$i")"; done
git_ clone --quiet "$work/target.git" "$work/repos/course-0001"

tick=$(getconf CLK_TCK)
cpu_ms() { awk -v t="$tick" '{print ($14 + $15) * 1000 / t}' "/proc/$1/stat"; }
start_host() { # $1 = POLL_SECONDS
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  rm -rf "$work/state"
  REPODIR="$work/repos" STATE_DIR="$work/state" POLL_SECONDS="$1" POLL='{"*": "update"}' GIT_TIMEOUT_SECONDS=30 \
    dotnet "$root/src/Host/bin/Release/net10.0/GitReload.Host.dll" --host 127.0.0.1 --port "$port" --log-level error >"$work/host.log" 2>&1 &
  host_pid=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
}
stop_host() { kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; host_pid=""; }
idle_cpu() { # $1 = POLL_SECONDS; prints CPU ms over the idle window, after one interval to settle
  start_host "$1"
  sleep "$(( poll > 5 ? poll : 5 ))"
  local before after
  before=$(cpu_ms "$host_pid"); sleep "$idle"; after=$(cpu_ms "$host_pid")
  stop_host
  awk -v a="$after" -v b="$before" 'BEGIN {print a - b}'
}
off=$(idle_cpu 0)
on=$(idle_cpu "$poll")
awk -v on="$on" -v off="$off" -v w="$idle" -v s="$poll" -v n="$checkouts" 'BEGIN {
  rounds = w / s; per = (on - off) / rounds
  printf "\n| host idle, %d s window | CPU ms | share of one core |\n|---|---|---|\n", w
  printf "| loop off (POLL_SECONDS=0) | %.0f | %.3f %% |\n", off, off / (w * 1000) * 100
  printf "| loop on (POLL_SECONDS=%s, %d checkouts) | %.0f | %.3f %% |\n", s, n, on, on / (w * 1000) * 100
  printf "\nThe loop alone: %.0f ms CPU per round, so %.3f %% of one core at POLL_SECONDS=300.\n", per, per / 300000 * 100
}'

say "3. $pushes pushes with no webhook, POLL_SECONDS=$poll"
start_host "$poll"
sleep "$poll"
latencies=()
for k in $(seq 1 "$pushes"); do
  sleep "$(awk -v s="$poll" -v r="$RANDOM" 'BEGIN {printf "%.2f", s * r / 32768}')"
  echo "$k" > "$work/upstream/chapter.txt"
  git_ -C "$work/upstream" add chapter.txt
  git_ -C "$work/upstream" commit --quiet -m "push $k"
  git_ -C "$work/upstream" push --quiet origin HEAD:master
  sha=$(git -C "$work/upstream" rev-parse HEAD)
  t0=$(date +%s.%N)
  until [ "$(git -C "$work/repos/course-0001" rev-parse HEAD)" = "$sha" ]; do sleep 0.05; done
  t1=$(date +%s.%N)
  latencies+=("$(awk -v a="$t1" -v b="$t0" 'BEGIN {printf "%.2f", a - b}')")
  say "push $k: ${latencies[-1]} s"
done
stop_host
printf '%s\n' "${latencies[@]}" | sort -n | awk -v s="$poll" -v k="$pushes" '{v[NR] = $1; sum += $1} END {
  printf "\n| pushes | POLL_SECONDS | median s | mean s | max s | bound: POLL_SECONDS + one update |\n|---|---|---|---|---|---|\n"
  printf "| %d | %s | %.2f | %.2f | %.2f | %s s + one update |\n", k, s, v[int((NR + 1) / 2)], sum / NR, v[NR], s
}'
