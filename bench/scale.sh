#!/usr/bin/env bash
# Thousands of checkouts on one host (issue 16): the Release host with N checkouts under REPODIR,
# all `git clone --shared` from one origin; per N, the dashboard's time and size, RSS idle and after
# every checkout is updated twice, hooks/s while those updates run, CPU over a quiet minute (one
# rescan of REPODIR), and open file descriptors before and after.
#
#   bench/scale.sh                         this working tree, 2,000 then 5,000 checkouts
#   bench/scale.sh --counts "200 500"      other sizes (ascending: the checkouts of one size are kept for the next)
#   bench/scale.sh --compare DIR           also the GitReload source tree in DIR (e.g. an exported older
#                                          commit), on the same checkouts, taking turns: ratios in one run
#   bench/scale.sh --compare-counts "2000" compare only at these sizes (the older build may take an hour
#                                          or more at 5,000); the other sizes measure this tree alone
#   bench/scale.sh --label NAME            what the table calls this tree (default: its commit)
#   bench/scale.sh --diag                  also dotnet-counters (System.Runtime, whole run) and a dotnet-gcdump
#                                          after the updates, per build and size, in the output folder
#   bench/scale.sh --no-quiet-minute       skip the quiet minute (no rescan CPU figure)
#
# Results: a table on stdout and in $BENCH_OUT (default: a fresh temp folder), raw outputs beside it.
set -euo pipefail

counts="2000 5000" compare= compare_counts= label= diag=0 quiet=1
while [ $# -gt 0 ]; do
  case "$1" in
    --counts) counts=$2; shift 2 ;;
    --compare) compare=$(cd "$2" && pwd); shift 2 ;;
    --compare-counts) compare_counts=$2; shift 2 ;;
    --label) label=$2; shift 2 ;;
    --diag) diag=1; shift ;;
    --no-quiet-minute) quiet=0; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "scale.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
say() { printf '== %s\n' "$*" >&2; }
die() { printf 'scale.sh: %s\n' "$*" >&2; exit 1; }
for tool in dotnet git curl awk xargs; do command -v "$tool" >/dev/null || die "missing tool: $tool"; done
if [ "$diag" -eq 1 ]; then
  for tool in dotnet-counters dotnet-gcdump; do
    command -v "$tool" >/dev/null || die "--diag needs $tool on PATH (dotnet tool install $tool --tool-path DIR)"
  done
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/gitreload-scale.XXXXXX")
out=${BENCH_OUT:-$work/out}
mkdir -p "$out"
pid= counters=
cleanup() {
  if [ -n "$counters" ]; then kill "$counters" 2>/dev/null || true; wait "$counters" 2>/dev/null || true; fi
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work/repos" "$work/origin.git" "$work/pusher" "$work/state"*
}
trap cleanup EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid
clk=$(getconf CLK_TCK)

build() {
  local tree=$1 name=$2
  say "building (Release) $tree/src/Host"
  dotnet build -c Release "$tree/src/Host" -v q -nologo >"$out/build-$name.log" 2>&1 || { tail -20 "$out/build-$name.log"; die "build of $tree failed"; }
  ls -d "$tree"/src/Host/bin/Release/net*/GitReload.Host | tail -1
}
this_bin=$(build "$root" this)
this_label=${label:-$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo this)}
builds=("this|$this_label|$this_bin")
if [ -n "$compare" ]; then
  other_bin=$(build "$compare" other)
  other_label=$(git -C "$compare" rev-parse --short HEAD 2>/dev/null || basename "$compare")
  builds=("other|$other_label (before)|$other_bin" "this|$this_label|$this_bin")
fi

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 30000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  die "no free port on 127.0.0.1"
}
rss_mb() { awk -v k="$2:" '$1 == k {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
fds() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l | tr -d ' '; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Finished jobs, summed over the Prometheus counter's labels (0 before the first one). Watching the
# drain through GET /queue cost the host what it measures: /queue lists every open job, and a burst
# for 5,000 checkouts queues thousands (about 8 MB allocated and 0.8 MB sent per call).
jobs_total() { curl -fsS "$1/metrics" | awk '/^gitreload_jobs_total[{ ]/ {s += $NF} END {printf "%d", s}'; }
# Once a second until $2 jobs have finished (each hook of a round queues one job: distinct checkouts never merge).
drain() {
  local n
  for _ in $(seq 1 3600); do
    n=$(jobs_total "$1") || n=0
    [ "$n" -ge "$2" ] && return 0
    sleep 1
  done
  die "$1 finished $n jobs of $2 after an hour"
}

# Median over 5 GETs (after one to warm up) of the dashboard: "ms bytes".
dashboard() {
  local url=$1 f
  curl -fsS -o /dev/null "$url/dashboard" || die "GET /dashboard failed"
  for _ in 1 2 3 4 5; do curl -fsS -o /dev/null -w '%{time_total} %{size_download}\n' "$url/dashboard"; done >"$work/dash.txt"
  sort -n "$work/dash.txt" | awk 'NR == 3 {printf "%.0f %.0f\n", $1 * 1000, $2 / 1024}'
}

# The origin: a small course; one pusher clone to move it.
git init -q --bare -b master "$work/origin.git"
git clone -q "$work/origin.git" "$work/pusher" 2>/dev/null
for i in $(seq 1 20); do printf 'file %s\n' "$i" >"$work/pusher/f$i.txt"; done
git -C "$work/pusher" add -A && git -C "$work/pusher" commit -qm start && git -C "$work/pusher" push -q origin master
push_commit() {
  date +%s%N >"$work/pusher/stamp.txt"
  git -C "$work/pusher" add -A && git -C "$work/pusher" commit -qm "bench $(date +%s%N)" && git -C "$work/pusher" push -q origin master
  git -C "$work/pusher" rev-parse HEAD
}
mkdir -p "$work/repos"
have=0

# Sends one update hook per checkout, 16 at a time from one curl; prints hooks/s.
hooks() {
  local url=$1 sha=$2 n=$3 cfg=$work/hooks.cfg t0 t1 i
  : >"$cfg"
  for i in $(seq -f 'c%05g' 1 "$n"); do
    [ -s "$cfg" ] && echo next >>"$cfg"
    printf 'url = "%s/update"\nheader = "X-GitHub-Event: push"\nheader = "Content-Type: application/json"\ndata = "{\\"ref\\":\\"refs/heads/master\\",\\"after\\":\\"%s\\",\\"repository\\":{\\"name\\":\\"%s\\"}}"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' \
      "$url" "$sha" "$i" >>"$cfg"
  done
  t0=$(now_ms)
  curl -sS --no-progress-meter --parallel --parallel-max 16 -K "$cfg" >"$work/codes.txt"
  t1=$(now_ms)
  [ "$(grep -c '^200$' "$work/codes.txt")" = "$n" ] || die "not every hook was accepted: $(sort "$work/codes.txt" | uniq -c | tr '\n' ' ')"
  awk -v n="$n" -v ms=$((t1 - t0)) 'BEGIN {printf "%.0f", n * 1000 / ms}'
}

rows=()
for n in $counts; do
  [ "$n" -ge "$have" ] || die "--counts must be ascending"
  say "cloning checkouts $((have + 1)) to $n (git clone --shared)"
  seq -f 'c%05g' $((have + 1)) "$n" | xargs -P 4 -I{} git clone -q --shared "$work/origin.git" "$work/repos/{}"
  have=$n
  for b in "${builds[@]}"; do
    IFS='|' read -r tag name bin <<<"$b"
    if [ "$tag" = other ] && [ -n "$compare_counts" ] && ! [[ " $compare_counts " == *" $n "* ]]; then continue; fi
    say "$name: $n checkouts"
    state=$work/state-$tag-$n
    port=$(free_port); url=http://127.0.0.1:$port
    REPODIR=$work/repos STATE_DIR=$state NUM_THREADS=2 FOLLOW_UP_QUIET_SECONDS=0 \
      "$bin" --host 127.0.0.1 --port "$port" --log-level error >"$out/host-$tag-$n.log" 2>&1 &
    pid=$!
    t0=$(now_ms)
    for _ in $(seq 1 6000); do curl -fsS -o /dev/null "$url/healthz" 2>/dev/null && break; sleep 0.05; done
    curl -fsS -o /dev/null "$url/healthz" || { tail -20 "$out/host-$tag-$n.log"; die "$name did not start with $n checkouts"; }
    started=$(( $(now_ms) - t0 ))
    if [ "$diag" -eq 1 ]; then
      dotnet-counters collect -p "$pid" --counters System.Runtime --format csv -o "$out/counters-$tag-$n.csv" >/dev/null 2>&1 &
      counters=$!
    fi
    sleep 2
    idle_rss=$(rss_mb "$pid" VmRSS); fds_before=$(fds "$pid")
    read -r dash0_ms dash0_kb < <(dashboard "$url")
    quiet_cpu=n/a
    if [ "$quiet" -eq 1 ]; then
      say "$name: a quiet minute (one rescan of REPODIR)"
      a=$(cpu_ticks "$pid"); sleep 61; z=$(cpu_ticks "$pid")
      quiet_cpu=$(awk -v d=$((z - a)) -v hz="$clk" 'BEGIN {printf "%.2f", d / hz}')
    fi
    rates=() finished=0
    for round in 1 2; do
      sha=$(push_commit)
      say "$name: round $round, $n update hooks"
      rates+=("$(hooks "$url" "$sha" "$n")")
      finished=$((finished + n))
      drain "$url" "$finished"
      [ "$(git -C "$work/repos/c$(printf '%05d' "$n")" rev-parse HEAD)" = "$sha" ] || die "$name: the last checkout did not reach $sha"
    done
    sleep 2
    after_rss=$(rss_mb "$pid" VmRSS); peak_rss=$(rss_mb "$pid" VmHWM); fds_after=$(fds "$pid")
    read -r dash_ms dash_kb < <(dashboard "$url")
    if [ "$diag" -eq 1 ]; then
      dotnet-gcdump collect -p "$pid" -o "$out/after-$tag-$n.gcdump" >"$out/gcdump-$tag-$n.txt" 2>&1 || say "gcdump failed (see $out/gcdump-$tag-$n.txt)"
      kill "$counters" 2>/dev/null || true; wait "$counters" 2>/dev/null || true; counters=
    fi
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
    rm -rf "$state"
    rows+=("| $name | $n | $started | $dash0_ms / $dash0_kb | $dash_ms / $dash_kb | $idle_rss | $after_rss | $peak_rss | ${rates[0]} / ${rates[1]} | $quiet_cpu | $fds_before → $fds_after |")
    # Each row as soon as it is measured, so a long run that is stopped keeps what it had.
    printf '%s\n' "${rows[-1]}" | tee -a "$out/rows.md" >&2
  done
done

{
  echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); NUM_THREADS=2, FOLLOW_UP_QUIET_SECONDS=0"
  echo
  echo "| build | checkouts | start → /healthz ms | /dashboard ms / KB, fresh | /dashboard ms / KB, after updates | idle RSS MB | RSS after 2 updates each MB | peak RSS MB | hooks/s while updating, round 1 / 2 | CPU s over a quiet minute | open fds before → after |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$out/results.md"
say "raw outputs in $out"
