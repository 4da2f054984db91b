#!/usr/bin/env bash
# Load test of the built GitReload host, each figure beside its peer's from the same run (issue 5).
#
#   bench/load.sh            full run (10 s phases, 5 repetitions on a generated 20,000-file repository)
#   bench/load.sh --smoke    2 s phases, small repository only: proves the script still works (CI)
#   bench/load.sh --published  GitReload published for this machine (README, "A published build": self-contained,
#                              trimmed, ahead-of-time compiled), not the framework-dependent Release build
#
# Everything listens on 127.0.0.1 only. Peers: adnanh/webhook running the git CLI update, and a bare
# ASP.NET Core app (bench/Ceiling) that parses the same body. Results: a table on stdout and in
# $BENCH_OUT (default: a fresh temp folder), plus the raw tool outputs next to it.
# The generated repository is cached in ${BENCH_CACHE:-${TMPDIR:-/tmp}/gitreload-bench-cache}.
set -euo pipefail

smoke=0 published=0
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=1 ;;
    --published) published=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "load.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
if [ "$smoke" -eq 1 ]; then secs=2 reps=1; else secs=10 reps=5; fi

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'load.sh: %s\n' "$*" >&2; exit 1; }

missing=()
for tool in dotnet git curl wrk hey webhook openssl awk; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "load.sh: missing tools: ${missing[*]}" >&2
  echo "load.sh: on Debian/Ubuntu: apt-get update && apt-get install -y wrk hey webhook curl openssl git" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/gitreload-load.XXXXXX")
out=${BENCH_OUT:-$work/out}
cache=${BENCH_CACHE:-${TMPDIR:-/tmp}/gitreload-bench-cache}
mkdir -p "$out" "$cache"
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work/repos" "$work/peer" "$work/big" "$work/origin.git" "$work/published"
}
trap cleanup EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid
secret=load-test-secret
clk=$(getconf CLK_TCK)

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

free_port() {
  local p i
  for i in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 30000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  die "no free port found on 127.0.0.1"
}

# Waits (bounded) until GET $1 answers 200; prints the milliseconds it took from $2 (a now_ms value).
wait_http() {
  local url=$1 since=$2 i
  for i in $(seq 1 3000); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then echo $(( $(now_ms) - since )); return 0; fi
    sleep 0.01
  done
  return 1
}

rss_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# CPU percent of process $1 over $2 seconds of idleness.
idle_cpu() {
  local a b
  a=$(cpu_ticks "$1"); sleep "$2"; b=$(cpu_ticks "$1")
  awk -v d=$((b - a)) -v hz="$clk" -v s="$2" 'BEGIN {printf "%.2f", 100 * d / hz / s}'
}

sign() { echo "sha256=$(openssl dgst -sha256 -hmac "$secret" -r "$1" | cut -d' ' -f1)"; }

queue_length() { curl -fsS "$1/queue" | sed -n -E 's/.*"queue_length": *([0-9]+).*/\1/p'; }

# Waits (bounded, 120 s) until the GitReload queue at $1 is empty.
drain() {
  local i n
  for i in $(seq 1 1200); do
    n=$(queue_length "$1") || n=x
    [ "$n" = 0 ] && return 0
    sleep 0.1
  done
  die "queue at $1 still not empty after 120 s"
}

# Finished jobs, from the Prometheus counter; 0 before the first one.
jobs_total() {
  curl -fsS "$1/metrics" | awk '/^gitreload_jobs_total[{ ]/ {s += $NF} END {printf "%d", s}'
}

# Waits (bounded, 120 s) until no git process spawned by the webhook peer is left, so it does not eat the next phase's CPU.
drain_peer() {
  local i
  for i in $(seq 1 1200); do
    pgrep -f "$work/peer-update.sh" >/dev/null || return 0
    sleep 0.1
  done
  say "webhook peer still has git processes after 120 s; going on"
}

# wrk output -> "requests/s non2xx total"
wrk_figures() {
  awk '/^Requests\/sec:/ {r = $2} /Non-2xx or 3xx responses:/ {n = $NF} / requests in / {t = $1}
       END {printf "%.0f %d %d\n", r, n + 0, t + 0}' "$1"
}

# hey output -> "p50_ms p99_ms non200"
hey_figures() {
  awk '/ 50%+ in / {p50 = $3} / 99%+ in / {p99 = $3}
       /^ *\[[0-9]+\]/ {code = substr($1, 2, length($1) - 2); if (code != 200) bad += $2; ok = 1}
       END {printf "%.2f %.2f %d\n", p50 * 1000, p99 * 1000, bad + 0}' "$1"
}

# ---------------------------------------------------------------- build
say "building (Release): src/Host and bench/Ceiling"
dotnet build -c Release "$root/src/Host" -v q -nologo >"$out/build-host.log" 2>&1 || { tail -20 "$out/build-host.log"; die "host build failed"; }
dotnet build -c Release "$root/bench/Ceiling" -v q -nologo >"$out/build-ceiling.log" 2>&1 || { tail -20 "$out/build-ceiling.log"; die "ceiling build failed"; }
host_bin=$(ls -d "$root"/src/Host/bin/Release/net*/GitReload.Host 2>/dev/null | tail -1)
if [ "$published" -eq 1 ]; then
  rid=$(dotnet --info | awk '$1 == "RID:" {print $2; exit}')
  say "publishing (Release, $rid): src/Host"
  dotnet publish -c Release -r "$rid" "$root/src/Host" -o "$work/published" -v q -nologo >"$out/publish-host.log" 2>&1 || { tail -20 "$out/publish-host.log"; die "host publish failed"; }
  host_bin=$work/published/GitReload.Host
fi
ceiling_bin=$(ls -d "$root"/bench/Ceiling/bin/Release/net*/Ceiling 2>/dev/null | tail -1)
[ -x "$host_bin" ] || die "built host binary not found under src/Host/bin/Release"
[ -x "$ceiling_bin" ] || die "built ceiling binary not found under bench/Ceiling/bin/Release"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$root" status --porcelain 2>/dev/null | grep -q . && echo " (with uncommitted changes)" || true)

# ---------------------------------------------------------------- small repository, its two clones, the body
body=$work/push.json
fixture=$root/../shared/fixtures/github/push-with-no-username-committer.payload.json
if [ -f "$fixture" ]; then cp "$fixture" "$body"
else
  say "GitHub fixture not found at $fixture; using a minimal push body"
  printf '{"ref":"refs/heads/master","before":"0000000000000000000000000000000000000001","after":"6113728f27ae82c7b1a177c8d03f9e96e0adf246","repository":{"name":"Hello-World","full_name":"Codertocat/Hello-World"}}' >"$body"
fi
sig=$(sign "$body")

say "small repository: bare origin + two identical clones (GitReload's and the webhook peer's)"
git init -q --bare -b master "$work/origin.git"
git clone -q "$work/origin.git" "$work/seed" 2>/dev/null
echo hello >"$work/seed/README"
git -C "$work/seed" add README && git -C "$work/seed" commit -q -m first && git -C "$work/seed" push -q origin master
mkdir -p "$work/repos" "$work/peer"
git clone -q "$work/origin.git" "$work/repos/Hello-World"
git clone -q "$work/origin.git" "$work/peer/Hello-World"

new_commit() { # $1 = seed clone: adds a commit on origin/master, prints its sha
  date +%s%N >>"$1/README"; git -C "$1" commit -q -am "push $(date +%s%N)"; git -C "$1" push -q origin master
  git -C "$1" rev-parse HEAD
}

# ---------------------------------------------------------------- start the three servers
cat >"$work/peer-update.sh" <<'EOF'
#!/bin/sh
# What adnanh/webhook runs per push: the git CLI update, in the hook's working directory.
echo run >>"$PEER_RUNS"
git fetch -q && git reset -q --hard origin/master && git clean -qxdf
EOF
chmod +x "$work/peer-update.sh"
export PEER_RUNS=$work/peer-runs.log
: >"$PEER_RUNS"

gr_port=$(free_port); gr=http://127.0.0.1:$gr_port
t0=$(now_ms)
REPODIR=$work/repos HOOK_SECRET=$secret STATE_DIR=$work/state XDG_STATE_HOME=$work/state NUM_THREADS=1 \
  "$host_bin" --host 127.0.0.1 --port "$gr_port" --log-level error >"$out/gitreload.log" 2>&1 &
gr_pid=$!; pids+=("$gr_pid")
gr_start=$(wait_http "$gr/queue" "$t0") || { tail -20 "$out/gitreload.log"; die "GitReload did not answer /queue within 30 s"; }

ce_port=$(free_port); ce=http://127.0.0.1:$ce_port
t0=$(now_ms)
"$ceiling_bin" "$ce_port" >"$out/ceiling.log" 2>&1 &
ce_pid=$!; pids+=("$ce_pid")
ce_start=$(wait_http "$ce/queue" "$t0") || die "the ceiling app did not start"

wh_port=$(free_port); wh=http://127.0.0.1:$wh_port
cat >"$work/hooks.json" <<EOF
[{"id": "update", "execute-command": "$work/peer-update.sh", "command-working-directory": "$work/peer/Hello-World",
  "response-message": "update started",
  "trigger-rule": {"match": {"type": "payload-hmac-sha256", "secret": "$secret",
                             "parameter": {"source": "header", "name": "X-Hub-Signature-256"}}}}]
EOF
t0=$(now_ms)
webhook -hooks "$work/hooks.json" -ip 127.0.0.1 -port "$wh_port" -nopanic >"$out/webhook.log" 2>&1 &
wh_pid=$!; pids+=("$wh_pid")
# webhook has no GET route that answers 200 except its root
wh_start=$(wait_http "$wh/" "$t0") || die "webhook did not start"

# The pipeline works before anything is measured: a signed push is accepted, an unsigned one refused.
answer=$(curl -sS -X POST -H 'Content-Type: application/json' -H 'X-GitHub-Event: push' -H "X-Hub-Signature-256: $sig" --data-binary @"$body" "$gr/update")
case "$answer" in *"task"*) ;; *) die "GitReload refused the signed push: $answer" ;; esac
code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST -H 'X-GitHub-Event: push' --data-binary @"$body" "$gr/update")
[ "$code" = 401 ] || die "GitReload answered an unsigned push with $code, not 401"
code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -H "X-Hub-Signature-256: $sig" --data-binary @"$body" "$wh/hooks/update")
[ "$code" = 200 ] || die "webhook answered the signed push with $code"
drain "$gr"; drain_peer

sleep 2
gr_idle_rss=$(rss_kb "$gr_pid" VmRSS); wh_idle_rss=$(rss_kb "$wh_pid" VmRSS); ce_idle_rss=$(rss_kb "$ce_pid" VmRSS)
say "idle CPU for ${secs} s (GitReload, webhook)"
gr_idle_cpu=$(idle_cpu "$gr_pid" "$secs")
wh_idle_cpu=$(idle_cpu "$wh_pid" "$secs")

# ---------------------------------------------------------------- intake: throughput at saturation
cat >"$work/push.lua" <<EOF
local f = assert(io.open("$body", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-GitHub-Event"] = "push"
wrk.headers["X-Hub-Signature-256"] = "$sig"
EOF
runs() { wc -l <"$PEER_RUNS" | tr -d ' '; }
jobs_before=$(jobs_total "$gr"); runs_before=$(runs)
for target in ceiling gitreload webhook; do
  case $target in ceiling) url=$ce/update ;; gitreload) url=$gr/update ;; webhook) url=$wh/hooks/update ;; esac
  say "wrk -t2 -c16 -d${secs}s against $target"
  wrk -t2 -c16 -d"${secs}s" -s "$work/push.lua" "$url" >"$out/wrk-$target.txt" 2>&1 || die "wrk failed against $target: $(tail -3 "$out/wrk-$target.txt")"
  if [ "$target" = webhook ]; then drain_peer; fi
  if [ "$target" = gitreload ]; then drain "$gr"; fi
done
read -r ce_rps ce_bad ce_n < <(wrk_figures "$out/wrk-ceiling.txt")
read -r gr_rps gr_bad gr_n < <(wrk_figures "$out/wrk-gitreload.txt")
read -r wh_rps wh_bad wh_n < <(wrk_figures "$out/wrk-webhook.txt")
[ "$gr_n" -gt 0 ] || die "wrk made no request to GitReload: $(cat "$out/wrk-gitreload.txt")"
gr_intake_jobs=$(( $(jobs_total "$gr") - jobs_before ))
wh_intake_runs=$(( $(runs) - runs_before ))

# ---------------------------------------------------------------- intake: latency at a steady 1,000 requests/s
for target in ceiling gitreload webhook; do
  case $target in ceiling) url=$ce/update ;; gitreload) url=$gr/update ;; webhook) url=$wh/hooks/update ;; esac
  say "hey -z ${secs}s -c 10 -q 100 against $target"
  hey -z "${secs}s" -c 10 -q 100 -m POST -T application/json -H 'X-GitHub-Event: push' -H "X-Hub-Signature-256: $sig" \
    -D "$body" "$url" >"$out/hey-$target.txt" 2>&1 || die "hey failed against $target"
  if [ "$target" = webhook ]; then drain_peer; fi
  if [ "$target" = gitreload ]; then drain "$gr"; fi
done
read -r ce_p50 ce_p99 ce_hbad < <(hey_figures "$out/hey-ceiling.txt")
read -r gr_p50 gr_p99 gr_hbad < <(hey_figures "$out/hey-gitreload.txt")
read -r wh_p50 wh_p99 wh_hbad < <(hey_figures "$out/hey-webhook.txt")
gr_peak_rss=$(rss_kb "$gr_pid" VmHWM); wh_peak_rss=$(rss_kb "$wh_pid" VmHWM); ce_peak_rss=$(rss_kb "$ce_pid" VmHWM)

# ---------------------------------------------------------------- burst: 1,000 concurrent pushes of one new commit
say "burst: 1,000 pushes, 100 at a time, of one new commit"
git clone -q "$work/origin.git" "$work/pusher"
new_commit "$work/pusher" >/dev/null
jobs_before=$(jobs_total "$gr"); runs_before=$(runs)
hey -n 1000 -c 100 -m POST -T application/json -H 'X-GitHub-Event: push' -H "X-Hub-Signature-256: $sig" -D "$body" "$gr/update" >"$out/hey-burst-gitreload.txt" 2>&1 || die "hey burst failed"
drain "$gr"
gr_burst_jobs=$(( $(jobs_total "$gr") - jobs_before ))
hey -n 1000 -c 100 -m POST -T application/json -H "X-Hub-Signature-256: $sig" -D "$body" "$wh/hooks/update" >"$out/hey-burst-webhook.txt" 2>&1 || die "hey burst against webhook failed"
drain_peer
wh_burst_runs=$(( $(runs) - runs_before ))
read -r _ _ gr_burst_bad < <(hey_figures "$out/hey-burst-gitreload.txt")
[ "$(git -C "$work/repos/Hello-World" rev-parse HEAD)" = "$(git -C "$work/pusher" rev-parse HEAD)" ] || die "GitReload's checkout did not reach the pushed commit after the burst"

say "idle CPU after the load for ${secs} s"
gr_idle_cpu_after=$(idle_cpu "$gr_pid" "$secs")

# ---------------------------------------------------------------- push to updated
if [ "$smoke" -eq 1 ]; then
  big_origin=$work/origin.git big_name=Hello-World
  big_desc="the small repository (smoke mode)"
else
  big_origin=$(bash "$root/bench/big-origin.sh") big_name=big-course
  big_desc="$(git -C "$big_origin" ls-tree -r master | wc -l | tr -d ' ') files, $(git -C "$big_origin" rev-list --count master) commits, $(du -sm "$big_origin" | cut -f1) MB of packed history (random content, so it does not compress)"
fi
say "push to updated: $big_desc"
# A run-local origin (hardlinked objects), so the cached one never changes; two identical clones of it.
mkdir -p "$work/big/repos" "$work/big/peer"
git clone -q --bare "$big_origin" "$work/big/origin.git"
git clone -q "$work/big/origin.git" "$work/big/repos/$big_name"
git clone -q "$work/big/origin.git" "$work/big/peer/$big_name"
git clone -q --no-checkout "$work/big/origin.git" "$work/big/pusher"
# GitReload only serves checkouts under its REPODIR: point it there by restarting it on the big repository's folder.
kill "$gr_pid"; wait "$gr_pid" 2>/dev/null || true
REPODIR=$work/big/repos HOOK_SECRET=$secret STATE_DIR=$work/state2 XDG_STATE_HOME=$work/state2 NUM_THREADS=1 \
  "$host_bin" --host 127.0.0.1 --port "$gr_port" --log-level error >"$out/gitreload-big.log" 2>&1 &
gr_pid=$!; pids+=("$gr_pid")
wait_http "$gr/queue" "$(now_ms)" >/dev/null || die "GitReload did not restart on the big repository"

# A new commit on the run-local origin: rewrites 50 files, adds one, from plumbing (no working tree needed).
big_commit() {
  local g=$work/big/pusher idx=$work/big/index k blob parent tree
  parent=$(git -C "$g" rev-parse refs/remotes/origin/master)
  GIT_INDEX_FILE=$idx git -C "$g" read-tree "$parent"
  for k in $(seq 1 50); do
    blob=$(head -c 5000 /dev/urandom | git -C "$g" hash-object -w --stdin)
    GIT_INDEX_FILE=$idx git -C "$g" update-index --add --cacheinfo "100644,$blob,d$(printf '%02d' $(( RANDOM % 100 )))/f$(printf '%03d' $(( RANDOM % 200 )))"
  done
  blob=$(date +%s%N | git -C "$g" hash-object -w --stdin)
  GIT_INDEX_FILE=$idx git -C "$g" update-index --add --cacheinfo "100644,$blob,new-$(date +%s%N)"
  tree=$(GIT_INDEX_FILE=$idx git -C "$g" write-tree)
  parent=$(git -C "$g" commit-tree "$tree" -p "$parent" -m "bench push")
  git -C "$g" push -q origin "$parent:refs/heads/master"
  git -C "$g" fetch -q origin
  echo "$parent"
}

if [ "$big_name" = Hello-World ]; then bbody=$body; bsig=$sig
else
  bbody=$work/push-big.json
  sed -e 's/"name": *"Hello-World"/"name": "big-course"/' "$body" >"$bbody"
  grep -q '"big-course"' "$bbody" || die "could not point the push body at big-course"
  bsig=$(sign "$bbody")
fi
: >"$out/push-to-updated.txt"
# A pipe nobody writes to: `read -t` on it is a sleep without a process.
exec {never}<> <(:)
big_ref=$work/big/repos/$big_name/.git/$(sed -n 's/^ref: //p' "$work/big/repos/$big_name/.git/HEAD")
for rep in $(seq 1 "$reps"); do
  sha=$(big_commit)
  # GitReload: from the POST to HEAD at the new commit, and to its job finished. HEAD is watched
  # every 2 ms with bash builtins only (the branch's loose ref file; no process spawned to compete
  # with the update for the cores); the job's end is its own finished_at, read afterwards.
  t0=$(now_ms)
  reply=$(curl -fsS -X POST -H 'Content-Type: application/json' -H 'X-GitHub-Event: push' -H "X-Hub-Signature-256: $bsig" \
    --data-binary @"$bbody" "$gr/update") || die "GitReload refused the push to $big_name"
  job=$(sed -n -E 's/.*"job_id": *([0-9]+).*/\1/p' <<<"$reply")
  [ -n "$job" ] || die "GitReload queued no job for the push to $big_name: $reply"
  t_head=
  for i in $(seq 1 30000); do
    line=; read -r line <"$big_ref" 2>/dev/null || true
    if [ "$line" = "$sha" ]; then t_head=$(( $(now_ms) - t0 )); break; fi
    read -r -t 0.002 -u "$never" || true
  done
  [ -n "$t_head" ] || die "GitReload's checkout never reached $sha"
  drain "$gr"
  finished=$(curl -fsS "$gr/jobs/$job" | sed -n -E 's/.*"finished_at": *"([^"]+)".*/\1/p')
  [ -n "$finished" ] || die "job $job has no finished_at"
  t_done=$(( $(date -d "$finished" +%s%3N) - t0 ))
  # The git CLI, same commit, identical clone.
  t0=$(now_ms)
  (cd "$work/big/peer/$big_name" && git fetch -q && git reset -q --hard origin/master && git clean -qxdf)
  t_cli=$(( $(now_ms) - t0 ))
  [ "$(git -C "$work/big/peer/$big_name" rev-parse HEAD)" = "$sha" ] || die "the git CLI did not reach $sha"
  echo "$rep $t_head $t_done $t_cli" >>"$out/push-to-updated.txt"
  say "push to updated $rep/$reps: GitReload HEAD ${t_head} ms, job done ${t_done} ms; git CLI ${t_cli} ms"
done
median() { sort -n | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
ptu_head=$(awk '{print $2}' "$out/push-to-updated.txt" | median)
ptu_done=$(awk '{print $3}' "$out/push-to-updated.txt" | median)
ptu_cli=$(awk '{print $4}' "$out/push-to-updated.txt" | median)

# ---------------------------------------------------------------- the table
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 == 0) print "n/a"; else printf "%.2f×", a / b}'; }
mb() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }
{
  echo "GitReload build: $commit$dirty, host $host_bin; mode: $([ "$smoke" -eq 1 ] && echo "smoke (${secs} s phases)" || echo "full (${secs} s phases)")"
  echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM"
  echo
  echo "| figure | GitReload | peer | peer's figure | ratio (GitReload / peer) |"
  echo "|---|---|---|---|---|"
  echo "| intake, wrk -t2 -c16: valid signed pushes/s | $gr_rps | webhook | $wh_rps | $(ratio "$gr_rps" "$wh_rps") |"
  echo "| intake, wrk -t2 -c16: valid signed pushes/s | $gr_rps | ceiling | $ce_rps | $(ratio "$gr_rps" "$ce_rps") |"
  echo "| intake: non-2xx of requests | $gr_bad of $gr_n | webhook | $wh_bad of $wh_n | |"
  echo "| intake: non-2xx of requests | $gr_bad of $gr_n | ceiling | $ce_bad of $ce_n | |"
  echo "| latency at 1,000 req/s: p50 ms | $gr_p50 | webhook | $wh_p50 | $(ratio "$gr_p50" "$wh_p50") |"
  echo "| latency at 1,000 req/s: p99 ms | $gr_p99 | webhook | $wh_p99 | $(ratio "$gr_p99" "$wh_p99") |"
  echo "| latency at 1,000 req/s: p50 ms | $gr_p50 | ceiling | $ce_p50 | $(ratio "$gr_p50" "$ce_p50") |"
  echo "| latency at 1,000 req/s: p99 ms | $gr_p99 | ceiling | $ce_p99 | $(ratio "$gr_p99" "$ce_p99") |"
  echo "| latency run: non-200 | $gr_hbad | webhook / ceiling | $wh_hbad / $ce_hbad | |"
  echo "| jobs run for the wrk pushes above (GitReload: $((gr_n - gr_bad)) accepted; webhook: $((wh_n - wh_bad))) | $gr_intake_jobs | webhook git runs | $wh_intake_runs | $(ratio "$gr_intake_jobs" "$wh_intake_runs") |"
  echo "| burst: 1,000 pushes (-c 100) → jobs run | $gr_burst_jobs (non-2xx: $gr_burst_bad) | webhook git runs | $wh_burst_runs | $(ratio "$gr_burst_jobs" "$wh_burst_runs") |"
  echo "| push to updated, median of $reps: POST → HEAD at new commit, ms | $ptu_head | git CLI fetch+reset+clean | $ptu_cli | $(ratio "$ptu_head" "$ptu_cli") |"
  echo "| push to updated, median of $reps: POST → job finished, ms | $ptu_done | git CLI fetch+reset+clean | $ptu_cli | $(ratio "$ptu_done" "$ptu_cli") |"
  echo "| peak RSS under intake, MB | $(mb "$gr_peak_rss") | webhook | $(mb "$wh_peak_rss") | $(ratio "$gr_peak_rss" "$wh_peak_rss") |"
  echo "| peak RSS under intake, MB | $(mb "$gr_peak_rss") | ceiling | $(mb "$ce_peak_rss") | $(ratio "$gr_peak_rss" "$ce_peak_rss") |"
  echo "| idle RSS, MB | $(mb "$gr_idle_rss") | webhook | $(mb "$wh_idle_rss") | $(ratio "$gr_idle_rss" "$wh_idle_rss") |"
  echo "| idle RSS, MB | $(mb "$gr_idle_rss") | ceiling | $(mb "$ce_idle_rss") | $(ratio "$gr_idle_rss" "$ce_idle_rss") |"
  echo "| CPU while idle ${secs} s after start, % of a core | $gr_idle_cpu | webhook | $wh_idle_cpu | |"
  echo "| CPU while idle ${secs} s after the load, % of a core | $gr_idle_cpu_after | | | |"
  echo "| start → first answer, ms (GitReload: /queue) | $gr_start | webhook | $wh_start | $(ratio "$gr_start" "$wh_start") |"
  echo "| start → first answer, ms (GitReload: /queue) | $gr_start | ceiling | $ce_start | $(ratio "$gr_start" "$ce_start") |"
  echo
  echo "push to updated: $big_desc; each repetition rewrites 50 files and adds one."
} | tee "$out/results.md"
say "raw outputs in $out"
