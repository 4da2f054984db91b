#!/usr/bin/env bash
# Every test, on a Debian machine that has only the .NET SDK and git: installs the Debian packages
# the tests drive (sshd for the SSH tests, chromium for the dashboard's browser test, PostgreSQL for
# the fleet journal, nginx and systemd to check contrib/) when they are missing, then runs
# `dotnet test` with any arguments given here.
# As root it installs them; otherwise it prints the one apt-get line to run and exits 1.
set -uo pipefail
cd "$(dirname "$0")"

missing=()
command -v git >/dev/null || missing+=(git)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
{ command -v ssh && command -v ssh-keygen; } >/dev/null || missing+=(openssh-client)
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
# contrib/'s nginx site and systemd unit are checked by the programs that read them (nginx -t, systemd-analyze verify).
[ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v systemd-analyze >/dev/null || missing+=(systemd)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$EUID" -ne 0 ]; then
    echo "test.sh: the tests need Debian packages that are not installed. Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "test.sh: installing ${missing[*]}"
  apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
    { echo "test.sh: apt-get install ${missing[*]} failed" >&2; exit 1; }
fi

# The browser test drives Debian's chromium through Playwright, which must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
exec dotnet test "$@"
