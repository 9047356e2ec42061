#!/usr/bin/env bash
# Configures and builds into ./build (incremental when it exists). Uses
# ccache when the machine has it (developers' rebuilds), never requires it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
launcher=()
if command -v ccache >/dev/null 2>&1; then
    export CCACHE_BASEDIR="$root"
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
cmake --build "$root/build" --parallel "$(nproc)"
