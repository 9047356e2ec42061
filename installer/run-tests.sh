#!/usr/bin/env bash
# The README's second command, and what CI runs: install, build, then run the
# whole suite with its own services: a D-Bus session with an unlocked
# keyring (for the keychain tests) and, through ctest fixtures, a throwaway
# PostgreSQL cluster; the smoke test brings its own Xvfb. Builds and checks
# the Debian package first. Leaves nothing running and nothing in /tmp.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/installer/install-deps.sh"
"$root/installer/build.sh"
"$root/installer/check-package.sh"

scratch="$(mktemp -d /tmp/payops-test-home.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
mkdir -m 0700 "$scratch/runtime"
export HOME="$scratch" XDG_RUNTIME_DIR="$scratch/runtime" XDG_CONFIG_HOME="$scratch/config"
export XDG_DATA_HOME="$scratch/data"

dbus-run-session -- sh -c '
    echo -n payops-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    ctest --test-dir "$1/build" --output-on-failure --timeout 900
' sh "$root"
