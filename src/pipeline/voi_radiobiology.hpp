#pragma once
// Internal: the radiobiology of a run's VOIs (RBE-weighted mean dose, BED and EQD2 with the G factor of each VOI's
// fitted curve, tissues by name from the shipped table) and the RBE-weighted dose map.
#include <optional>
#include <vector>

#include "rptdose/dose/dose_calculator.hpp"
#include "rptdose/pipeline/run.hpp"

namespace rptdose::pipeline::detail {

/// RBE_α·D_α + D_electron + D_photon per voxel, when the maps have components and the alpha map is not all zero.
std::optional<Volume<float>> rbe_weighted_map(const dose::DoseMaps& dose, double rbe_alpha);

/// Fills mean_rbe_weighted_Gy (alpha emitters) and radiobiology (VOIs that match a tissue) of every VOI.
///
/// BED of a VOI: BED = RBE_α·D_α + D_low·(1 + G·D_low/(α/β)) with D_low the electron + photon (low-LET) mean dose
/// (the total without components) and G of the VOI's fitted curve: alpha damage is taken as irreparable, i.e.
/// linear, with no quadratic term (Dale's mixed-LET form); without alphas it is the usual BED = D(1 + G·D/(α/β)).
void add_voi_radiobiology(std::vector<VoiResult>& vois, double rbe_alpha, double lambda_phys_per_s);

}  // namespace rptdose::pipeline::detail
