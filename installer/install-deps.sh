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
    xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools imagemagick dpkg-dev poppler-utils
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
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
