#!/usr/bin/env bash
# The README's first command: install, build, create the demo billing
# databases in a throwaway PostgreSQL owned by you, and open the console on
# them. Without a display it says how to get one and runs the CLI scan.
# Every step says what it does first: on a fresh machine apt and the first
# build take minutes each.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
echo "demo: step 1 of 3: installing the Debian packages the console needs (installer/install-deps.sh)"
"$root/installer/install-deps.sh"
echo "demo: step 2 of 3: building into $root/build (several minutes the first time)"
"$root/installer/build.sh"
echo "demo: step 3 of 3: starting the demo database (about a minute the first time)"
"$root/build/app/payops" demo start

cat <<MSG

The demo PostgreSQL server keeps running in the background after this (so
the console and payops reach it at once next time). Stop it with:
    $root/build/app/payops demo stop
MSG
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "Opening the console on the demo…"
    exec "$root/build/app/payops-console" --demo
fi
cat <<MSG

No display found, so the console window cannot open here. On a desktop,
run: $root/build/app/payops-console --demo
On a headless machine: xvfb-run -a $root/build/app/payops-console --demo --screenshot console.png

Meanwhile, the same scan from the command line:
MSG
"$root/build/app/payops" scan --format text
