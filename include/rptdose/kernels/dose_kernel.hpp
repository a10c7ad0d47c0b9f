#pragma once
// rptdose::kernels — DoseKernel: voxel S-values in Gy/(Bq·s) (mean dose to the target voxel per decay in the
// source voxel) on an odd-sized grid centred on the source voxel, with the per-component parts (alpha, electron,
// photon) that sum to the total, the medium and the provenance. Kernels are immutable values. A full-range kernel
// (generate_kernel with a photon split radius) also holds the far part of its photons (photon_far_field.hpp): its
// photon component is then the near part only, and the far part is convolved on a coarser grid by
// dose::DoseCalculator.
// Depends on core and kernels/photon_far_field.
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rptdose/core/grid.hpp"
#include "rptdose/core/volume.hpp"
#include "rptdose/kernels/photon_far_field.hpp"

namespace rptdose::kernels {

/// Alpha includes the alpha recoil; Electron: beta-, beta+, conversion and Auger electrons; Photon: gamma, X-ray
/// and annihilation photons.
enum class KernelComponent { Total, Alpha, Electron, Photon };
std::string_view component_name(KernelComponent component);
/// "total", "alpha", "electron" or "photon"; throws InvalidInput otherwise.
KernelComponent parse_component(std::string_view name);

/// Where a kernel came from, for reports and reproducibility.
struct KernelInfo {
  std::string nuclide;            ///< parent nuclide, e.g. "Lu-177" (may be empty for an imported kernel)
  std::string chain;              ///< e.g. "Ac-225 (1), Fr-221 (1), ..." with decays per parent decay
  std::string medium;             ///< "water", "soft-tissue" or a user's description
  double density_g_per_ml = 1.0;  ///< density the kernel was made for
  double photon_radius_mm = 0.0;  ///< photons were followed to this radius (0: none / unknown)
  std::string method;             ///< how the values were obtained
  std::string source;             ///< "rptdose <version>" or the imported file
};

class DoseKernel {
 public:
  /// A kernel with components. The three volumes must share one kernel grid (odd sizes, centred on the source:
  /// see voxel_integration.hpp kernel_grid()). `far_photon`: the photons beyond the near part (full range; null:
  /// the photons are all in `photon_Gy_per_Bq_s`).
  DoseKernel(Volume<double> alpha_Gy_per_Bq_s, Volume<double> electron_Gy_per_Bq_s, Volume<double> photon_Gy_per_Bq_s,
             KernelInfo info, std::shared_ptr<const PhotonFarField> far_photon = nullptr);
  /// A kernel known only as a total (e.g. an imported Monte Carlo table).
  static DoseKernel from_total(Volume<double> total_Gy_per_Bq_s, KernelInfo info);

  const Grid& grid() const { return total_.grid(); }
  const Vector3& spacing_mm() const { return total_.grid().spacing_mm(); }
  /// N per axis: the kernel spans offsets −N..N voxels.
  std::array<int, 3> half_size() const;
  const KernelInfo& info() const { return info_; }
  bool has_components() const { return has_components_; }
  /// The far part of the photons of a full-range kernel (null otherwise): not in values(), which hold the near
  /// part.
  const PhotonFarField* far_photon() const { return far_photon_.get(); }

  /// The values of one component (Total always exists; the others throw InvalidInput for a total-only kernel).
  const Volume<double>& values(KernelComponent component = KernelComponent::Total) const;
  /// S at offset (di, dj, dk) voxels from the source (0 outside the kernel).
  double at(int di, int dj, int dk, KernelComponent component = KernelComponent::Total) const;

  /// Σ S·m over the kernel divided by the energy of one MeV: the energy per decay (MeV) the kernel deposits,
  /// m being the voxel mass at the kernel's density; with a far photon field, Photon and Total include its energy.
  double deposited_energy_MeV(KernelComponent component = KernelComponent::Total) const;
  /// Voxel mass in kg at the kernel's density.
  double voxel_mass_kg() const;

 private:
  DoseKernel() = default;
  Volume<double> total_, alpha_, electron_, photon_;
  bool has_components_ = false;
  KernelInfo info_;
  std::shared_ptr<const PhotonFarField> far_photon_;
};

/// Checks that a grid is a valid kernel grid: odd sizes, positive finite spacing. Throws InvalidInput naming the
/// problem.
void require_kernel_grid(const Grid& grid, std::string_view what);

}  // namespace rptdose::kernels
