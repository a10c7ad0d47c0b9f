#!/usr/bin/env bash
# The README test command: install dependencies, build, run every test (C++ and, when built, Python).
#   scripts/test.sh                      Release build in build/
#   RPTDOSE_SANITIZE=1 scripts/test.sh   ASan + UBSan build in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build_dir=build
[ "${RPTDOSE_SANITIZE:-0}" = 1 ] && build_dir=build-asan
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)"
