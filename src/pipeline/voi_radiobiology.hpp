#pragma once
// Internal: the radiobiology of a run's VOIs (RBE-weighted mean dose, BED and EQD2 with the G factor of each VOI's
// fitted curve, tissues by name from the shipped table), the RBE-weighted dose map and the voxel BED map with the
// per-VOI figures drawn from it (mean voxel BED, EUBED, EUD).
#include <cstdint>
#include <optional>
#include <vector>

#include "rptdose/dose/dose_calculator.hpp"
#include "rptdose/pipeline/run.hpp"

namespace rptdose::pipeline::detail {

/// RBE_α·D_α + D_electron + D_photon per voxel, when the maps have components and the alpha map is not all zero.
std::optional<Volume<float>> rbe_weighted_map(const dose::DoseMaps& dose, double rbe_alpha);

/// Fills mean_rbe_weighted_Gy (alpha emitters) and radiobiology (VOIs that match a tissue) of every VOI.
///
/// BED of a VOI: radiobiology::mixed_let_bed_Gy of its mean doses, BED = RBE_α·D_α + D_low·(1 + G·D_low/(α/β))
/// with D_low the electron + photon (low-LET) mean dose (the total without components) and G of the VOI's fitted
/// curve; without alphas it is the usual BED = D(1 + G·D/(α/β)).
void add_voi_radiobiology(std::vector<VoiResult>& vois, double rbe_alpha, double lambda_phys_per_s);

/// Per-voxel BED: in the voxels of each VOI that has radiobiology, mixed_let_bed_Gy of the voxel's doses with the
/// VOI's G and α/β (negative voxel doses, noise of the TIA, count as 0); 0 in every other voxel. None when no VOI
/// has radiobiology.
std::optional<Volume<float>> voi_bed_map(const dose::DoseMaps& dose, const Volume<std::int32_t>& labels,
                                         const std::vector<VoiResult>& vois, double rbe_alpha);

/// Sets mean_voxel_bed_Gy of every VOI with radiobiology from the BED map (mass-weighted with the densities when
/// given, as the dose statistics), and with a radiosensitivity `eud_alpha_per_Gy` also its EUBED (of the BED map)
/// and EUD (of the total dose map), volume-weighted (radiobiology/equivalent_uniform.hpp).
void add_voxel_bed_figures(std::vector<VoiResult>& vois, const Volume<float>& bed_Gy, const Volume<float>& dose_Gy,
                           const Volume<std::int32_t>& labels, const Volume<float>* density_g_per_ml,
                           std::optional<double> eud_alpha_per_Gy);

}  // namespace rptdose::pipeline::detail
