#!/usr/bin/env bash
# The README "main job" command: install dependencies, build, and run rptdose on the bundled example study.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/bin/rptdose --version
# The bundled synthetic 177Lu-DOTATATE study (docs/example-study.md): written to example-output/study, results
# (dose maps, summary.json, vois.csv, plots, report.md) to example-output/results.
build/bin/rptdose demo --out example-output --force
