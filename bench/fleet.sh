#!/usr/bin/env bash
# The fleet's costs beside a host alone's, in one run (issue 11):
#   1. intake (valid signed pushes/s, wrk -t2 -c16) with the PostgreSQL journal vs the SQLite journal;
#   2. push -> every checkout at the new commit: three hosts on PostgreSQL vs one host on SQLite;
#   3. a push decided against the fleet's registry (3 hosts x 200 checkouts) vs a host alone with
#      200 checkouts: median and p99 latency of an answer that queues nothing (hey, one at a time).
#
#   bench/fleet.sh                 10 s phases, 5 pushes per round trip
#   bench/fleet.sh --smoke         2 s phases, 1 push: proves the script works
#   bench/fleet.sh --intake        phase 1 only
#   bench/fleet.sh --roundtrip [--reps N]
#                                  phase 2 only (N pushes each, default 5), with where each push's time
#                                  went: read from the jobs' queued/started/finished times (needs jq),
#                                  and the machine's floor: three hosts alone (SQLite each) sent the
#                                  push at once, the same three updates on the same cores, no fleet
#   bench/fleet.sh --roundtrip --warmup W
#                                  W pushes each before those counted (default 1: the job's code is
#                                  compiled; ~40 also take each host's hot code to its optimized tier)
#   bench/fleet.sh --against REV   phase 1 (or, with --roundtrip, phase 2: a fleet of three of its hosts)
#                                  also for the tree at git revision REV (built beside this one), its
#                                  rounds taken in turns with this tree's: before/after in one run
#
# PostgreSQL is a throwaway cluster of Debian's postgresql (durable: fsync on), 127.0.0.1 only.
# PG_OPTIONS adds settings to it (e.g. PG_OPTIONS='-c log_lock_waits=on -c deadlock_timeout=3ms'
# to see which lock a host waited for); its log is then kept as $BENCH_OUT/pg.log.
# Everything listens on 127.0.0.1. Results: a table on stdout, raw outputs in $BENCH_OUT (when it is
# not set, in the work folder, removed at the end).
set -euo pipefail

smoke=0 intake_only=0 roundtrip_only=0 against="" reps_given="" warmup=1
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --intake) intake_only=1 ;;
    --roundtrip) roundtrip_only=1 ;;
    --reps) [ $# -ge 2 ] || { echo "fleet.sh: --reps needs a number" >&2; exit 2; }; reps_given=$2; shift ;;
    --warmup) [ $# -ge 2 ] || { echo "fleet.sh: --warmup needs a number" >&2; exit 2; }; warmup=$2; shift ;;
    --against) [ $# -ge 2 ] || { echo "fleet.sh: --against needs a git revision" >&2; exit 2; }; against=$2; shift ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "fleet.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ "$smoke" -eq 1 ]; then secs=2 reps=1 checkouts=20; else secs=10 reps=5 checkouts=200; fi
[ -n "$reps_given" ] && reps=$reps_given

root=$(cd "$(dirname "$0")/.." && pwd)
say() { printf '== %s\n' "$*" >&2; }
die() { printf 'fleet.sh: %s\n' "$*" >&2; exit 1; }
for tool in dotnet git curl wrk hey openssl awk; do command -v "$tool" >/dev/null || die "missing $tool (apt-get install -y wrk hey curl openssl git)"; done
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pgbin/initdb" ] || die "PostgreSQL not found in /usr/lib/postgresql/*/bin (apt-get install -y postgresql)"

work=$(mktemp -d "${TMPDIR:-/tmp}/gitreload-fleet.XXXXXX")
out=${BENCH_OUT:-$work/out}
mkdir -p "$out"
pids=()
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -d "$work/pg/data" ] && as_postgres "$pgbin/pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  [ -n "${PG_OPTIONS:-}" ] && cp "$work/pg/log" "$out/pg.log" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid
secret=fleet-bench-secret

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
free_port() {
  local p i
  for i in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 30000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  die "no free port"
}
wait_http() { local i; for i in $(seq 1 3000); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.01; done; return 1; }
sign() { echo "sha256=$(openssl dgst -sha256 -hmac "$secret" -r "$1" | cut -d' ' -f1)"; }
drain() { local i; for i in $(seq 1 1200); do curl -fsS "$1/queue" | grep -q '"queue_length":0' && return 0; sleep 0.1; done; die "queue at $1 not empty after 120 s"; }
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

say "building the host (Release)"
dotnet build -c Release "$root/src/Host" -v q -nologo >"$out/build.log" 2>&1 || { tail -20 "$out/build.log"; die "build failed"; }
host_bin=$(ls -d "$root"/src/Host/bin/Release/net*/GitReload.Host | tail -1)
against_bin=""
if [ -n "$against" ]; then
  say "building the host at $against (Release), for the rounds in turns"
  mkdir -p "$work/against"
  git -C "$root" archive "$against" | tar -x -C "$work/against" || die "cannot read revision $against"
  dotnet build -c Release "$work/against/src/Host" -v q -nologo >"$out/build-against.log" 2>&1 || { tail -20 "$out/build-against.log"; die "build of $against failed"; }
  against_bin=$(ls -d "$work/against"/src/Host/bin/Release/net*/GitReload.Host | tail -1)
fi

say "PostgreSQL: a throwaway cluster"
# The postgres user must reach its folder through ours (mktemp makes it private).
mkdir -p "$work/pg"; [ "$(id -u)" -eq 0 ] && { chmod 755 "$work"; chown postgres:postgres "$work/pg"; }
as_postgres "$pgbin/initdb" -D "$work/pg/data" -A trust -U postgres -E UTF8 >"$out/initdb.log" 2>&1 || die "initdb failed: $(tail -3 "$out/initdb.log")"
pg_port=$(free_port)
as_postgres "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $work/pg -c max_connections=200 ${PG_OPTIONS:-}" start >/dev/null || die "PostgreSQL did not start"
psql_do() { as_postgres "$pgbin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qAt -c "$1" postgres; }
new_db() { psql_do "CREATE DATABASE $1" >/dev/null; echo "postgresql://postgres@127.0.0.1:$pg_port/$1"; }

say "repositories: one bare origin, $checkouts checkouts for each of four REPODIRs"
git init -q --bare -b master "$work/origin.git"
git clone -q "$work/origin.git" "$work/seed" 2>/dev/null
echo hello >"$work/seed/README"; git -C "$work/seed" add README; git -C "$work/seed" commit -q -m first; git -C "$work/seed" push -q origin master
dirs="alone a b c"; [ "$roundtrip_only" = 1 ] && dirs="$dirs g h i"; [ "$roundtrip_only" = 1 ] && [ -n "$against" ] && dirs="$dirs d e f"
for dir in $dirs; do
  mkdir -p "$work/$dir"
  git clone -q "$work/origin.git" "$work/$dir/Hello-World"
  for i in $(seq 2 "$checkouts"); do git clone -q --shared "$work/origin.git" "$work/$dir/course-$i"; done
done
new_commit() { date +%s%N >>"$work/seed/README"; git -C "$work/seed" commit -q -am "push"; git -C "$work/seed" push -q origin master; git -C "$work/seed" rev-parse HEAD; }

body=$work/push.json
fixture=$root/../shared/fixtures/github/push-with-no-username-committer.payload.json
[ -f "$fixture" ] || die "GitHub fixture not found at $fixture"
cp "$fixture" "$body"
sig=$(sign "$body")
# A push to a branch no checkout has: decided (registry included), then answered 200 with nothing queued.
sed 's#"ref": *"refs/heads/master"#"ref": "refs/heads/nowhere"#' "$body" >"$work/mismatch.json"
mismatch_sig=$(sign "$work/mismatch.json")

# Not in $(...): its process must be this shell's child, in pids. The URL is left in $started.
declare -A host_pid
start_host() { # $1 name, $2 REPODIR, $3 JOURNAL_URL or "", $4 the host's binary (this tree's unless given)
  local port bin=${4:-$host_bin}; port=$(free_port)
  if [ -n "$3" ]; then
    REPODIR=$2 HOOK_SECRET=$secret JOURNAL_URL=$3 HOST_ID=$1 NUM_THREADS=2 "$bin" --port "$port" --log-level error >"$out/host-$1.log" 2>&1 &
  else
    REPODIR=$2 HOOK_SECRET=$secret STATE_DIR=$work/state-$1 NUM_THREADS=2 "$bin" --port "$port" --log-level error >"$out/host-$1.log" 2>&1 &
  fi
  pids+=("$!"); host_pid[$1]=$!
  wait_http "http://127.0.0.1:$port/healthz" || die "host $1 did not start: $(tail -5 "$out/host-$1.log")"
  started="http://127.0.0.1:$port"
}
# CPU ms a process used so far (utime + stime), and all of PostgreSQL's (its backends, and those that ended).
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat"; }
pg_cpu_ms() {
  # Processes end while the glob is read: cat then fails for some, which is no error here.
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v hz="$(getconf CLK_TCK)" '$2 == "(postgres)" {t += $14 + $15 + $16 + $17} END {print int(t * 1000 / hz)}'
}
stop_hosts() { local p; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; pids=(); }

cat >"$work/push.lua" <<EOF
local f = assert(io.open("$body", "rb")); wrk.method = "POST"; wrk.body = f:read("*a"); f:close()
wrk.headers["Content-Type"] = "application/json"; wrk.headers["X-GitHub-Event"] = "push"; wrk.headers["X-Hub-Signature-256"] = "$sig"
EOF
wrk_rps() { awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$1"; }
wrk_bad() { awk '/Non-2xx or 3xx responses:/ {n = $NF} END {print n + 0}' "$1"; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}'; }
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)

if [ "$roundtrip_only" = 0 ]; then
# ---------------------------------------------------------------- 1. intake, SQLite vs PostgreSQL, alternating
say "1. intake: one host on SQLite vs one host on PostgreSQL, wrk -t2 -c16 -d${secs}s, alternating, 3 rounds"
declare -A intake_url
start_host alone "$work/alone" ""; intake_url[sqlite]=$started
intake_db=$(new_db intake)
start_host a "$work/a" "$intake_db"; intake_url[pg]=$started
kinds="sqlite pg"
if [ -n "$against_bin" ]; then
  # The other tree's hosts: REPODIRs and a database of their own (its schema may be older).
  start_host before-alone "$work/b" "" "$against_bin"; intake_url[sqlite-before]=$started
  start_host before-a "$work/c" "$(new_db intake_before)" "$against_bin"; intake_url[pg-before]=$started
  kinds="sqlite-before pg-before sqlite pg"
fi
uptime >"$out/load-intake.txt"
for round in 1 2 3; do
  for kind in $kinds; do
    url=${intake_url[$kind]}
    wrk -t2 -c16 -d"${secs}s" -s "$work/push.lua" "$url/update" >"$out/wrk-$kind-$round.txt" 2>&1 || die "wrk failed"
    [ "$(wrk_bad "$out/wrk-$kind-$round.txt")" = 0 ] || die "non-2xx answers against $kind: $(grep -i non "$out/wrk-$kind-$round.txt")"
    drain "$url"
  done
done
uptime >>"$out/load-intake.txt"
rounds() { local r; for r in 1 2 3; do printf '%s ' "$(wrk_rps "$out/wrk-$1-$r.txt")"; done; }
sqlite_rps=$(for r in 1 2 3; do wrk_rps "$out/wrk-sqlite-$r.txt"; echo; done | median)
pg_rps=$(for r in 1 2 3; do wrk_rps "$out/wrk-pg-$r.txt"; echo; done | median)
stop_hosts
if [ "$intake_only" = 1 ]; then
  {
    echo "# bench/fleet.sh --intake at $commit$([ -n "$against" ] && echo " against $against"), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "# load average: $(awk -F'load average: ' '{printf "%s%s", sep, $2; sep = " -> "}' "$out/load-intake.txt")"
    echo "| tree | PostgreSQL pushes/s (median; rounds) | SQLite pushes/s (median; rounds) | ratio (rounds) | goal |"
    echo "|---|---|---|---|---|"
    if [ -n "$against" ]; then
      b_pg=$(for r in 1 2 3; do wrk_rps "$out/wrk-pg-before-$r.txt"; echo; done | median)
      b_sqlite=$(for r in 1 2 3; do wrk_rps "$out/wrk-sqlite-before-$r.txt"; echo; done | median)
      echo "| $against | $b_pg ($(rounds pg-before)) | $b_sqlite ($(rounds sqlite-before)) | $(ratio "$b_pg" "$b_sqlite") ($(for r in 1 2 3; do printf '%s ' "$(ratio "$(wrk_rps "$out/wrk-pg-before-$r.txt")" "$(wrk_rps "$out/wrk-sqlite-before-$r.txt")")"; done)) | >= 0.5 |"
    fi
    echo "| $commit | $pg_rps ($(rounds pg)) | $sqlite_rps ($(rounds sqlite)) | $(ratio "$pg_rps" "$sqlite_rps") ($(for r in 1 2 3; do printf '%s ' "$(ratio "$(wrk_rps "$out/wrk-pg-$r.txt")" "$(wrk_rps "$out/wrk-sqlite-$r.txt")")"; done)) | >= 0.5 |"
  } | tee "$out/summary.md"
  exit 0
fi

fi # phase 1

# ---------------------------------------------------------------- 2. push -> every checkout updated
# The watch forks nothing (builtin read, a read with a time-out on a FIFO that never gets data for
# the naps): a process per look would take CPU from the hosts it watches, three times for the fleet.
mkfifo "$work/nap"; exec {nap}<>"$work/nap"
round_trip() { # $1 a label, $2 hook URL (or several, comma-separated: each sent the push at once), then the checkouts to watch; prints milliseconds from the push to all at the new commit
  local label=$1 urls=$2; shift 2
  local sha t0 c done_all i head url posts=()
  sha=$(new_commit); t0=$(now_ms)
  for url in ${urls//,/ }; do
    curl -fsS -o /dev/null -w '%{time_total}\n' -X POST -H 'Content-Type: application/json' -H 'X-GitHub-Event: push' -H "X-Hub-Signature-256: $sig" --data-binary @"$body" "$url/update" >>"$out/answer-$label.txt" &
    posts+=("$!")
  done
  wait "${posts[@]}"
  for i in $(seq 1 30000); do
    done_all=1
    for c in "$@"; do head=""; read -r head <"$c/.git/refs/heads/master" 2>/dev/null || true; [ "$head" = "$sha" ] || { done_all=0; break; }; done
    [ "$done_all" = 1 ] && { echo $(( $(now_ms) - t0 )); return 0; }
    read -r -t 0.002 -u "$nap" || true
  done
  die "checkouts did not reach $sha within 60 s"
}
say "2. push -> updated: one host (SQLite) vs three hosts (PostgreSQL), $reps pushes each, alternating"
start_host alone "$work/alone" ""; alone_url=$started
fleet_db=$(new_db fleet)
start_host a "$work/a" "$fleet_db"; a_url=$started
start_host b "$work/b" "$fleet_db"; b_url=$started; start_host c "$work/c" "$fleet_db"; c_url=$started
before_url=""
if [ "$roundtrip_only" = 1 ] && [ -n "$against_bin" ]; then
  before_db=$(new_db fleet_before)
  start_host before-d "$work/d" "$before_db" "$against_bin"; before_url=$started
  start_host before-e "$work/e" "$before_db" "$against_bin"; start_host before-f "$work/f" "$before_db" "$against_bin"
fi
trio_urls=""
if [ "$roundtrip_only" = 1 ]; then
  for h in g h i; do start_host "trio-$h" "$work/$h" ""; trio_urls+="${trio_urls:+,}$started"; done
fi
sleep 2 # every host registered its checkouts
# Pushes each first, not counted: the first compiles the job's code in every host.
trio_drain() { local u; for u in ${trio_urls//,/ }; do drain "$u"; done; }
for _ in $(seq 1 "$warmup"); do
  round_trip alone "$alone_url" "$work/alone/Hello-World" >/dev/null; drain "$alone_url"
  round_trip fleet "$a_url" "$work/a/Hello-World" "$work/b/Hello-World" "$work/c/Hello-World" >/dev/null; drain "$a_url"
  [ -n "$before_url" ] && { round_trip before "$before_url" "$work/d/Hello-World" "$work/e/Hello-World" "$work/f/Hello-World" >/dev/null; drain "$before_url"; }
  [ -n "$trio_urls" ] && { round_trip trio "$trio_urls" "$work/g/Hello-World" "$work/h/Hello-World" "$work/i/Hello-World" >/dev/null; trio_drain; }
done
: >"$out/answer-alone.txt"; : >"$out/answer-fleet.txt"; : >"$out/answer-before.txt"; : >"$out/answer-trio.txt"
declare -A cpu_before; for h in alone a b c; do cpu_before[$h]=$(cpu_ms "${host_pid[$h]}"); done; pg_cpu_before=$(pg_cpu_ms)
: >"$out/roundtrip-alone.txt"; : >"$out/roundtrip-fleet.txt"; : >"$out/roundtrip-before.txt"; : >"$out/roundtrip-trio.txt"
for i in $(seq 1 "$reps"); do
  round_trip alone "$alone_url" "$work/alone/Hello-World" >>"$out/roundtrip-alone.txt"; drain "$alone_url"
  round_trip fleet "$a_url" "$work/a/Hello-World" "$work/b/Hello-World" "$work/c/Hello-World" >>"$out/roundtrip-fleet.txt"; drain "$a_url"
  if [ -n "$before_url" ]; then
    round_trip before "$before_url" "$work/d/Hello-World" "$work/e/Hello-World" "$work/f/Hello-World" >>"$out/roundtrip-before.txt"; drain "$before_url"
  fi
  if [ -n "$trio_urls" ]; then
    round_trip trio "$trio_urls" "$work/g/Hello-World" "$work/h/Hello-World" "$work/i/Hello-World" >>"$out/roundtrip-trio.txt"; trio_drain
  fi
done
alone_ms=$(median <"$out/roundtrip-alone.txt"); fleet_ms=$(median <"$out/roundtrip-fleet.txt")
declare -A cpu_used; for h in alone a b c; do cpu_used[$h]=$(( $(cpu_ms "${host_pid[$h]}") - ${cpu_before[$h]} )); done; pg_cpu_used=$(( $(pg_cpu_ms) - pg_cpu_before ))
if [ "$roundtrip_only" = 1 ]; then
  command -v jq >/dev/null || die "missing jq (apt-get install -y jq)"
  ms_of_day() { awk -F'[T:Z]' '{printf "%d\n", ($2 * 3600 + $3 * 60 + $4) * 1000}'; }
  # Per job (newest first): each target's wait from queued to started, and its run from started to finished.
  steps() { # $1 host URL, $2 label
    curl -fsS "$1/jobs?repo=Hello-World&limit=$reps" | jq -r '.jobs[] | .queued_at as $q | .targets[] | [$q, .host, .started_at, .finished_at] | @tsv' |
      while IFS=$'\t' read -r q host started finished; do
        q=$(ms_of_day <<<"$q"); s=$(ms_of_day <<<"$started"); f=$(ms_of_day <<<"$finished")
        echo "$2 $host $(( s - q )) $(( f - s ))"
      done
  }
  { steps "$alone_url" alone; steps "$a_url" fleet; } >"$out/steps.txt"
  # The update's own steps, as each host measured them (mean ms of the pushes).
  step_means() { # $1 host URL
    curl -fsS "$1/metrics" | awk '
      /^gitreload_update_step_duration_seconds_(sum|count)\{/ { match($0, /step="[a-z]+"/); k = substr($0, RSTART + 6, RLENGTH - 7); if ($0 ~ /_sum\{/) sum[k] = $NF; else n[k] = $NF }
      END { printf "fetch %.0f, reset %.0f, clean %.0f", sum["fetch"] / n["fetch"] * 1000, sum["reset"] / n["reset"] * 1000, sum["clean"] / n["clean"] * 1000 }'
  }
  for h in alone a b c; do u=${h}_url; echo "$h $(step_means "${!u}")"; done >"$out/step-means.txt"
  stop_hosts
  {
    echo "# bench/fleet.sh --roundtrip at $commit, $reps pushes each after $warmup not counted, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), load $(uptime | awk -F'load average: ' '{print $2}')"
    echo "| figure | fleet (PostgreSQL, 3 hosts) | host alone (SQLite) | ratio |"
    echo "|---|---|---|---|"
    echo "| push -> every checkout at the commit, ms (median; all) | $fleet_ms ($(tr '\n' ' ' <"$out/roundtrip-fleet.txt")) | $alone_ms ($(tr '\n' ' ' <"$out/roundtrip-alone.txt")) | $(ratio "$fleet_ms" "$alone_ms") |"
    if [ -n "$before_url" ]; then
      before_ms=$(median <"$out/roundtrip-before.txt")
      echo "| the same, a fleet of $against's hosts, ms (median; all) | $before_ms ($(tr '\n' ' ' <"$out/roundtrip-before.txt")) | $alone_ms | $(ratio "$before_ms" "$alone_ms") |"
    fi
    trio_ms=$(median <"$out/roundtrip-trio.txt")
    echo "| the machine's floor: three hosts alone (SQLite each) sent the push at once, ms (median; all) | $trio_ms ($(tr '\n' ' ' <"$out/roundtrip-trio.txt")) | $alone_ms | $(ratio "$trio_ms" "$alone_ms") |"
    echo "| the fleet against that floor | $fleet_ms | $trio_ms | $(ratio "$fleet_ms" "$trio_ms") |"
    echo "| hook answered, ms (median) | $(awk '{print $1 * 1000}' "$out/answer-fleet.txt" | median) | $(awk '{print $1 * 1000}' "$out/answer-alone.txt" | median) | |"
    echo "| CPU per push, ms (the hosts; PostgreSQL$([ -n "$before_url" ] && echo ", with $against's fleet")) | a $(( cpu_used[a] / reps )), b $(( cpu_used[b] / reps )), c $(( cpu_used[c] / reps )); PostgreSQL $(( pg_cpu_used / reps )) | $(( cpu_used[alone] / reps )) | |"
    echo "| update steps, mean ms | $(awk '$1 != "alone" {printf "%s: %s; ", $1, substr($0, 3)}' "$out/step-means.txt") | $(awk '$1 == "alone" {print substr($0, 7)}' "$out/step-means.txt") | |"
    for host in a b c; do
      echo "| host $host: queued -> started, ms (median; all) | $(awk -v h=$host '$1 == "fleet" && $2 == h {print $3}' "$out/steps.txt" | median) ($(awk -v h=$host '$1 == "fleet" && $2 == h {printf "%s ", $3}' "$out/steps.txt")) | $(awk '$1 == "alone" {print $3}' "$out/steps.txt" | median) | |"
      echo "| host $host: started -> finished, ms (median; all) | $(awk -v h=$host '$1 == "fleet" && $2 == h {print $4}' "$out/steps.txt" | median) ($(awk -v h=$host '$1 == "fleet" && $2 == h {printf "%s ", $4}' "$out/steps.txt")) | $(awk '$1 == "alone" {print $4}' "$out/steps.txt" | median) | |"
    done
  } | tee "$out/summary.md"
  exit 0
fi

# ---------------------------------------------------------------- 3. the decision, registry included
say "3. a push decided and answered, nothing queued: host alone with $checkouts checkouts vs a fleet of 3 x $checkouts"
n=$(( secs * 100 ))
for target in alone fleet; do
  url=$alone_url; [ "$target" = fleet ] && url=$a_url
  hey -n "$n" -c 1 -m POST -T application/json -H 'X-GitHub-Event: push' -H "X-Hub-Signature-256: $mismatch_sig" \
    -D "$work/mismatch.json" "$url/update" >"$out/hey-decide-$target.txt" 2>&1 || die "hey failed"
  grep -q '\[200\]' "$out/hey-decide-$target.txt" || die "the decision answers were not 200: $(tail -5 "$out/hey-decide-$target.txt")"
done
hey_p() { awk -v q="$2" '$0 ~ " " q "%+ in " {printf "%.3f", $3 * 1000}' "$1"; }
decide_alone50=$(hey_p "$out/hey-decide-alone.txt" 50); decide_fleet50=$(hey_p "$out/hey-decide-fleet.txt" 50)
decide_alone99=$(hey_p "$out/hey-decide-alone.txt" 99); decide_fleet99=$(hey_p "$out/hey-decide-fleet.txt" 99)
stop_hosts

{
  echo "# bench/fleet.sh at $commit$([ "$smoke" = 1 ] && echo ' (smoke)'), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "| figure | fleet (PostgreSQL) | host alone (SQLite) | ratio | goal |"
  echo "|---|---|---|---|---|"
  echo "| valid signed pushes/s (median of 3) | $pg_rps | $sqlite_rps | $(ratio "$pg_rps" "$sqlite_rps") | >= 0.5 |"
  echo "| push -> every checkout at the commit, ms (median of $reps) | $fleet_ms (3 hosts) | $alone_ms (1 host) | $(ratio "$fleet_ms" "$alone_ms") | <= 1.5 |"
  echo "| push decided, nothing queued, p50 ms | $decide_fleet50 | $decide_alone50 | $(ratio "$decide_fleet50" "$decide_alone50") | <= 2 |"
  echo "| push decided, nothing queued, p99 ms | $decide_fleet99 | $decide_alone99 | $(ratio "$decide_fleet99" "$decide_alone99") | |"
} | tee "$out/summary.md"
