#!/usr/bin/env bash
# Dashboard of two builds (OLD_BIN, NEW_BIN: GitReload.Host executables), taking turns, on the same N (default 5,000)
# checkouts made with git clone --shared (no job yet): median of 5 GETs and CPU per GET over 20, from /proc/PID/stat.
set -euo pipefail
w=$(mktemp -d "${TMPDIR:-/tmp}/gitreload-dash.XXXXXX"); n=${N:-5000}
export GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@x.invalid GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@x.invalid
git init -q --bare -b master $w/origin.git; git clone -q $w/origin.git $w/p 2>/dev/null
echo x > $w/p/f; git -C $w/p add -A; git -C $w/p commit -qm s; git -C $w/p push -q origin master
mkdir $w/repos; seq -f 'c%05g' 1 $n | xargs -P 4 -I{} git clone -q --shared $w/origin.git $w/repos/{}
clk=$(getconf CLK_TCK)
for b in "old|${OLD_BIN:?OLD_BIN: the older GitReload.Host}" "new|${NEW_BIN:?NEW_BIN: this GitReload.Host}"; do
  IFS='|' read -r name bin <<<"$b"
  port=$((20000 + RANDOM % 30000)); url=http://127.0.0.1:$port
  REPODIR=$w/repos STATE_DIR=$w/state-$name NUM_THREADS=2 "$bin" --host 127.0.0.1 --port $port --log-level error > $w/$name.log 2>&1 &
  pid=$!
  for _ in $(seq 1 6000); do curl -fsS -o /dev/null $url/healthz 2>/dev/null && break; sleep 0.05; done
  for _ in $(seq 1 600); do curl -fsS $url/dashboard | grep -q "$(echo "$n" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') checkouts" && break; sleep 0.5; done
  for _ in 1 2 3; do curl -fsS -o /dev/null $url/dashboard; done
  for _ in 1 2 3 4 5; do curl -fsS -o /dev/null -w '%{time_total} %{size_download}\n' $url/dashboard; done | sort -n | awk -v b=$name 'NR==3 {printf "%s median %.0f ms %.0f KB\n", b, $1*1000, $2/1024}'
  a=$(awk '{print $14+$15}' /proc/$pid/stat)
  for _ in $(seq 1 20); do curl -fsS -o /dev/null $url/dashboard; done
  z=$(awk '{print $14+$15}' /proc/$pid/stat)
  awk -v d=$((z-a)) -v hz=$clk -v b=$name 'BEGIN {printf "%s CPU per GET over 20: %.1f ms\n", b, d*1000/hz/20}'
  kill $pid; wait $pid 2>/dev/null || true
done
uptime
rm -rf $w
