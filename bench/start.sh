#!/usr/bin/env bash
# Start → first answer and idle RSS (issue 16): the Release host of this tree, optionally of other
# trees, and the bare ASP.NET Core app (bench/Ceiling), started in turns, so every ratio is of one run.
#
#   bench/start.sh                     this tree and the ceiling app, 7 rounds
#   bench/start.sh --rounds N          N rounds (each starts every build once)
#   bench/start.sh --compare DIR       also the GitReload source tree in DIR (e.g. an exported older commit)
#   bench/start.sh --published         also this tree's host published for this machine (README, "A published
#                                      build": self-contained, trimmed, ahead-of-time compiled)
#   bench/start.sh --checkouts N       N checkouts under REPODIR (git clone --shared), not one; the hosts
#                                      only (no ceiling), timed until GET /hosts answers too: every
#                                      checkout registered
#
# Each start: one checkout under REPODIR, HOOK_SECRET set (as bench/load.sh), time until GET /queue
# answers 200 and the CPU the process used until then, then RSS (VmRSS) 2 s later. Prints medians per
# build and their ratio to the ceiling's.
set -euo pipefail

rounds=7 compare= checkouts=1 published=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --compare) compare=$(cd "$2" && pwd); shift 2 ;;
    --checkouts) checkouts=$2; shift 2 ;;
    --published) published=1; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "start.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
say() { printf '== %s\n' "$*" >&2; }
die() { printf 'start.sh: %s\n' "$*" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/gitreload-start.XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid

build() { # tree project name
  say "building (Release) $1/$2"
  dotnet build -c Release "$1/$2" -v q -nologo >"$work/build-$3.log" 2>&1 || { tail -20 "$work/build-$3.log"; die "build of $1/$2 failed"; }
  ls -d "$1/$2"/bin/Release/net*/"$(basename "$4")" | tail -1
}
variants=()
[ "$checkouts" = 1 ] && variants+=("ceiling|ceiling|$(build "$root" bench/Ceiling ceiling Ceiling)")
variants+=("host|$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo this)|$(build "$root" src/Host this GitReload.Host)")
if [ "$published" = 1 ]; then
  say "publishing (Release, $(dotnet --info | awk '$1 == "RID:" {print $2; exit}')) $root/src/Host"
  dotnet publish -c Release -r "$(dotnet --info | awk '$1 == "RID:" {print $2; exit}')" "$root/src/Host" -o "$work/published" -v q -nologo >"$work/publish.log" 2>&1 \
    || { tail -20 "$work/publish.log"; die "publish of $root/src/Host failed"; }
  variants+=("host|$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo this) published|$work/published/GitReload.Host")
fi
if [ -n "$compare" ]; then
  variants+=("host|$(git -C "$compare" rev-parse --short HEAD 2>/dev/null || basename "$compare") (before)|$(build "$compare" src/Host other GitReload.Host)")
fi

git init -q --bare -b master "$work/origin.git"
git clone -q "$work/origin.git" "$work/seed" 2>/dev/null
echo hello >"$work/seed/README"
git -C "$work/seed" add README && git -C "$work/seed" commit -qm first && git -C "$work/seed" push -q origin master
mkdir -p "$work/repos" && git clone -q "$work/origin.git" "$work/repos/Hello-World"
for i in $(seq 2 "$checkouts"); do git clone -q --shared "$work/origin.git" "$work/repos/course-$i"; done

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 30000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  die "no free port on 127.0.0.1"
}

: >"$work/runs.txt"
for r in $(seq 1 "$rounds"); do
  say "round $r of $rounds"
  for v in "${variants[@]}"; do
    IFS='|' read -r kind name bin <<<"$v"
    port=$(free_port); rm -rf "$work/state"
    t0=$(now_ms)
    if [ "$kind" = ceiling ]; then "$bin" "$port" >/dev/null 2>&1 &
    else
      REPODIR=$work/repos HOOK_SECRET=start-secret STATE_DIR=$work/state XDG_STATE_HOME=$work/state NUM_THREADS=1 \
        "$bin" --host 127.0.0.1 --port "$port" --log-level error >/dev/null 2>&1 &
    fi
    pid=$!
    ok=0
    for _ in $(seq 1 6000); do curl -fsS -o /dev/null "http://127.0.0.1:$port/queue" 2>/dev/null && { ok=1; break; }; sleep 0.01; done
    [ "$ok" = 1 ] || die "$name did not answer /queue within a minute"
    ms=$(( $(now_ms) - t0 ))
    # CPU the process used until it answered (user + system, clock ticks): less at the mercy of the machine's load than the wall time.
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$pid/stat")
    reg_ms=- reg_cpu=-
    if [ "$checkouts" != 1 ]; then
      # /hosts answers once this host's checkouts are registered.
      curl -fsS -o /dev/null --max-time 300 "http://127.0.0.1:$port/hosts" || die "$name did not answer /hosts"
      reg_ms=$(( $(now_ms) - t0 ))
      reg_cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$pid/stat")
    fi
    sleep 2
    rss=$(awk '$1 == "VmRSS:" {printf "%.1f", $2 / 1024}' "/proc/$pid/status")
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$ms" "$rss" "$cpu" "$reg_ms" "$reg_cpu" >>"$work/runs.txt"
  done
done

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
col() { awk -F'\t' -v n="$1" -v c="$2" '$1 == n {print $c}' "$work/runs.txt" | median; } # a build's median of one column
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $checkouts checkout(s); medians of $rounds starts each, taking turns"
echo
if [ "$checkouts" != 1 ]; then
  echo "| build | start → first /queue ms | start → every checkout registered ms | CPU ms until then | RSS MB 2 s later |"
  echo "|---|---|---|---|---|"
  for v in "${variants[@]}"; do
    IFS='|' read -r _ name _ <<<"$v"
    printf '| %s | %.0f | %.0f | %.0f | %.1f |\n' "$name" "$(col "$name" 2)" "$(col "$name" 5)" "$(col "$name" 6)" "$(col "$name" 3)"
  done
  exit 0
fi
ce_ms=$(col ceiling 2) ce_rss=$(col ceiling 3) ce_cpu=$(col ceiling 4)
echo "| build | start → first /queue ms | ratio to ceiling | CPU ms until then | ratio to ceiling | idle RSS MB | ratio to ceiling |"
echo "|---|---|---|---|---|---|---|"
for v in "${variants[@]}"; do
  IFS='|' read -r _ name _ <<<"$v"
  awk -v n="$name" -v ms="$(col "$name" 2)" -v rss="$(col "$name" 3)" -v cpu="$(col "$name" 4)" -v cms="$ce_ms" -v crss="$ce_rss" -v ccpu="$ce_cpu" \
    'BEGIN {printf "| %s | %.0f | %.2f× | %.0f | %.2f× | %.1f | %.2f× |\n", n, ms, ms / cms, cpu, cpu / ccpu, rss, rss / crss}'
done
