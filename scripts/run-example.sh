#!/usr/bin/env bash
# The README "main job" command: install dependencies, build, and run rptdose on the bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/bin/rptdose --version
build/bin/rptdose nuclide Lu-177
build/bin/rptdose nuclide Ac-225
