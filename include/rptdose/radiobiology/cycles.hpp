#pragma once
// rptdose::radiobiology — dose and BED accumulated over the treatment cycles of one patient. Cycles are weeks
// apart, far longer than any repair half-time, so repair between cycles is taken as complete: the BEDs of the
// cycles add, BED_total = Σ_k BED_k (Dale 1985; as for the cumulative kidney BED of Bodei et al., EJNMMI 35:1847,
// 2008), each cycle with its own dose, kinetics (G) and nuclide. Absorbed doses add too. EQD2 of the total is
// BED_total / (1 + 2/(α/β)).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "rptdose/core/volume.hpp"

namespace rptdose::radiobiology {

/// One VOI in one cycle: its mean absorbed dose and the G of its dose-rate curve in that cycle.
struct CycleVoiDose {
  std::string voi;
  double dose_Gy = 0.0;
  double g_factor = 1.0;
};

struct Cycle {
  std::string label;  ///< e.g. "cycle 1 (Lu-177, 7.4 GBq)"
  std::vector<CycleVoiDose> vois;
};

/// One row of the cumulative table: a VOI after one cycle.
struct CumulativeRow {
  std::string voi;
  std::size_t cycle_index = 0;  ///< 0-based
  std::string cycle;
  double alpha_beta_Gy = 0.0;
  double dose_Gy = 0.0;  ///< this cycle
  double bed_Gy = 0.0;   ///< this cycle
  double cumulative_dose_Gy = 0.0;
  double cumulative_bed_Gy = 0.0;
  double cumulative_eqd2_Gy = 0.0;
};

/// The cumulative table, ordered by VOI (first appearance) then cycle; a VOI missing from a cycle adds nothing in
/// it and gets no row for it. `alpha_beta_Gy` gives each VOI's α/β (e.g. from a TissueTable). Throws InvalidInput
/// for bad doses, G outside [0, 1] or a VOI listed twice in a cycle.
std::vector<CumulativeRow> cumulative_table(const std::vector<Cycle>& cycles,
                                            const std::function<double(std::string_view voi)>& alpha_beta_Gy);

/// Voxel-wise sum of per-cycle maps (dose or BED maps, already on one grid: register them first). Throws
/// InvalidInput for no maps, different geometry (require_same_geometry) or non-finite voxels.
Volume<float> sum_cycle_maps(const std::vector<Volume<float>>& per_cycle_maps);

}  // namespace rptdose::radiobiology
