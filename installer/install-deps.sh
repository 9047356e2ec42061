#!/usr/bin/env bash
# Installs everything the console needs to build, test and run on Debian 12.
# Idempotent: packages already present are left alone.
set -euo pipefail

packages=(
    cmake ninja-build g++ pkg-config clang-format
    qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools
    qt6-httpserver-dev qt6-websockets-dev
    qt6-l10n-tools qt6-qpa-plugins fonts-dejavu-core qtkeychain-qt6-dev libpqxx-dev libgl1-mesa-dev
    libxkbcommon-dev
    postgresql postgresql-contrib
    xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools imagemagick dpkg-dev poppler-utils file
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all packages present"
    exit 0
fi

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
echo "install-deps: ${#missing[@]} packages to install: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# apt is quiet for minutes on a fresh machine: say what it is doing, one line
# every 25 packages, and keep its full output for when it fails.
log="$(mktemp /tmp/payops-install-deps.XXXXXX.log)"
trap 'rm -f "$log"' EXIT
echo "install-deps: reading Debian's package lists (apt-get update)…"
if ! "${sudo_cmd[@]}" apt-get update -q >"$log" 2>&1; then
    tail -n 20 "$log"
    echo "install-deps: apt-get update failed (above); check the network and /etc/apt/sources.list"
    exit 1
fi
echo "install-deps: downloading and installing (a few minutes on a fresh machine)…"
if ! "${sudo_cmd[@]}" apt-get install -y -q "${missing[@]}" 2>&1 | tee "$log" | awk '
    /^Get:/ { got++; if (got % 25 == 1) { printf "install-deps: downloading, %d packages so far\n", got; fflush() } }
    /^Setting up / { set++; if (set % 25 == 1) { printf "install-deps: setting up %d packages so far (%s)\n", set, $3; fflush() } }
    END { printf "install-deps: %d packages downloaded, %d set up\n", got, set }'; then
    tail -n 20 "$log"
    echo "install-deps: apt-get install failed (above)"
    exit 1
fi
echo "install-deps: done"
