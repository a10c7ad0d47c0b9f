#pragma once
// rptdose::radiobiology — RBE-weighted dose of an alpha emitter: D_RBE = RBE_α·D_α + D_β,γ (alpha part weighted,
// electrons and photons at RBE 1). The default RBE_α = 5 is the value MIRD Pamphlet No. 22 recommends for
// deterministic effects (Sgouros et al., J Nucl Med 51:311, 2010). Units: Gy in, Gy (RBE-weighted) out.
//
// Module radiobiology owns the radiobiological models and planning; it depends on core, nuclides and timeactivity
// only (no ITK or DCMTK, no output file format).
#include <cstdint>
#include <map>

#include "rptdose/core/volume.hpp"

namespace rptdose::radiobiology {

/// RBE of alpha particles for deterministic effects (MIRD Pamphlet No. 22, Sgouros et al. 2010).
inline constexpr double kDefaultAlphaRbe = 5.0;

/// RBE_α·D_α + D_other. Throws InvalidInput for negative or non-finite doses or an RBE that is not finite and > 0.
double rbe_weighted_dose_Gy(double alpha_dose_Gy, double other_dose_Gy, double rbe_alpha = kDefaultAlphaRbe);

/// The same per voxel, for component maps on one grid (checked with require_same_geometry). Non-finite voxels are
/// an InvalidInput naming how many and the first; negative voxels (noise of the TIA, FFT rounding) are weighted as
/// they are, as the dose module keeps them (dose_calculator.hpp).
Volume<float> rbe_weighted_dose(const Volume<float>& alpha_dose_Gy, const Volume<float>& other_dose_Gy,
                                double rbe_alpha = kDefaultAlphaRbe);

/// The same with an RBE per label (e.g. per tissue of the VOIs: RBE_α is tissue- and endpoint-specific); voxels
/// whose label is not in `rbe_by_label` take `rbe_default`. Labels on the dose grid; checks as above.
Volume<float> rbe_weighted_dose(const Volume<float>& alpha_dose_Gy, const Volume<float>& other_dose_Gy,
                                const Volume<std::int32_t>& labels, const std::map<std::int32_t, double>& rbe_by_label,
                                double rbe_default = kDefaultAlphaRbe);

}  // namespace rptdose::radiobiology
