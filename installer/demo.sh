#!/usr/bin/env bash
# The README's first command: install, build, create the demo billing
# databases in a throwaway PostgreSQL owned by you, and open the console on
# them. Without a display it says how to get one and runs the CLI scan.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/installer/install-deps.sh"
"$root/installer/build.sh"

"$root/build/app/payops" demo start
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec "$root/build/app/payops-console" --demo
fi
cat <<MSG

No display found, so the console window cannot open here. On a desktop,
run: $root/build/app/payops-console --demo
On a headless machine: xvfb-run -a $root/build/app/payops-console --demo --screenshot console.png

Meanwhile, the same scan from the command line:
MSG
"$root/build/app/payops" scan --format text
