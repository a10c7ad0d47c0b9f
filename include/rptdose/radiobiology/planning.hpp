#pragma once
// rptdose::radiobiology — the activity of the next cycle(s) that keeps every organ under its limit.
//
// From one cycle's dosimetry each VOI has a dose per unit activity d (Gy/Bq), of which d_α is alpha dose (high LET;
// 0 for beta emitters), and a dose-rate shape (G); with the same kinetics in later cycles the dose scales with the
// activity A, so one cycle gives, with d_low = d − d_α and the mixed-LET BED of linear_quadratic.hpp,
//     D(A) = d·A,      BED(A) = RBE_α·d_α·A + d_low·A + G·(d_low·A)²/(α/β).
// For N further cycles of equal activity, full repair between cycles (cycles.hpp), the organ's total is
// received + N·BED(A). A limit L on BED gives the quadratic a·A² + b·A − c = 0 with a = G·d_low²/(α/β),
// b = RBE_α·d_α + d_low, c = (L − received)/N, solved without cancellation as A = 2c / (b + √(b² + 4ac)); a limit on
// absorbed dose gives A = (L − received)/(N·d). The planned activity is the smallest over all limits; the limiting
// organ is the one that sets it (its total then equals its limit to rounding).
//
// Organ names in limits match VOI names by prefix (tissue_parameters.hpp: "kidney" matches kidney_left and
// kidney_right) and the limit applies to EACH matched VOI separately — the conservative reading (each kidney stays
// under the kidney limit). To limit a combined organ, give the combined VOI (e.g. "kidneys") in the dosimetry.
//
// Module radiobiology owns the radiobiological models and planning; it depends on core, nuclides and timeactivity
// only (no ITK or DCMTK, no output file format).
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rptdose::radiobiology {

enum class LimitKind { Bed, AbsorbedDose };
/// "bed" or "dose".
std::string_view limit_kind_name(LimitKind kind);

/// An organ, a quantity and a value in Gy: a limit ("kidney:bed:40") or what an organ already received.
struct OrganValue {
  std::string organ;
  LimitKind kind = LimitKind::Bed;
  double value_Gy = 0.0;
};
/// Parses "organ:bed:GY" or "organ:dose:GY" (kind also "BED", "absorbed-dose"). `what` names the option in
/// messages ("--limit"). Throws InvalidInput with the expected form.
OrganValue parse_organ_value(std::string_view text, std::string_view what);

/// One VOI as planning sees it.
struct PlanVoi {
  std::string name;
  double dose_per_activity_Gy_per_Bq = 0.0;
  std::optional<double> g_factor;            ///< needed for BED (from the VOI's kinetics)
  std::optional<double> alpha_beta_Gy;       ///< needed for BED (from its tissue)
  std::optional<double> repair_half_time_s;  ///< the tissue's, for reports (G already includes it)
  std::string tissue;                        ///< matched tissue, empty when none
  bool tumour = false;                       ///< report its BED at the planned activity
  /// The alpha (high-LET) part of dose_per_activity_Gy_per_Bq (0 for beta emitters), with its RBE in the BED.
  double alpha_dose_per_activity_Gy_per_Bq = 0.0;
  double rbe_alpha = 5.0;  ///< RBE_α of the VOI (MIRD Pamphlet 22 default; rbe.hpp)
};

struct PlanRequest {
  std::vector<PlanVoi> vois;
  std::vector<OrganValue> limits;
  std::vector<OrganValue> received;  ///< from prior cycles (BED or absorbed dose per organ)
  int cycles = 1;                    ///< N further cycles of equal activity
};

struct LimitCheck {
  OrganValue limit;
  double received_Gy = 0.0;
  double max_activity_Bq = std::numeric_limits<double>::infinity();
  double total_at_plan_Gy = 0.0;  ///< received + N cycles at the planned activity
};

struct VoiPlan {
  PlanVoi voi;
  double dose_per_cycle_Gy = 0.0;
  std::optional<double> bed_per_cycle_Gy;
  double received_dose_Gy = 0.0;  ///< from --received …:dose (0 when not given)
  double received_bed_Gy = 0.0;   ///< from --received …:bed (0 when not given)
  double total_dose_Gy = 0.0;     ///< received dose + N·dose per cycle
  std::optional<double> total_bed_Gy;
  std::vector<LimitCheck> limits;
};

struct Plan {
  double activity_Bq = 0.0;  ///< per cycle
  int cycles = 1;
  std::string limiting_voi;
  OrganValue limiting_limit;
  std::vector<VoiPlan> vois;  ///< every VOI of the request, in its order
};

/// The largest activity per cycle for which received + N·value(A) ≤ limit, for one VOI (see above). +∞ when the
/// VOI gets no dose. Throws InvalidInput when the remaining margin is ≤ 0, or the alpha part is not within [0, d].
double max_activity_Bq(double dose_per_activity_Gy_per_Bq, double g_factor, double alpha_beta_Gy, double remaining_Gy,
                       int cycles, LimitKind kind, double alpha_dose_per_activity_Gy_per_Bq = 0.0,
                       double rbe_alpha = 5.0);

/// Plans the activity. Throws InvalidInput for: no limits; a limit or received value whose organ matches no VOI
/// (naming the VOIs); a BED limit on a VOI without
/// kinetics or α/β; a limit that the received dose already reaches; cycles < 1; bad numbers.
Plan plan_activity(const PlanRequest& request);

}  // namespace rptdose::radiobiology
