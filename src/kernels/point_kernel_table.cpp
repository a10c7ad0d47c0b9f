#include "rptdose/kernels/point_kernel_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

#include "numeric_table.hpp"
#include "rptdose/core/data_path.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::kernels {
namespace {

constexpr double kMmPerCm = 10.0;

const PointKernelTable& load_bundled(const char* file_name) {
  const auto path = data_directory() / "kernels" / file_name;
  std::ifstream in(path);
  if (!in) throw IoError("cannot read " + path.string() + ": reinstall rptdose or set RPTDOSE_DATA_DIR");
  static std::mutex mutex;
  const std::lock_guard lock(mutex);
  static std::vector<std::unique_ptr<PointKernelTable>> keep_alive;
  keep_alive.push_back(std::make_unique<PointKernelTable>(in, path.string()));
  return *keep_alive.back();
}

}  // namespace

PointKernelTable::PointKernelTable(std::istream& in, const std::string& source) : source_(source) {
  for (const auto& [line, row] : read_numeric_csv(in, source)) {
    const std::string where = source + " line " + std::to_string(line);
    if (row.size() < 6) throw IoError(where + ": too few columns");
    ScaledPointKernel k;
    k.energy_MeV = row[0];
    k.scale_length_g_per_cm2 = row[1];
    k.bin_width = row[2];
    k.fraction_beyond = row[3];
    k.values.assign(row.begin() + 4, row.end());
    if (!(k.energy_MeV > 0.0) || !(k.scale_length_g_per_cm2 > 0.0) || !(k.bin_width > 0.0))
      throw IoError(where + ": energy, scale length and bin width must be positive");
    if (!kernels_.empty()) {
      const auto& previous = kernels_.back();
      if (k.energy_MeV <= previous.energy_MeV) throw IoError(where + ": energies must increase");
      if (k.bin_width != previous.bin_width || k.values.size() != previous.values.size())
        throw IoError(where + ": every row must have the same bin width and number of bins");
    }
    for (const double f : k.values)
      if (f < 0.0) throw IoError(where + ": negative kernel value");
    kernels_.push_back(std::move(k));
  }
  if (kernels_.size() < 2) throw IoError(source + ": fewer than two point-kernel rows found");
}

const PointKernelTable& PointKernelTable::electrons_in_water() {
  static const PointKernelTable& table = load_bundled("electron_point_kernels_water.csv");
  return table;
}

const PointKernelTable& PointKernelTable::photons_in_water() {
  static const PointKernelTable& table = load_bundled("photon_point_kernels_water.csv");
  return table;
}

PointKernelTable::Bracket PointKernelTable::bracket(double energy_MeV) const {
  std::size_t hi =
      static_cast<std::size_t>(std::upper_bound(kernels_.begin(), kernels_.end(), energy_MeV,
                                                [](double e, const ScaledPointKernel& k) { return e < k.energy_MeV; }) -
                               kernels_.begin());
  hi = std::clamp<std::size_t>(hi, 1, kernels_.size() - 1);
  const auto& a = kernels_[hi - 1];
  const auto& b = kernels_[hi];
  return {a, b, std::log(energy_MeV / a.energy_MeV) / std::log(b.energy_MeV / a.energy_MeV)};
}

double PointKernelTable::scale_length_g_per_cm2(double energy_MeV) const {
  const auto [a, b, t] = bracket(energy_MeV);
  return a.scale_length_g_per_cm2 * std::pow(b.scale_length_g_per_cm2 / a.scale_length_g_per_cm2, t);
}

void PointKernelTable::add_line(RadialProfile& profile, double energy_MeV, double count,
                                double density_g_per_ml) const {
  if (!(energy_MeV > 0.0) || !(count > 0.0)) return;
  const auto [a, b, log_fraction] = bracket(energy_MeV);
  const double t = std::clamp(log_fraction, 0.0, 1.0);  // shapes are not extrapolated
  const double scale_mm = scale_length_g_per_cm2(energy_MeV) / density_g_per_ml * kMmPerCm;
  const double bin_mm = a.bin_width * scale_mm;
  const double energy = energy_MeV * count;
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    const double f = (1.0 - t) * a.values[i] + t * b.values[i];
    if (f > 0.0) profile.add_uniform(i * bin_mm, (i + 1) * bin_mm, energy * f * a.bin_width);
  }
  profile.add_escaped(energy * ((1.0 - t) * a.fraction_beyond + t * b.fraction_beyond));
}

void PointKernelTable::add_spectrum(RadialProfile& profile, std::span<const nuclides::SpectrumPoint> spectrum,
                                    double energy_per_decay_MeV, double density_g_per_ml) const {
  if (spectrum.size() < 2 || !(energy_per_decay_MeV > 0.0)) return;
  // Trapezoid weights of the tabulated points, then rescaled to the ICRP-107 mean energy per decay.
  std::vector<double> weight(spectrum.size(), 0.0);
  for (std::size_t i = 0; i + 1 < spectrum.size(); ++i) {
    const double de = spectrum[i + 1].energy_MeV - spectrum[i].energy_MeV;
    weight[i] += 0.5 * de * spectrum[i].per_MeV_per_decay;
    weight[i + 1] += 0.5 * de * spectrum[i + 1].per_MeV_per_decay;
  }
  double energy_sum = 0.0;
  for (std::size_t i = 0; i < spectrum.size(); ++i) energy_sum += weight[i] * spectrum[i].energy_MeV;
  if (!(energy_sum > 0.0)) return;
  const double scale = energy_per_decay_MeV / energy_sum;
  for (std::size_t i = 0; i < spectrum.size(); ++i)
    add_line(profile, spectrum[i].energy_MeV, weight[i] * scale, density_g_per_ml);
}

void write_point_kernel_table(std::ostream& out, const std::string& comment,
                              const std::vector<ScaledPointKernel>& kernels) {
  std::stringstream lines(comment);
  std::string line;
  while (std::getline(lines, line)) out << "# " << line << "\n";
  out << "energy_MeV,scale_length_g_per_cm2,bin_width,fraction_beyond,F...\n";
  char buffer[64];
  for (const auto& k : kernels) {
    std::snprintf(buffer, sizeof buffer, "%.4f,%.6e,%.4f,%.4e", k.energy_MeV, k.scale_length_g_per_cm2, k.bin_width,
                  k.fraction_beyond);
    out << buffer;
    for (const double f : k.values) {
      std::snprintf(buffer, sizeof buffer, ",%.5e", f);
      out << buffer;
    }
    out << "\n";
  }
}

}  // namespace rptdose::kernels
