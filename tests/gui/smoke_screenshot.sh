#!/usr/bin/env bash
# Smoke test: the real console in a real X window (Xvfb), connected to the
# demo, scans, shows its rows, and saves a screenshot of the screen. Fails
# when the window never gets there or the picture is blank.
set -euo pipefail
payops="$1" console="$2" out_dir="$3"
mkdir -p "$out_dir"
shot="$out_dir/console-demo.png"
rm -f "$shot"

live=$("$payops" demo start --dir "$PAYOPS_DEMO_DIR" 2>/dev/null | sed -n 's/^live=//p')
[ -n "$live" ] || { echo "smoke: the demo did not start"; exit 1; }

xvfb-run -a -s '-screen 0 1440x900x24' \
    dbus-run-session -- "$console" --db "$live" --environment demo \
    --screenshot "$shot" --screenshot-timeout 240

[ -s "$shot" ] || { echo "smoke: no screenshot written"; exit 1; }
size=$(identify -format '%wx%h' "$shot")
colours=$(identify -format '%k' "$shot")
echo "smoke: $shot is $size with $colours colours"
[ "$size" = "1440x900" ] || { echo "smoke: expected a 1440x900 screen"; exit 1; }
# A blank or failed window has a handful of colours; text, banner and table have hundreds.
[ "$colours" -gt 100 ] || { echo "smoke: the screenshot looks empty"; exit 1; }
# The demo banner is blue (#1565c0): it must be on screen.
blue=$(convert "$shot" -fill white +opaque '#1565c0' -fill black -opaque '#1565c0' -format '%[fx:int(mean*0+(1-mean)*w*h)]' info:)
echo "smoke: $blue pixels of the demo banner blue"
[ "$blue" -gt 5000 ] || { echo "smoke: the environment banner is missing"; exit 1; }
