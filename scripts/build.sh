#!/usr/bin/env bash
# Configures and builds rptdose into build/ (or build-asan/ with RPTDOSE_SANITIZE=1). Used by test.sh and
# run-example.sh; extra arguments go to the CMake configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=build
options=(-DCMAKE_BUILD_TYPE=Release -DRPTDOSE_BUILD_PYTHON=ON -DPython_EXECUTABLE=/usr/bin/python3)
if [ "${RPTDOSE_SANITIZE:-0}" = 1 ]; then
  build_dir=build-asan
  options=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DRPTDOSE_SANITIZE=ON -DRPTDOSE_BUILD_PYTHON=OFF)
fi
cmake -S . -B "$build_dir" "${options[@]}" "$@" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
