#pragma once
// rptdose::radiobiology — equivalent uniform dose (EUD) and equivalent uniform BED (EUBED) of a VOI from its voxel
// distribution (O'Donoghue, Med Phys 26:2010, 1999): the uniform value that kills the same fraction of clonogens
// when survival is exp(−α·x) per voxel,
//
//     EU = −(1/α)·ln( Σ w_i·exp(−α·x_i) / Σ w_i ),
//
// with x_i the voxel doses (EUD) or BEDs (EUBED), α the radiosensitivity in 1/Gy and w_i voxel weights (equal
// voxels: volume weighting, the usual choice; pass masses to weight by mass). EU ≤ mean, with equality for a
// uniform distribution. Computed as min(x) − (1/α)·ln(mean(exp(−α(x_i − min x)))), which cannot underflow.
//
// Module radiobiology owns the radiobiological models and planning; it depends on core, nuclides and timeactivity
// only (no ITK or DCMTK, no output file format).
#include <cstdint>
#include <map>
#include <span>

#include "rptdose/core/volume.hpp"

namespace rptdose::radiobiology {

/// EU of values (Gy) with optional weights (same length, ≥ 0, not all 0). Throws InvalidInput for no values,
/// non-finite values, α not finite and > 0, or bad weights.
double equivalent_uniform(std::span<const double> values_Gy, double alpha_per_Gy, std::span<const double> weights = {});

/// EUD (dose map) or EUBED (BED map) of every label ≠ 0 of `labels`, volume-weighted, in increasing label order.
std::map<std::int32_t, double> equivalent_uniform_per_label(const Volume<float>& map_Gy,
                                                            const Volume<std::int32_t>& labels, double alpha_per_Gy);

}  // namespace rptdose::radiobiology
