#pragma once
// rptdose::kernels — reading and writing kernels:
//  * text tables "i j k S" (whitespace- or comma-separated, '#' comments, an optional header line), the layout of
//    published Monte Carlo VSV tables: either one octant (i, j, k ≥ 0, mirrored on reading) or the full kernel;
//    S in the unit the user names (Gy/(Bq·s) or mGy/(MBq·s));
//  * the CSV of the CLI contract: header "i,j,k,S_Gy_per_Bq_s", offsets −N..N, i fastest;
//  * NumPy-friendly raw + JSON sidecar: <stem>.json describes shape ([z, y, x]), dtype ("<f8", little-endian,
//    C order = x fastest), spacing, unit, medium, provenance, and one <stem>.<component>.raw file per component.
// A full-range kernel (DoseKernel::far_photon() set) is refused by the writers: its far photons are not in values().
// Readers validate everything (gaps, duplicates, non-numeric rows, negative values) and name the line at fault.
// Depends on core and kernels/dose_kernel.
#include <filesystem>
#include <iosfwd>
#include <string>

#include "rptdose/kernels/dose_kernel.hpp"

namespace rptdose::kernels {

enum class KernelUnit { GyPerBqSecond, MilliGyPerMBqSecond };
/// "Gy/(Bq*s)", "Gy/Bq/s", "gy_per_bq_s" or "mGy/(MBq*s)", "mGy/MBq/s", "mgy_per_mbq_s" (case-insensitive).
KernelUnit parse_kernel_unit(std::string_view text);
/// Factor that converts a value in `unit` to Gy/(Bq·s).
double to_gy_per_bq_s(KernelUnit unit);

struct KernelTableOptions {
  Vector3 spacing_mm{0, 0, 0};  ///< required: the voxel size the table was made for
  KernelUnit unit = KernelUnit::MilliGyPerMBqSecond;
  KernelInfo info;  ///< what to record about the table (medium, density, nuclide, ...)
};

/// Reads an "i j k S" table (octant or full). `source` names the input in error messages.
DoseKernel read_kernel_table(std::istream& in, const KernelTableOptions& options, const std::string& source);
DoseKernel read_kernel_table(const std::filesystem::path& path, const KernelTableOptions& options);

/// Writes "i,j,k,S_Gy_per_Bq_s" (header line first), offsets −N..N with i fastest.
void write_kernel_csv(std::ostream& out, const DoseKernel& kernel, KernelComponent component = KernelComponent::Total);
/// Writes the CSV to `path` atomically (a temporary file renamed into place).
void write_kernel_csv(const std::filesystem::path& path, const DoseKernel& kernel,
                      KernelComponent component = KernelComponent::Total);

/// Writes <stem>.json and <stem>.<component>.raw next to it (`json_path` ends in .json). Atomic per file.
void write_kernel_raw(const std::filesystem::path& json_path, const DoseKernel& kernel);
DoseKernel read_kernel_raw(const std::filesystem::path& json_path);

}  // namespace rptdose::kernels
