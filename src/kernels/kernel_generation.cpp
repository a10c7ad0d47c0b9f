#include "rptdose/kernels/kernel_generation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/kernels/photon_far_field.hpp"
#include "rptdose/kernels/point_kernel_table.hpp"
#include "rptdose/kernels/voxel_integration.hpp"
#include "rptdose/version.hpp"

namespace rptdose::kernels {
namespace {

using nuclides::Radiation;

/// Shells per smallest voxel edge: the radial resolution of the profiles (errors well below 0.1 %).
constexpr double kShellsPerVoxel = 100.0;
constexpr double kMmPerCm = 10.0;
/// Largest accepted voxel edge (mm) and density (g/mL): beyond these the input is surely a unit mistake.
constexpr double kMaxSpacing_mm = 1000.0;
constexpr double kMaxDensity_g_per_ml = 25.0;

double corner_distance_mm(const Vector3& spacing_mm, const std::array<int, 3>& half_size) {
  double d2 = 0.0;
  for (int a = 0; a < 3; ++a) d2 += std::pow((half_size[a] + 0.5) * spacing_mm[a], 2);
  return std::sqrt(d2);
}

/// Highest electron energy (MeV) a nuclide emits (beta spectrum end point or the highest line).
double max_electron_energy_MeV(const nuclides::Nuclide& nuclide) {
  double e = 0.0;
  for (const auto& p : nuclide.beta_spectrum())
    if (p.per_MeV_per_decay > 0.0) e = std::max(e, p.energy_MeV);
  for (const auto r : {Radiation::BetaMinus, Radiation::BetaPlus, Radiation::DelayedBeta, Radiation::ConversionElectron,
                       Radiation::Auger})
    for (const auto& line : nuclide.lines(r)) e = std::max(e, line.energy_MeV);
  return e;
}

std::string format_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

}  // namespace

std::string_view medium_name(Medium medium) {
  return medium == Medium::Water ? "water" : "soft-tissue";
}

Medium parse_medium(std::string_view name) {
  if (name == "water") return Medium::Water;
  if (name == "soft-tissue" || name == "soft_tissue" || name == "tissue") return Medium::SoftTissue;
  throw InvalidInput("unknown medium '" + std::string(name) +
                     "': use water or soft-tissue (other media: soft-tissue with --density G_PER_ML)");
}

double nominal_density_g_per_ml(Medium medium) {
  return medium == Medium::Water ? units::kWaterDensity_g_per_ml : units::kSoftTissueDensity_g_per_ml;
}

void KernelOptions::validate() const {
  for (int a = 0; a < 3; ++a) {
    if (!std::isfinite(spacing_mm[a]) || !(spacing_mm[a] > 0.0) || spacing_mm[a] > kMaxSpacing_mm)
      throw InvalidInput("kernel voxel spacing " + format_number(spacing_mm[a]) + " mm (axis " + "xyz"[a] +
                         ") must be positive, finite and at most " + format_number(kMaxSpacing_mm) + " mm");
    if (half_size[a] < 0 || half_size[a] > kMaxKernelHalfSize)
      throw InvalidInput("kernel half-size " + std::to_string(half_size[a]) + " (axis " + "xyz"[a] +
                         ") must be between 0 and " + std::to_string(kMaxKernelHalfSize) +
                         " (a kernel of 2N+1 voxels per axis); use a smaller radius or larger voxels");
  }
  const double rho = density();
  if (!std::isfinite(rho) || !(rho > 0.0) || rho > kMaxDensity_g_per_ml)
    throw InvalidInput("density " + format_number(rho) + " g/mL must be positive, finite and at most " +
                       format_number(kMaxDensity_g_per_ml));
  if (photon_radius_mm && (!std::isfinite(*photon_radius_mm) || *photon_radius_mm < 0.0))
    throw InvalidInput("photon radius " + format_number(*photon_radius_mm) + " mm must be finite and ≥ 0");
  if (photon_split_radius_mm) {
    if (!std::isfinite(*photon_split_radius_mm) || !(*photon_split_radius_mm > 0.0))
      throw InvalidInput("photon split radius " + format_number(*photon_split_radius_mm) +
                         " mm must be positive and finite");
    for (int a = 0; a < 3; ++a)
      if (*photon_split_radius_mm > half_size[a] * spacing_mm[a] + 1e-9)
        throw InvalidInput("photon split radius " + format_number(*photon_split_radius_mm) +
                           " mm reaches beyond the kernel (" + std::to_string(half_size[a]) + " voxels of " +
                           format_number(spacing_mm[a]) + " mm along " + "xyz"[a] + "): use a larger half-size");
  }
}

std::array<int, 3> half_size_for_radius(const Vector3& spacing_mm, double radius_mm) {
  if (!std::isfinite(radius_mm) || radius_mm < 0.0)
    throw InvalidInput("kernel radius " + format_number(radius_mm) + " mm must be finite and ≥ 0");
  std::array<int, 3> n{};
  for (int a = 0; a < 3; ++a) {
    if (!(spacing_mm[a] > 0.0)) throw InvalidInput("kernel spacing must be positive");
    const double voxels = std::ceil(radius_mm / spacing_mm[a] - 1e-9);
    if (voxels > kMaxKernelHalfSize)
      throw InvalidInput("kernel radius " + format_number(radius_mm) + " mm is " + format_number(voxels) +
                         " voxels along axis " + "xyz"[a] + ", more than the maximum half-size " +
                         std::to_string(kMaxKernelHalfSize));
    n[a] = static_cast<int>(voxels);
  }
  return n;
}

ComponentProfiles nuclide_profiles(const nuclides::Nuclide& nuclide, const KernelOptions& options,
                                   double shell_width_mm, std::size_t shell_count, double photon_radius_mm) {
  const double rho = options.density();
  const auto photon_shells =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(photon_radius_mm / shell_width_mm)));
  ComponentProfiles p{RadialProfile(shell_width_mm, 1), RadialProfile(shell_width_mm, shell_count),
                      RadialProfile(shell_width_mm, photon_shells)};
  // Alphas (CSDA ranges 30–100 µm in water) and recoils (< 0.1 µm): deposited at the decay site.
  p.alpha.add_point(nuclide.energy_per_decay_MeV(Radiation::Alpha) +
                    nuclide.energy_per_decay_MeV(Radiation::AlphaRecoil));

  const auto& electrons = PointKernelTable::electrons_in_water();
  if (!nuclide.beta_spectrum().empty()) {
    electrons.add_spectrum(p.electron, nuclide.beta_spectrum(), nuclide.energy_per_decay_MeV(Radiation::BetaMinus),
                           rho);
  } else {
    // No tabulated spectrum: each beta- branch at its mean energy.
    for (const auto& line : nuclide.lines(Radiation::BetaMinus))
      electrons.add_line(p.electron, line.energy_MeV, line.yield_per_decay, rho);
  }
  // ICRP-107 gives beta+ and delayed-beta branches by mean energy only: each is placed at its mean energy.
  for (const auto r : {Radiation::BetaPlus, Radiation::DelayedBeta, Radiation::ConversionElectron, Radiation::Auger})
    for (const auto& line : nuclide.lines(r))
      electrons.add_line(p.electron, line.energy_MeV, line.yield_per_decay, rho);

  if (photon_radius_mm > 0.0) {
    const auto& photons = PointKernelTable::photons_in_water();
    for (const auto r : {Radiation::Gamma, Radiation::XRay, Radiation::Annihilation})
      for (const auto& line : nuclide.lines(r)) photons.add_line(p.photon, line.energy_MeV, line.yield_per_decay, rho);
  } else {
    p.photon.add_escaped(nuclide.energy_per_decay_MeV(Radiation::Gamma) +
                         nuclide.energy_per_decay_MeV(Radiation::XRay) +
                         nuclide.energy_per_decay_MeV(Radiation::Annihilation));
  }
  return p;
}

double photon_table_reach_mm(const nuclides::DecayChain& chain, double rho) {
  const auto& table = PointKernelTable::photons_in_water();
  double extent = 0.0;  // in mean free paths
  for (const auto& k : table.kernels()) extent = std::max(extent, k.bin_width * static_cast<double>(k.values.size()));
  double scale_g_per_cm2 = 0.0;
  for (const auto& member : chain.members())
    for (const auto r : {Radiation::Gamma, Radiation::XRay, Radiation::Annihilation})
      for (const auto& line : member.nuclide->lines(r))
        scale_g_per_cm2 = std::max(scale_g_per_cm2, table.scale_length_g_per_cm2(line.energy_MeV));
  return extent * scale_g_per_cm2 / rho * kMmPerCm;
}

ComponentProfiles chain_profiles(const nuclides::DecayChain& chain, const KernelOptions& options, double shell_width_mm,
                                 double electron_cap_mm, double photon_radius_mm) {
  const double rho = options.density();
  // Electron profile extent: the farthest electron of the chain (the table reaches 1.5 r0), or the cap.
  double max_energy = 0.0;
  for (const auto& member : chain.members())
    max_energy = std::max(max_energy, max_electron_energy_MeV(*member.nuclide));
  const auto& electron_table = PointKernelTable::electrons_in_water();
  const double table_extent =
      electron_table.kernels().front().bin_width * static_cast<double>(electron_table.kernels().front().values.size());
  const double electron_reach_mm =
      max_energy > 0.0 ? table_extent * electron_table.scale_length_g_per_cm2(max_energy) / rho * kMmPerCm : 0.0;
  const auto electron_shells = static_cast<std::size_t>(
      std::ceil(std::min(std::max(electron_reach_mm, shell_width_mm), electron_cap_mm) / shell_width_mm) + 1);

  ComponentProfiles total{
      RadialProfile(shell_width_mm, 1), RadialProfile(shell_width_mm, electron_shells),
      RadialProfile(shell_width_mm,
                    std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(photon_radius_mm / shell_width_mm))))};
  for (const auto& member : chain.members()) {
    ComponentProfiles p = nuclide_profiles(*member.nuclide, options, shell_width_mm, electron_shells, photon_radius_mm);
    p.alpha *= member.decays_per_parent_decay;
    p.electron *= member.decays_per_parent_decay;
    p.photon *= member.decays_per_parent_decay;
    total.alpha += p.alpha;
    total.electron += p.electron;
    total.photon += p.photon;
  }
  return total;
}

DoseKernel generate_kernel(std::string_view parent, const KernelOptions& options) {
  options.validate();
  return generate_kernel(nuclides::expand_chain(parent, options.chain), options);
}

DoseKernel generate_kernel(const nuclides::DecayChain& chain, const KernelOptions& options) {
  options.validate();
  const double rho = options.density();
  const double corner_mm = corner_distance_mm(options.spacing_mm, options.half_size);
  const std::optional<double> split_mm = options.photon_split_radius_mm;
  // Full range: photons to the end of the tables (or photon_radius_mm); else to the kernel's corner at most.
  const double photon_radius_mm = split_mm ? options.photon_radius_mm.value_or(photon_table_reach_mm(chain, rho))
                                           : std::min(options.photon_radius_mm.value_or(corner_mm), corner_mm);
  const double shell_width_mm = options.spacing_mm.minCoeff() / kShellsPerVoxel;

  ComponentProfiles total = chain_profiles(chain, options, shell_width_mm, corner_mm, photon_radius_mm);

  // Full range: the far part ε·g of the photons goes to the far field; the near part ε·(1 − g), zero beyond the
  // split radius, stays in the kernel (on shells up to the split radius, so the voxel integration stops there).
  std::shared_ptr<const PhotonFarField> far_photon;
  if (split_mm) {
    const auto& shells = total.photon.shell_energy_MeV();
    RadialProfile near(shell_width_mm, static_cast<std::size_t>(std::ceil(*split_mm / shell_width_mm)) + 1);
    for (std::size_t s = 0; s < shells.size(); ++s) {
      const double r_begin = static_cast<double>(s) * shell_width_mm;
      const double g = photon_far_weight(r_begin + 0.5 * shell_width_mm, *split_mm);
      if (g < 1.0) near.add_uniform(r_begin, r_begin + shell_width_mm, shells[s] * (1.0 - g));
    }
    far_photon = std::make_shared<const PhotonFarField>(std::move(total.photon), *split_mm, rho);
    total.photon = std::move(near);
  }

  // MeV per decay deposited in each voxel → Gy/(Bq·s): × J/MeV ÷ voxel mass (kg).
  const double voxel_mass_kg = options.spacing_mm.prod() / units::kMm3PerMl * rho * units::kKgPerGram;
  const double to_gy = units::kJoulePerMeV / voxel_mass_kg;
  auto integrate = [&](const RadialProfile& profile) {
    Volume<double> v = integrate_over_voxels(profile, options.spacing_mm, options.half_size, options.parallel);
    v *= to_gy;
    return v;
  };
  KernelInfo info;
  info.nuclide = chain.parent().name();
  info.chain = chain.describe();
  info.medium = std::string(medium_name(options.medium));
  info.density_g_per_ml = rho;
  info.photon_radius_mm = photon_radius_mm;
  info.method =
      "ICRP-107 emissions; alpha local; electron and photon Monte Carlo point kernels of water "
      "(data/kernels), density-scaled, integrated over source and target voxels";
  info.source = std::string("rptdose ") + kVersion;
  return DoseKernel(integrate(total.alpha), integrate(total.electron), integrate(total.photon), std::move(info),
                    std::move(far_photon));
}

}  // namespace rptdose::kernels
