#!/usr/bin/env bash
# Smoke test: the real console in a real X window (Xvfb, 1600x1000),
# connected to the demo as one of its people (oncall, support, finance),
# scans, shows that person's start, and saves a screenshot of the screen and
# the widget tree beside it. Fails when the window never gets there, the
# picture is blank, the banner or the person is missing, or the main view
# is empty.
set -euo pipefail
payops="$1" console="$2" out_dir="$3" person="${4:-oncall}"
mkdir -p "$out_dir"
shot="$out_dir/console-$person.png"
tree="$shot.widgets.txt"
rm -f "$shot" "$tree"

live=$("$payops" demo start --dir "$PAYOPS_DEMO_DIR" 2>/dev/null | sed -n 's/^live=//p')
[ -n "$live" ] || { echo "smoke: the demo did not start"; exit 1; }
# The demo's people have their name as password (docs/DEMO.md).
uri=${live/oncall:oncall@/$person:$person@}

xvfb-run -a -s '-screen 0 1600x1000x24' \
    dbus-run-session -- "$console" --db "$uri" --environment demo \
    --screenshot "$shot" --screenshot-timeout 240

[ -s "$shot" ] || { echo "smoke: no screenshot written"; exit 1; }
size=$(identify -format '%wx%h' "$shot")
colours=$(identify -format '%k' "$shot")
echo "smoke: $shot is $size with $colours colours"
[ "$size" = "1600x1000" ] || { echo "smoke: expected a 1600x1000 screen"; exit 1; }
# A blank or failed window has a handful of colours; text, banner and table have hundreds.
[ "$colours" -gt 100 ] || { echo "smoke: the screenshot looks empty"; exit 1; }
# The demo banner is blue (#1565c0) across the top of the window.
banner=$(convert "$shot" -crop 1600x60+0+20 +repage -fill white +opaque '#1565c0' \
    -fill black -opaque '#1565c0' -format '%[fx:int((1-mean)*w*h)]' info:)
echo "smoke: $banner pixels of the demo banner blue in the top strip"
[ "$banner" -gt 20000 ] || { echo "smoke: the environment banner is missing"; exit 1; }
# The main area (below the banner) is not one flat colour.
spread=$(convert "$shot" -crop 1600x800+0+120 +repage -colorspace gray -format '%[fx:int(standard_deviation*1000)]' info:)
echo "smoke: the main area's grey spread is $spread/1000"
[ "$spread" -gt 40 ] || { echo "smoke: the main area looks empty"; exit 1; }

# The widget tree: the banner names the person; their start's tab is current
# and its table has rows or its text is there.
grep -Eq "environmentBanner: .*DEMO.*signed in: (<u>)?$person" "$tree" ||
    { echo "smoke: the banner does not name $person"; grep environmentBanner "$tree"; exit 1; }
case "$person" in
    oncall)
        grep -q "leftTabs: current tab: Overview" "$tree" &&
            grep -Eq "overviewSeverities: rows: [1-9]" "$tree" ;;
    support)
        grep -Eq "leftTabs: current tab: (Customers|Cases)" "$tree" ;;
    finance)
        grep -q "leftTabs: current tab: Approvals" "$tree" &&
            grep -Eq "approvalsStatus: .+" "$tree" ;;
esac || { echo "smoke: $person's start is not on screen"; cat "$tree"; exit 1; }
# Nothing raw on screen: no minor-unit headers, microseconds or JSON keys in labels.
if grep -Eq '_minor|[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3,}|\{"id"' "$tree"; then
    echo "smoke: raw internals on screen:"; grep -E '_minor|\.[0-9]{6}|\{"id"' "$tree"; exit 1
fi
echo "smoke: $person's start is on screen"
