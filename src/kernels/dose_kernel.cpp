#include "rptdose/kernels/dose_kernel.hpp"

#include <cmath>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"

namespace rptdose::kernels {

std::string_view component_name(KernelComponent component) {
  switch (component) {
    case KernelComponent::Total:
      return "total";
    case KernelComponent::Alpha:
      return "alpha";
    case KernelComponent::Electron:
      return "electron";
    case KernelComponent::Photon:
      return "photon";
  }
  return "total";
}

KernelComponent parse_component(std::string_view name) {
  for (const auto c :
       {KernelComponent::Total, KernelComponent::Alpha, KernelComponent::Electron, KernelComponent::Photon})
    if (name == component_name(c)) return c;
  throw InvalidInput("unknown kernel component '" + std::string(name) + "': use total, alpha, electron or photon");
}

void require_kernel_grid(const Grid& grid, std::string_view what) {
  for (int a = 0; a < 3; ++a) {
    if (grid.size()[a] % 2 == 0)
      throw InvalidInput(std::string(what) + ": kernel size " + grid.describe() +
                         " must be odd along every axis (the source voxel is the centre)");
    if (!(grid.spacing_mm()[a] > 0.0) || !std::isfinite(grid.spacing_mm()[a]))
      throw InvalidInput(std::string(what) + ": kernel spacing must be positive and finite, got " + grid.describe());
  }
}

namespace {
void require_finite_non_negative(const Volume<double>& v, std::string_view what) {
  for (const double x : v.values())
    if (!std::isfinite(x) || x < 0.0)
      throw InvalidInput(std::string(what) + " kernel has a negative or non-finite value (" + std::to_string(x) +
                         "): S-values are doses per decay and cannot be negative");
}
}  // namespace

DoseKernel::DoseKernel(Volume<double> alpha, Volume<double> electron, Volume<double> photon, KernelInfo info,
                       std::shared_ptr<const PhotonFarField> far_photon)
    : alpha_(std::move(alpha)),
      electron_(std::move(electron)),
      photon_(std::move(photon)),
      has_components_(true),
      info_(std::move(info)),
      far_photon_(std::move(far_photon)) {
  require_kernel_grid(alpha_.grid(), "alpha");
  require_same_geometry(alpha_.grid(), electron_.grid(), "alpha kernel", "electron kernel");
  require_same_geometry(alpha_.grid(), photon_.grid(), "alpha kernel", "photon kernel");
  require_finite_non_negative(alpha_, "alpha");
  require_finite_non_negative(electron_, "electron");
  require_finite_non_negative(photon_, "photon");
  total_ = alpha_.clone();
  total_ += electron_;
  total_ += photon_;
}

DoseKernel DoseKernel::from_total(Volume<double> total, KernelInfo info) {
  require_kernel_grid(total.grid(), "imported");
  require_finite_non_negative(total, "imported");
  DoseKernel kernel;
  kernel.total_ = total.owns_data() ? std::move(total) : total.clone();
  kernel.info_ = std::move(info);
  return kernel;
}

std::array<int, 3> DoseKernel::half_size() const {
  const auto& size = grid().size();
  return {static_cast<int>(size[0] / 2), static_cast<int>(size[1] / 2), static_cast<int>(size[2] / 2)};
}

const Volume<double>& DoseKernel::values(KernelComponent component) const {
  if (component == KernelComponent::Total) return total_;
  if (!has_components_)
    throw InvalidInput("this kernel (" + info_.source + ") has no " + std::string(component_name(component)) +
                       " component: it was imported as a total; generate the kernel to get components");
  switch (component) {
    case KernelComponent::Alpha:
      return alpha_;
    case KernelComponent::Electron:
      return electron_;
    default:
      return photon_;
  }
}

double DoseKernel::at(int di, int dj, int dk, KernelComponent component) const {
  const auto n = half_size();
  if (std::abs(di) > n[0] || std::abs(dj) > n[1] || std::abs(dk) > n[2]) return 0.0;
  return values(component)(static_cast<std::size_t>(di + n[0]), static_cast<std::size_t>(dj + n[1]),
                           static_cast<std::size_t>(dk + n[2]));
}

double DoseKernel::voxel_mass_kg() const {
  return grid().voxel_volume_ml() * info_.density_g_per_ml * units::kKgPerGram;
}

double DoseKernel::deposited_energy_MeV(KernelComponent component) const {
  const double far_MeV = far_photon_ && (component == KernelComponent::Photon || component == KernelComponent::Total)
                             ? far_photon_->deposited_energy_MeV()
                             : 0.0;
  return values(component).sum() * voxel_mass_kg() / units::kJoulePerMeV + far_MeV;
}

}  // namespace rptdose::kernels
