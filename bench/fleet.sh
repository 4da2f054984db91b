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
#   bench/fleet.sh --against REV   phase 1 also for the tree at git revision REV (built beside this one),
#                                  its rounds taken in turns with this tree's: before/after in one run
#
# PostgreSQL is a throwaway cluster of Debian's postgresql (durable: fsync on), 127.0.0.1 only.
# Everything listens on 127.0.0.1. Results: a table on stdout, raw outputs in $BENCH_OUT.
set -euo pipefail

smoke=0 intake_only=0 against=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --intake) intake_only=1 ;;
    --against) [ $# -ge 2 ] || { echo "fleet.sh: --against needs a git revision" >&2; exit 2; }; against=$2; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "fleet.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ "$smoke" -eq 1 ]; then secs=2 reps=1 checkouts=20; else secs=10 reps=5 checkouts=200; fi

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
as_postgres "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $work/pg -c max_connections=200" start >/dev/null || die "PostgreSQL did not start"
psql_do() { as_postgres "$pgbin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qAt -c "$1" postgres; }
new_db() { psql_do "CREATE DATABASE $1" >/dev/null; echo "postgresql://postgres@127.0.0.1:$pg_port/$1"; }

say "repositories: one bare origin, $checkouts checkouts for each of four REPODIRs"
git init -q --bare -b master "$work/origin.git"
git clone -q "$work/origin.git" "$work/seed" 2>/dev/null
echo hello >"$work/seed/README"; git -C "$work/seed" add README; git -C "$work/seed" commit -q -m first; git -C "$work/seed" push -q origin master
for dir in alone a b c; do
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
start_host() { # $1 name, $2 REPODIR, $3 JOURNAL_URL or "", $4 the host's binary (this tree's unless given)
  local port bin=${4:-$host_bin}; port=$(free_port)
  if [ -n "$3" ]; then
    REPODIR=$2 HOOK_SECRET=$secret JOURNAL_URL=$3 HOST_ID=$1 NUM_THREADS=2 "$bin" --port "$port" --log-level error >"$out/host-$1.log" 2>&1 &
  else
    REPODIR=$2 HOOK_SECRET=$secret STATE_DIR=$work/state-$1 NUM_THREADS=2 "$bin" --port "$port" --log-level error >"$out/host-$1.log" 2>&1 &
  fi
  pids+=("$!")
  wait_http "http://127.0.0.1:$port/healthz" || die "host $1 did not start: $(tail -5 "$out/host-$1.log")"
  started="http://127.0.0.1:$port"
}
stop_hosts() { local p; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; pids=(); }

cat >"$work/push.lua" <<EOF
local f = assert(io.open("$body", "rb")); wrk.method = "POST"; wrk.body = f:read("*a"); f:close()
wrk.headers["Content-Type"] = "application/json"; wrk.headers["X-GitHub-Event"] = "push"; wrk.headers["X-Hub-Signature-256"] = "$sig"
EOF
wrk_rps() { awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$1"; }
wrk_bad() { awk '/Non-2xx or 3xx responses:/ {n = $NF} END {print n + 0}' "$1"; }

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
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}'; }
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
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

# ---------------------------------------------------------------- 2. push -> every checkout updated
head_of() { cat "$1/.git/refs/heads/master" 2>/dev/null || git -C "$1" rev-parse HEAD; }
round_trip() { # $1 hook URL, then the checkouts to watch; prints milliseconds from the push to all at the new commit
  local url=$1; shift
  local sha t0 c done_all i
  sha=$(new_commit); t0=$(now_ms)
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -H 'X-GitHub-Event: push' -H "X-Hub-Signature-256: $sig" --data-binary @"$body" "$url/update"
  for i in $(seq 1 30000); do
    done_all=1
    for c in "$@"; do [ "$(head_of "$c")" = "$sha" ] || { done_all=0; break; }; done
    [ "$done_all" = 1 ] && { echo $(( $(now_ms) - t0 )); return 0; }
    sleep 0.002
  done
  die "checkouts did not reach $sha within 60 s"
}
say "2. push -> updated: one host (SQLite) vs three hosts (PostgreSQL), $reps pushes each, alternating"
start_host alone "$work/alone" ""; alone_url=$started
fleet_db=$(new_db fleet)
start_host a "$work/a" "$fleet_db"; a_url=$started
start_host b "$work/b" "$fleet_db"; start_host c "$work/c" "$fleet_db"
sleep 2 # every host registered its checkouts
: >"$out/roundtrip-alone.txt"; : >"$out/roundtrip-fleet.txt"
for i in $(seq 1 "$reps"); do
  round_trip "$alone_url" "$work/alone/Hello-World" >>"$out/roundtrip-alone.txt"; drain "$alone_url"
  round_trip "$a_url" "$work/a/Hello-World" "$work/b/Hello-World" "$work/c/Hello-World" >>"$out/roundtrip-fleet.txt"; drain "$a_url"
done
alone_ms=$(median <"$out/roundtrip-alone.txt"); fleet_ms=$(median <"$out/roundtrip-fleet.txt")

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
