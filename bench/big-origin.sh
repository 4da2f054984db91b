#!/usr/bin/env bash
# Prints the path of the generated bare repository used by "push to updated" (bench/load.sh) and
# the step timings (bench/steps.sh): 20,000 files of 5,000 random bytes in 100 folders, then 300
# commits each rewriting 66 files; random bytes so it does not compress. Generated once (~2.5 min)
# into ${BENCH_CACHE:-${TMPDIR:-/tmp}/gitreload-bench-cache}; nobody pushes to it afterwards.
set -euo pipefail
cache=${BENCH_CACHE:-${TMPDIR:-/tmp}/gitreload-bench-cache}
origin=$cache/big-origin.git
mkdir -p "$cache"
if [ ! -f "$cache/big-origin.ready" ]; then
  printf '== %s\n' "generating the big repository once into $cache (20,000 files of 5,000 random bytes, then 300 commits rewriting 66 files each)" >&2
  export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid
  rm -rf "$cache/big-build" "$origin"
  git init -q -b master "$cache/big-build"
  for d in $(seq -w 0 99); do
    mkdir -p "$cache/big-build/d$d"
    head -c 1000000 /dev/urandom | split -b 5000 -d -a 3 - "$cache/big-build/d$d/f"
  done
  git -C "$cache/big-build" add -A && git -C "$cache/big-build" commit -q -m "20,000 files"
  for i in $(seq 1 300); do
    d=$(printf '%02d' $(( i % 100 )))
    head -c 330000 /dev/urandom | split -b 5000 -d -a 3 - "$cache/big-build/d$d/f"
    git -C "$cache/big-build" commit -q -am "rewrite 66 files of d$d ($i)"
  done
  git init -q --bare -b master "$origin"
  git -C "$cache/big-build" -c pack.window=0 push -q "$origin" master
  rm -rf "$cache/big-build"
  touch "$cache/big-origin.ready"
fi
echo "$origin"
