#include "rptdose/dose/local_deposition.hpp"

#include <cmath>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"

namespace rptdose::dose {

kernels::DoseKernel local_deposition_kernel(const nuclides::DecayChain& chain, const Vector3& spacing_mm,
                                            double density_g_per_ml, const LocalDepositionOptions& options) {
  if (!(std::isfinite(density_g_per_ml) && density_g_per_ml > 0.0))
    throw InvalidInput("local deposition needs a positive density, got " + std::to_string(density_g_per_ml) +
                       " g/mL (soft tissue: 1.04)");
  const Grid voxel({1, 1, 1}, spacing_mm);  // validates the spacing
  const double mass_kg = voxel.voxel_volume_ml() * density_g_per_ml * units::kKgPerGram;
  const auto energy = chain.energy_per_parent_decay();
  // Gy per (Bq·s) = J per decay / kg.
  const auto per_decay = [mass_kg](double energy_MeV) { return energy_MeV * units::kJoulePerMeV / mass_kg; };
  const double photon_MeV = options.include_photons ? energy.photon_MeV : 0.0;

  kernels::KernelInfo info;
  info.nuclide = chain.parent().name();
  info.chain = chain.describe();
  info.medium = "local deposition";
  info.density_g_per_ml = density_g_per_ml;
  info.method = std::string("local energy deposition (alpha, alpha recoil, electrons") +
                (options.include_photons ? ", photons)" : "; photons excluded)");
  info.source = "rptdose local_deposition_kernel";
  return kernels::DoseKernel(Volume<double>(voxel, per_decay(energy.alpha_MeV + energy.alpha_recoil_MeV)),
                             Volume<double>(voxel, per_decay(energy.electron_MeV)),
                             Volume<double>(voxel, per_decay(photon_MeV)), std::move(info));
}

}  // namespace rptdose::dose
