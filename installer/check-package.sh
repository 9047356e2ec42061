#!/usr/bin/env bash
# Builds the Debian package from ./build (cpack) and checks it as an installer
# would see it: a Debian file name, the binaries and desktop files inside,
# stripped binaries, dependencies computed, and the unpacked binaries run.
# Run by installer/run-tests.sh (and so by CI) after the build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build"
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")"
deb="$build/payops-console_${version}_$(dpkg --print-architecture).deb"

echo "check-package: building $deb"
rm -f "$deb"
if ! log="$(cd "$build" && cpack -G DEB 2>&1)"; then
    echo "$log"
    echo "check-package: cpack failed (above)"
    exit 1
fi
[ -s "$deb" ] || { echo "check-package: cpack wrote no $deb"; ls "$build"/*.deb 2>/dev/null; exit 1; }

fail() { echo "check-package: $*"; exit 1; }
info="$(dpkg-deb --info "$deb")"
grep -q '^ Package: payops-console$' <<<"$info" || fail "the package is not named payops-console"
grep -q '^ Depends: .*libqt6widgets6' <<<"$info" || fail "no Qt dependency computed: $info"
contents="$(dpkg-deb --contents "$deb")"
for path in ./usr/bin/payops ./usr/bin/payops-console ./usr/bin/payops-demo-provider \
    ./usr/share/applications/payops-console.desktop; do
    grep -q " $path\$" <<<"$contents" || fail "$path is not in the package"
done

unpacked="$(mktemp -d /tmp/payops-package.XXXXXX)"
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$deb" "$unpacked"
for binary in payops payops-console payops-demo-provider; do
    description="$(file -b "$unpacked/usr/bin/$binary")"
    grep -q ', stripped' <<<"$description" || fail "$binary is not stripped: $description"
done
# The installed binaries run from their own directory with the system's libraries.
help="$("$unpacked/usr/bin/payops" --help)"
grep -q '^  scan ' <<<"$help" || fail "payops --help does not list its commands: $help"
answer="$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$unpacked/usr/bin/payops-console" --version 2>/dev/null)"
[ "$answer" = "payops-console $version" ] || fail "payops-console --version without a display said: $answer"
echo "check-package: $(basename "$deb") is $(du -h "$deb" | cut -f1), stripped, and runs"
