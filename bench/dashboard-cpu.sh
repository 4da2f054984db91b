#!/usr/bin/env bash
# Dashboard of two builds (OLD_BIN, NEW_BIN: GitReload.Host executables), taking turns, on the same N (default 5,000)
# checkouts made with git clone --shared (no job yet): median of 5 GETs and CPU per GET (/proc/PID/stat) in 10 rounds of GETS (20)
# GETs, the median round; then the same for GET /healthz, the floor of any request. UPDATES=1: first one update hook per
# checkout, drained (every checkout then has a job in the journal, as after a day's pushes).
set -euo pipefail
w=$(mktemp -d "${TMPDIR:-/tmp}/gitreload-dash.XXXXXX"); n=${N:-5000}; gets=${GETS:-20}
export GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@x.invalid GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@x.invalid
git init -q --bare -b master $w/origin.git; git clone -q $w/origin.git $w/p 2>/dev/null
echo x > $w/p/f; git -C $w/p add -A; git -C $w/p commit -qm s; git -C $w/p push -q origin master
mkdir $w/repos; seq -f 'c%05g' 1 $n | xargs -P 4 -I{} git clone -q --shared $w/origin.git $w/repos/{}
clk=$(getconf CLK_TCK)
ticks() { awk '{print $14+$15}' /proc/$pid/stat; }
# Median of 5 GETs; CPU per GET in 10 rounds of $gets GETs, the median round's (a round that met a rescan of
# REPODIR, once a minute, or a heartbeat, every 5 s, counts that work too: the median leaves those out).
measure() {
  for _ in 1 2 3; do curl -fsS -o /dev/null $url/dashboard; done
  for _ in 1 2 3 4 5; do curl -fsS -o /dev/null -w '%{time_total} %{size_download}\n' $url/dashboard; done | sort -n | awk -v b="$name, $1" 'NR==3 {printf "%s: /dashboard median %.0f ms %.0f KB\n", b, $1*1000, $2/1024}'
  for path in dashboard healthz; do
    for _ in $(seq 1 10); do

      a=$(ticks)
      for _ in $(seq 1 $gets); do curl -fsS -o /dev/null $url/$path; done
      z=$(ticks)
      echo $((z-a))
    done | sort -n | awk -v hz=$clk -v b="$name, $1" -v p=$path -v n=$gets '{t[NR]=$1} END {printf "%s: CPU per GET /%s, median of 10 rounds of %d: %.2f ms (rounds from %.2f to %.2f)\n", b, p, n, (t[5]+t[6])/2*1000/hz/n, t[1]*1000/hz/n, t[10]*1000/hz/n}'
  done
}
for b in "old|${OLD_BIN:?OLD_BIN: the older GitReload.Host}" "new|${NEW_BIN:?NEW_BIN: this GitReload.Host}"; do
  IFS='|' read -r name bin <<<"$b"
  port=$((20000 + RANDOM % 30000)); url=http://127.0.0.1:$port
  REPODIR=$w/repos STATE_DIR=$w/state-$name NUM_THREADS=2 "$bin" --host 127.0.0.1 --port $port --log-level error > $w/$name.log 2>&1 &
  pid=$!
  for _ in $(seq 1 6000); do curl -fsS -o /dev/null $url/healthz 2>/dev/null && break; sleep 0.05; done
  for _ in $(seq 1 600); do curl -fsS $url/dashboard | grep -q "$(echo "$n" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') checkouts" && break; sleep 0.5; done
  measure fresh
  if [ "${UPDATES:-0}" = 1 ]; then
    : > $w/hooks.cfg
    for i in $(seq -f 'c%05g' 1 $n); do
      [ -s $w/hooks.cfg ] && echo next >> $w/hooks.cfg
      printf 'url = "%s/update"\nheader = "X-GitHub-Event: push"\nheader = "Content-Type: application/json"\ndata = "{\\"ref\\":\\"refs/heads/master\\",\\"repository\\":{\\"name\\":\\"%s\\"}}"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' $url $i >> $w/hooks.cfg
    done
    curl -sS --no-progress-meter --parallel --parallel-max 16 -K $w/hooks.cfg > $w/codes.txt
    [ "$(grep -c '^200$' $w/codes.txt)" = $n ] || { echo "not every hook was accepted: $(sort $w/codes.txt | uniq -c | tr '\n' ' ')"; kill $pid; exit 1; }
    for _ in $(seq 1 3600); do
      [ "$(curl -fsS $url/metrics | awk '/^gitreload_jobs_total[{ ]/ {s += $NF} END {printf "%d", s}')" -ge $n ] && break; sleep 1
    done
    sleep 5
    measure "after $n updates"
  fi
  kill $pid; wait $pid 2>/dev/null || true
done
uptime
rm -rf $w
