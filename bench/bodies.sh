#!/usr/bin/env bash
# Memory under big unauthenticated bodies (issue 15, item 3): the Release host's RSS while 16 clients
# each send a 25 MiB push body signed with the wrong secret, three rounds, then after 10 s of quiet.
#
#   bench/bodies.sh                 measure this working tree
#   bench/bodies.sh --root DIR      measure the GitReload source tree in DIR (e.g. an exported older commit)
#   bench/bodies.sh --no-secret     no HOOK_SECRET: every body is parsed (the host answers 500, no checkout)
#   bench/bodies.sh --label NAME    what the table's first column calls the source (default: its commit)
#
# Prints a table row: idle RSS, peak RSS (the kernel's VmHWM), RSS right after the
# last round and after 10 s, and how many answers had each status code.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
secret=the-real-secret label=
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=$(cd "$2" && pwd); shift 2 ;;
    --no-secret) secret=; shift ;;
    --label) label=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "bodies.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

for tool in dotnet curl awk; do
  command -v "$tool" >/dev/null || { echo "bodies.sh: missing $tool" >&2; exit 2; }
done

parallel=16 rounds=3 size=$((25 * 1024 * 1024 - 4096))
work=$(mktemp -d "${TMPDIR:-/tmp}/gitreload-bodies.XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "== building (Release) $root/src/Host" >&2
dotnet build -c Release "$root/src/Host" -v q -nologo >"$work/build.log" 2>&1 || { tail -20 "$work/build.log"; exit 1; }
host_bin=$(ls -d "$root"/src/Host/bin/Release/net*/GitReload.Host | tail -1)

# A push body padded to just under 25 MiB (the default MAX_PAYLOAD_BYTES), so it is read to the end.
{
  printf '{"ref":"refs/heads/master","after":"6113728f27ae82c7b1a177c8d03f9e96e0adf246","repository":{"name":"Hello-World","full_name":"o/Hello-World"},"padding":"'
  head -c "$size" /dev/zero | tr '\0' 'x'
  printf '"}'
} >"$work/body.json"

port=$(( 20000 + RANDOM % 30000 ))
mkdir -p "$work/repos"
REPODIR=$work/repos HOOK_SECRET=$secret STATE_DIR=$work/state \
  "$host_bin" --host 127.0.0.1 --port "$port" --log-level error >"$work/host.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" || { cat "$work/host.log"; exit 1; }

rss() { awk -v k="$1:" '$1 == k {printf "%d", $2 / 1024}' "/proc/$pid/status"; }
sleep 2
idle=$(rss VmRSS)

: >"$work/codes"
for round in $(seq 1 "$rounds"); do
  echo "== round $round: $parallel parallel bodies of $(( $(stat -c %s "$work/body.json") / 1024 )) KiB" >&2
  for i in $(seq 1 "$parallel"); do
    curl -sS -o /dev/null -w '%{http_code}\n' -X POST -H 'Content-Type: application/json' -H 'X-GitHub-Event: push' \
      -H "X-Hub-Signature-256: sha256=$(printf '%064d' "$i")" --data-binary @"$work/body.json" \
      "http://127.0.0.1:$port/update" >>"$work/codes" 2>/dev/null &
  done
  wait $(jobs -p | grep -v "^$pid$") 2>/dev/null || true
done
after=$(rss VmRSS)
sleep 10
settled=$(rss VmRSS)
peak=$(rss VmHWM)

commit=${label:-$(git -C "$root" rev-parse --short HEAD 2>/dev/null || basename "$root")}
mode=unset; [ -n "$secret" ] && mode=set
echo "| source | HOOK_SECRET | idle RSS MB | peak RSS MB | RSS after MB | RSS 10 s later MB | answers |"
echo "|---|---|---|---|---|---|---|"
echo "| $commit | $mode | $idle | $peak | $after | $settled | $(sort "$work/codes" | uniq -c | awk '{printf "%s%s× %s", sep, $1, $2; sep = ", "}') |"
