#pragma once
// rptdose::timeactivity — single-time-point (STP) estimates of the time-integrated activity from one image.
//
// Every method here is the integral of a mono-exponential with instant uptake, A(t) = A(t_s)·e^{−λ (t − t_s)}
// through the one sample A(t_s), λ = ln 2 / T_eff:  TIA = A(t_s)·e^{λ t_s}/λ. The methods differ in T_eff:
//
//  * physical-decay: T_eff = the physical half-life (no biological clearance): the permanent implant, e.g. 90Y
//    microspheres trapped in the tumour's capillaries. TIA = A(t_s)·e^{λp t_s}/λp.
//  * effective-half-life: a given T_eff per label (a population value per organ, or an earlier cycle's fit).
//  * haenscheid (Hänscheid et al., J Nucl Med 59:75–81, 2018): TIA ≈ A(t_s)·2 t_s/ln 2, which needs no T_eff.
//    Derivation of when it is exact: with x = λ t_s the exact TIA is A·t_s·e^x/x, so Hänscheid/exact = (2/ln 2)·x/e^x.
//    e^x/x = 2/ln 2 has two roots, x = ln 2 (t_s = T_eff: e^{ln 2}/ln 2 = 2/ln 2) and x = 2 ln 2 (t_s = 2 T_eff:
//    e^{2 ln 2}/(2 ln 2) = 4/(2 ln 2)); between them the formula overestimates, most at x = 1 (t_s = T_eff/ln 2 ≈
//    1.44 T_eff), where e^x/x is smallest (the exact TIA least sensitive to T_eff) and the ratio is 2/(e·ln 2) =
//    1.0615 (+6.1 %). Outside them it underestimates: within −10 % for 0.764 ≤ t_s/T_eff ≤ 2.437. (So "exact when
//    λt = 1" is not right: λt = 1 is the least-sensitive scan time, where the formula is 6.1 % high.) The curve it
//    stands for here is the mono-exponential with T_eff = t_s, the exactness condition of the paper, so its TIA is
//    exactly A·2 t_s/ln 2; refused when t_s is longer than the physical half-life (no such curve).
//
// The result of each voxel or VOI is a FitResult of that curve: model mono-exponential with parameters
// (A0 = A(t_s)·e^{λ t_s}, μ = λ − λp), so whatever uses a fitted curve (the Lea–Catcheside G of the BED, the
// cross-nuclide prediction, the plotted curve) uses the STP curve the same way. There is no fit: r_squared is 1
// (the curve passes through its one sample), aicc undefined, integral_se 0 (the half-life's own uncertainty is not
// known here). A value ≤ 0 has status Zero and integral 0, as a curve of no positive sample in fit_curve.
// A(t_s) is the activity present at the scan (image units and decay correction converted as for image series).
//
// Module timeactivity owns time-activity models, fits and TIA; it depends on core only, never on ITK or DCMTK.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "rptdose/core/enum_names.hpp"
#include "rptdose/core/volume.hpp"
#include "rptdose/timeactivity/curve_fit.hpp"
#include "rptdose/timeactivity/image_series.hpp"
#include "rptdose/timeactivity/voi_fit.hpp"
#include "rptdose/timeactivity/voxel_fit.hpp"

namespace rptdose::timeactivity {

enum class SingleTimePointMethod {
  PhysicalDecay,      ///< T_eff = physical half-life (permanent implant)
  Hanscheid,          ///< TIA = A·2t/ln 2 (T_eff = t, the formula's exactness condition)
  EffectiveHalfLife,  ///< T_eff given per label
};
inline constexpr EnumNames<SingleTimePointMethod, 3> kSingleTimePointMethodNames{
    {{SingleTimePointMethod::PhysicalDecay, "physical-decay"},
     {SingleTimePointMethod::Hanscheid, "haenscheid"},
     {SingleTimePointMethod::EffectiveHalfLife, "effective-half-life"}}};
inline std::string_view single_time_point_method_name(SingleTimePointMethod method) {
  return enum_name(kSingleTimePointMethodNames, method);
}
/// The method's assumptions in one sentence, for outputs (summary.json, report.md).
std::string_view single_time_point_assumptions(SingleTimePointMethod method);
/// What an STP result is called where a fitted model's name would be (study file, summary.json's vois[].fit.model).
inline constexpr std::string_view kSingleTimePointName = "single-time-point";

/// Hänscheid: TIA = A·2t/ln 2 (A in any unit, t in s; result in unit·s). Throws for t ≤ 0.
double hanscheid_integral(double value, double time_s);
/// Prior half-life: TIA = A·e^{λ t}/λ, λ = ln 2/T_eff. Throws for T_eff ≤ 0 or longer than the physical half-life
/// (an effective half-life cannot exceed it).
double prior_half_life_integral(double value, double time_s, double effective_half_life_s, double physical_half_life_s);

/// The mono-exponential through `value` at `time_s` with that effective half-life, as a FitResult (see above);
/// throws as prior_half_life_integral.
FitResult single_time_point_curve(double value, double time_s, double effective_half_life_s, double lambda_phys_per_s);

struct SingleTimePointOptions {
  SingleTimePointMethod method = SingleTimePointMethod::Hanscheid;
  /// EffectiveHalfLife: the effective half-life (s) of labels without an entry below (and without a label map).
  std::optional<double> effective_half_life_s;
  /// EffectiveHalfLife: effective half-life per label (s), e.g. kidneys, liver, spleen, tumours.
  std::map<std::int32_t, double> effective_half_life_by_label_s;
};

/// The effective half-life (s) the method gives `label` for a scan at `time_s`: the physical half-life, the scan
/// time (Hänscheid), or the label's entry, else the default. Throws InvalidInput when there is none (naming the
/// label; label 0: the voxels outside every VOI).
double single_time_point_half_life_s(const SingleTimePointOptions& options, std::int32_t label, double time_s,
                                     double lambda_phys_per_s);

/// Every voxel of a one-image series as an STP curve, in the maps fit_voxels makes (integral: Bq·s per voxel for
/// activity images; model map mono-exponential, status Fitted or Zero). `labels` (same grid, optional) selects
/// each voxel's half-life; `mask` (optional) the voxels to compute (others Masked); `curve_figure` as
/// VoxelFitOptions::curve_figure. A half-life is needed only for labels with a positive voxel in the mask.
/// Throws InvalidInput for a series of more than one image (fit it), a missing half-life, or maps on another grid.
VoxelFitMaps single_time_point_voxels(
    const ImageSeries& series, double lambda_phys_per_s, const SingleTimePointOptions& options,
    const Volume<std::int32_t>* labels = nullptr, const Volume<std::uint8_t>* mask = nullptr,
    const std::function<float(std::size_t, const FitResult&, const Samples&)>& curve_figure = {});

/// Each label's curve (voi_curves: the sum of its voxels, or the mean) as an STP curve, with residence times when
/// `administered_activity_Bq` is given. Throws InvalidInput as single_time_point_voxels.
std::vector<VoiFitResult> single_time_point_vois(const ImageSeries& series, const Volume<std::int32_t>& labels,
                                                 double lambda_phys_per_s, const SingleTimePointOptions& options,
                                                 VoiAggregate aggregate = VoiAggregate::Sum,
                                                 std::optional<double> administered_activity_Bq = std::nullopt);

}  // namespace rptdose::timeactivity
