#!/usr/bin/env bash
# Installs the Debian 12 packages rptdose needs to build and test. Idempotent and quiet: does nothing when they
# are all present. Runs apt-get as root (directly, or through sudo). With --fuzz also clang and libFuzzer for
# scripts/fuzz.sh (opt-in: about 400 MB that the build and the tests do not need; docs/fuzzing.md).
set -euo pipefail

packages=(
  cmake g++ make ccache                 # build
  libeigen3-dev                         # core linear algebra (MPL-2.0)
  nlohmann-json3-dev                    # JSON output and sidecars (MIT)
  libgtest-dev libgmock-dev             # C++ tests (BSD-3-Clause)
  libbenchmark-dev                      # benchmarks (Apache-2.0)
  libfftw3-dev pkg-config               # FFT engine (GPL; -DRPTDOSE_USE_FFTW=OFF builds without it)
  libinsighttoolkit5-dev                # image files (ITK 5, Apache-2.0; -DRPTDOSE_WITH_ITK=OFF without)
  libdcmtk-dev                          # DICOM images, RTSTRUCT, SEG, RT Dose (DCMTK 3.6.7, BSD-3-Clause)
  dcmtk dicom3tools                     # DICOM tests: dcmdump, and dciodvfy, an independent IOD verifier
  pybind11-dev python3-dev              # Python module (BSD-3-Clause)
  python3-numpy python3-pytest python3-scipy  # Python tests and the scipy benchmark comparison
  python3-nibabel                       # Python image I/O tests: an independent NIfTI reader and writer (MIT)
  python3-pydicom                       # DICOM test inputs from an independent writer (MIT)
  python3-matplotlib                    # the plots of `rptdose run` (TAC, DVH, dose over CT)
  python3-dask python3-distributed      # cohort runs (rptdose.batch)
  python3-setuptools python3-wheel python3-pip python3-venv  # pip install --no-build-isolation . (no download)
)
if [ "${1:-}" = --fuzz ]; then
  packages+=(clang-14 libclang-rt-14-dev)  # libFuzzer, ASan and UBSan runtimes (Apache-2.0 with LLVM exception)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
