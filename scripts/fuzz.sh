#!/usr/bin/env bash
# Builds the libFuzzer programs (clang, ASan + UBSan; without ITK, whose Debian headers refuse clang) into build-fuzz/ and runs each for a bounded time
# (docs/fuzzing.md). Environment:
#   FUZZ_SECONDS   seconds per target (default 60; FUZZ_SECONDS=600 for the long run)
#   FUZZ_TARGETS   targets to run, space-separated (default: all built, in order)
#   FUZZ_WORK      scratch folder for corpora, logs and findings (default build-fuzz/fuzz-work; not committed)
#   FUZZ_RSS_MB    memory limit of a fuzzer (default 2048); FUZZ_MALLOC_MB the largest single allocation
#                  (default 512: a parser that allocates more for an input of at most 16 KiB is a finding);
#                  FUZZ_TIMEOUT_S per input (default 10)
#   FUZZ_BUILD=0   skip configure and build
# A target that crashes is restarted on its corpus until its time is used up, so every target gets FUZZ_SECONDS;
# crash inputs go to FUZZ_WORK/findings/<target>/. Prints one line per target: seconds, runs, cov, ft, findings.
# Exit status 1 when any target found something. Needs clang-14 and libclang-rt-14-dev
# (scripts/install-deps.sh --fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build_dir=build-fuzz
seconds=${FUZZ_SECONDS:-60}
work=${FUZZ_WORK:-$root/$build_dir/fuzz-work}
rss_mb=${FUZZ_RSS_MB:-2048}
malloc_mb=${FUZZ_MALLOC_MB:-512}
timeout_s=${FUZZ_TIMEOUT_S:-10}

if [ "${FUZZ_BUILD:-1}" != 0 ]; then
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang-14 \
    -DCMAKE_CXX_COMPILER=clang++-14 -DRPTDOSE_FUZZ=ON -DRPTDOSE_WITH_ITK=OFF -DRPTDOSE_BUILD_TESTS=OFF -DRPTDOSE_BUILD_PYTHON=OFF >/dev/null
  cmake --build "$build_dir" -j"$(nproc)" --target rptdose_fuzzers
fi

if [ -n "${FUZZ_TARGETS:-}" ]; then
  read -r -a targets <<<"$FUZZ_TARGETS"
else
  targets=()
  for program in "$build_dir"/bin/fuzz_*; do targets+=("${program##*/fuzz_}"); done
fi

# Seeds: small hand-written inputs (fuzz/seeds/<target>/), the kept regression inputs (tests/fuzz/<target>/) and
# files of the repository in each parser's format. Targets that choose a parser by their first byte
# (fuzz/targets.cpp) get that byte in front.
seed() {  # seed TARGET PREFIX FILE...
  local target=$1 prefix=$2
  shift 2
  local file
  for file in "$@"; do
    [ -f "$file" ] || continue
    { printf '%s' "$prefix"; head -c 16384 "$file"; } >"$work/corpus/$target/repo-$prefix-$(basename "$file")"
  done
}
seed_corpora() {
  local target=$1
  mkdir -p "$work/corpus/$target"
  for folder in fuzz/seeds/"$target" tests/fuzz/"$target"; do
    [ -d "$folder" ] && cp -n "$folder"/* "$work/corpus/$target/" 2>/dev/null || true
  done
  case $target in
    study) seed study "" examples/*.json tests/data/*.json ;;
    blood_csv) seed blood_csv "" tests/data/*blood*.csv ;;
    kernel_table) seed kernel_table "" tests/data/vsv/* ;;
    kernel_data)
      seed kernel_data 0 data/kernels/electron_point_kernels_water.csv
      { printf 1; cat data/kernels/water_photon_attenuation_hubbell_seltzer.csv; printf '%%%%\n'
        cat data/kernels/water_photon_components_xcom.csv; } >"$work/corpus/kernel_data/repo-photon-tables" ;;
    tissue_table) seed tissue_table "" data/radiobiology/tissue_parameters.csv ;;
    decay_data)
      { printf 0; head -n 60 data/decay/nuclides.csv; } >"$work/corpus/decay_data/repo-index-head"
      seed decay_data 1 data/decay/emissions/Lu-177.txt ;;
    rtstruct | seg | dicom_scan)  # DICOM files written by pydicom (Debian's python3-pydicom)
      if /usr/bin/python3 -c 'import pydicom' 2>/dev/null; then
        /usr/bin/python3 fuzz/seeds/make_dicom_seeds.py "$work/corpus"
      else
        echo "no pydicom for /usr/bin/python3: $target starts without DICOM seeds" >&2
      fi ;;
  esac
}

status=0
summary_lines=()
for target in "${targets[@]}"; do
  program=$root/$build_dir/bin/fuzz_$target
  [ -x "$program" ] || { echo "no fuzzer $program (targets: see fuzz/CMakeLists.txt)" >&2; exit 2; }
  seed_corpora "$target"
  mkdir -p "$work/findings/$target" "$work/logs"
  dictionary=()
  case $target in
    rtstruct | seg | dicom_scan) dictionary_name=dicom ;;
    *) dictionary_name=$target ;;
  esac
  [ -f "fuzz/dictionaries/$dictionary_name.dict" ] && dictionary=(-dict="$root/fuzz/dictionaries/$dictionary_name.dict")
  rm -f "$work/logs/$target".*.log
  runs=0 attempt=0 used=0 findings=0 cov=? ft=?
  while [ "$used" -lt "$seconds" ]; do
    left=$((seconds - used)) attempt=$((attempt + 1))
    log=$work/logs/$target.$attempt.log
    start=$(date +%s)
    set +e
    (cd "$work/findings/$target" && "$program" -max_total_time="$left" -rss_limit_mb="$rss_mb" \
      -malloc_limit_mb="$malloc_mb" -timeout="$timeout_s" -max_len=16384 -print_final_stats=1 "${dictionary[@]}" \
      -artifact_prefix="$work/findings/$target/" "$work/corpus/$target") >"$log" 2>&1
    code=$?
    set -e
    used=$((used + $(date +%s) - start))
    # "Done N runs in S second(s)" on a clean finish; stat::number_of_executed_units either way.
    this_runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$' || true)
    runs=$((runs + ${this_runs:-0}))
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$' || echo "$cov")
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$' || echo "$ft")
    grep -h '^Done [0-9]* runs' "$log" || true
    [ "$code" -eq 0 ] && break
    findings=$((findings + 1))
    status=1
    [ "$findings" -ge 20 ] && break  # the same bug over and over: fix it first
  done
  line=$(printf '%-15s %5s s %10s runs  cov %5s  ft %6s  findings %s' "$target" "$used" "$runs" "$cov" "$ft" "$findings")
  echo "$line"
  summary_lines+=("$line")
done
echo
echo "target           time        runs  coverage      features  findings (crash inputs in $work/findings/)"
printf '%s\n' "${summary_lines[@]}"
exit "$status"
