#pragma once
// Internal: the radiobiology of a run's VOIs (RBE-weighted mean dose, BED and EQD2 with the G factor of each VOI's
// fitted curve, tissues by name from the shipped table), the RBE-weighted dose map and the voxel BED map with the
// per-VOI figures drawn from it (mean voxel BED, EUBED, EUD).
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rptdose/dose/dose_calculator.hpp"
#include "rptdose/results/run_summary.hpp"
#include "rptdose/timeactivity/curve_fit.hpp"
#include "rptdose/timeactivity/voi_fit.hpp"

namespace rptdose::pipeline::detail {

/// RBE_α·D_α + D_electron + D_photon per voxel, when the maps have components and the alpha map is not all zero:
/// each VOI's voxels with the VOI's rbe_alpha (set by add_voi_radiobiology), other voxels with `rbe_default`.
std::optional<Volume<float>> rbe_weighted_map(const dose::DoseMaps& dose, const Volume<std::int32_t>* labels,
                                              const std::vector<results::VoiRecord>& vois, double rbe_default);

/// Fills mean_rbe_weighted_dose_Gy (alpha emitters) and radiobiology (VOIs that match a tissue) of every VOI;
/// `kinetics` holds the fitted curve of each VOI (as `vois`).
///
/// BED of a VOI: radiobiology::mixed_let_bed_Gy of its mean doses, BED = RBE_α·D_α + D_low·(1 + G·D_low/(α/β))
/// with D_low the electron + photon (low-LET) mean dose (the total without components) and G of the VOI's fitted
/// curve; without alphas it is the usual BED = D(1 + G·D/(α/β)).
/// Each VOI's RBE_α is its tissue's from `rbe_by_tissue` (tissue names of the table), else `rbe_default`.
void add_voi_radiobiology(std::vector<results::VoiRecord>& vois,
                          const std::vector<timeactivity::VoiFitResult>& kinetics, double rbe_default,
                          const std::map<std::string, double>& rbe_by_tissue, double lambda_phys_per_s);

/// The repair rate μ = ln 2 / T_rep (1/s) of every label whose name matches a tissue of the shipped table.
std::map<std::int32_t, double> repair_rates_by_label(const std::map<std::int32_t, std::string>& label_names);

/// Marks a voxel of the per-voxel G map that has no G of its own: its BED takes its VOI's G.
inline constexpr float kNoVoxelG = -1.0f;

/// The VoxelFitOptions::curve_figure that makes the per-voxel G map (study methods.bed_kinetics "voxel"): G of each
/// voxel's fitted exponential curve (radiobiology::g_factor_of_fit, closed form) with the repair rate of its
/// label's tissue; kNoVoxelG for voxels whose label has no tissue and for trapezoid or fallback voxels (noise-limited
/// curves: their BED takes the VOI's G). `labels` must outlive the fit.
std::function<float(std::size_t, const timeactivity::FitResult&, const timeactivity::Samples&)> voxel_g_factor_figure(
    const Volume<std::int32_t>& labels, std::map<std::int32_t, double> repair_rates, double lambda_phys_per_s);

/// Per-voxel BED: in the voxels of each VOI that has radiobiology, mixed_let_bed_Gy of the voxel's doses with α/β and
/// RBE_α of the VOI and G of the voxel (`voxel_g`, when given and not kNoVoxelG) or else of the VOI (negative voxel
/// doses, noise of the TIA, count as 0); 0 in every other voxel. None when no VOI has radiobiology. With `g_used`, also
/// the G each voxel's BED used (0 outside those VOIs).
std::optional<Volume<float>> voi_bed_map(const dose::DoseMaps& dose, const Volume<std::int32_t>& labels,
                                         const std::vector<results::VoiRecord>& vois,
                                         const Volume<float>* voxel_g = nullptr, Volume<float>* g_used = nullptr);

/// Sets mean_voxel_bed_Gy of every VOI with radiobiology from the BED map (mass-weighted with the densities when
/// given, as the dose statistics), and with a radiosensitivity `eud_alpha_per_Gy` also its EUBED (of the BED map)
/// and EUD (of the total dose map), volume-weighted (radiobiology/equivalent_uniform.hpp).
void add_voxel_bed_figures(std::vector<results::VoiRecord>& vois, const Volume<float>& bed_Gy,
                           const Volume<float>& dose_Gy, const Volume<std::int32_t>& labels,
                           const Volume<float>* density_g_per_ml, std::optional<double> eud_alpha_per_Gy);

}  // namespace rptdose::pipeline::detail
