#pragma once
// rptdose::radiobiology — dose and BED accumulated over the treatment cycles of one patient. Cycles are weeks
// apart, far longer than any repair half-time, so repair between cycles is taken as complete: the BEDs of the
// cycles add, BED_total = Σ_k BED_k (Dale 1985; as for the cumulative kidney BED of Bodei et al., EJNMMI 35:1847,
// 2008), each cycle with its own dose, kinetics (G) and nuclide. Absorbed doses add too. EQD2 of the total is
// BED_total / (1 + 2/(α/β)).
//
// Why the BED of two identical cycles is twice the BED of one, not the BED of twice the dose: BED is quadratic in
// dose within a cycle (sublethal damage from one cycle's dose interacts), but with full repair in between, no damage
// of one cycle is left to interact with the next, so the quadratic terms do not cross: Σ_k D_k(1 + G_k D_k/(α/β)) <
// (Σ D_k)(1 + G (Σ D_k)/(α/β)) at one G. Repopulation between cycles and any other time factor are not modelled.
//
// Module radiobiology owns the radiobiological models and planning; it depends on core, nuclides and timeactivity
// only (no ITK or DCMTK, no output file format).
#include <functional>
#include <optional>
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
  /// α/β (Gy) of the VOI's tissue in this cycle; unset: asked from cumulative_table's α/β function.
  std::optional<double> alpha_beta_Gy = std::nullopt;
  /// The cycle's BED when it was computed elsewhere, e.g. by a run (summary.json vois[].radiobiology.bed_Gy, which
  /// for alpha emitters is RBE_α·D_α + D_low(1 + G·D_low/(α/β)), mixed_let_bed_Gy); then g_factor is not used.
  /// Unset: D(1 + G·D/(α/β)) from dose_Gy and g_factor.
  std::optional<double> bed_Gy = std::nullopt;
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
  /// Unset for a VOI without tissue parameters (dose only): then the BED columns are unset too.
  std::optional<double> alpha_beta_Gy;
  double dose_Gy = 0.0;          ///< this cycle
  std::optional<double> bed_Gy;  ///< this cycle
  double cumulative_dose_Gy = 0.0;
  /// Σ BED_k up to this cycle; unset when the BED of this or an earlier cycle of the VOI is unknown.
  std::optional<double> cumulative_bed_Gy;
  std::optional<double> cumulative_eqd2_Gy;
};

/// The cumulative table, ordered by VOI (first appearance) then cycle; a VOI missing from a cycle adds nothing in
/// it and gets no row for it. Each entry's α/β is its own `alpha_beta_Gy`, else `alpha_beta_Gy(voi)` (e.g. from a
/// TissueTable; it may throw for an unknown tissue); with neither (an empty function) the VOI gets doses only.
/// Throws InvalidInput for bad doses or BEDs, G outside [0, 1], a VOI listed twice in a cycle, or a VOI whose α/β
/// differs between cycles (one tissue, one α/β: a changed tissue table).
std::vector<CumulativeRow> cumulative_table(const std::vector<Cycle>& cycles,
                                            const std::function<double(std::string_view voi)>& alpha_beta_Gy);

/// Voxel-wise sum of per-cycle maps (dose or BED maps, already on one grid: register them first). Throws
/// InvalidInput for no maps, different geometry (require_same_geometry) or non-finite voxels.
Volume<float> sum_cycle_maps(const std::vector<Volume<float>>& per_cycle_maps);

}  // namespace rptdose::radiobiology
