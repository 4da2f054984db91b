#!/usr/bin/env bash
# The embedding test: GitReload's packages, packed from this clone into a temporary folder, consumed
# by someone else's service (tests/GitReload.Embedding.App) restored from that folder added to the
# machine's own package sources; then the tests of that service (this folder). Not part of
# `dotnet test`: packing and publishing take a few minutes. Prints dotnet test's summary line.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$root"
if ! dotnet pack -c Release -o "$work/feed" >"$work/pack.log" 2>&1; then
  tail -30 "$work/pack.log"; echo "embedding: dotnet pack failed"; exit 1
fi
package=$(cd "$work/feed" && ls GitReload.AspNetCore.*.nupkg | grep -v snupkg)
version=${package#GitReload.AspNetCore.}
version=${version%.nupkg}

# A package folder of its own: a package rebuilt under the same version (uncommitted changes) is never
# taken from an older extraction in the machine's package folder.
if ! dotnet publish tests/GitReload.Embedding.App -c Release -o "$work/app" \
     -p:GitReloadFeed="$work/feed" -p:GitReloadVersion="$version" -p:GitReloadPackages="$work/packages" >"$work/app.log" 2>&1; then
  tail -30 "$work/app.log"; echo "embedding: the app did not build from the packages"; exit 1
fi

GITRELOAD_EMBEDDING_FEED="$work/feed" GITRELOAD_EMBEDDING_APP="$work/app" \
  dotnet test tests/GitReload.Embedding.Tests
