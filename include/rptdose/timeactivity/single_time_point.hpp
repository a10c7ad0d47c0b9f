#pragma once
// rptdose::timeactivity — single-time-point (STP) estimates of the time-integrated activity from one image.
//
//  * Hänscheid et al., J Nucl Med 59:75–81 (2018): TIA ≈ A(t)·2t/ln 2. It is exact for a mono-exponential curve
//    whose effective half-life equals t, and within ~10 % for t between 0.75 and 1.5 effective half-lives; for
//    177Lu-DOTATATE kidneys (T_eff ≈ 50 h) a scan at 2–4 days.
//  * Prior effective half-life (population kinetics, e.g. from a table per organ): TIA = A(t)·e^{λ_eff t}/λ_eff
//    with λ_eff = ln 2 / T_eff, assuming mono-exponential clearance with instant uptake.
// A(t) is the activity present at the scan (image units and decay correction converted as for image series).
//
// Module timeactivity owns time-activity models, fits and TIA; it depends on core only, never on ITK or DCMTK.
#include <cstdint>
#include <map>

#include "rptdose/core/volume.hpp"
#include "rptdose/timeactivity/image_series.hpp"

namespace rptdose::timeactivity {

/// Hänscheid: TIA = A·2t/ln 2 (A in any unit, t in s; result in unit·s). Throws for t ≤ 0.
double hanscheid_integral(double value, double time_s);
/// Prior half-life: TIA = A·e^{λ t}/λ, λ = ln 2/T_eff. Throws for T_eff ≤ 0 or longer than the physical half-life
/// (an effective half-life cannot exceed it).
double prior_half_life_integral(double value, double time_s, double effective_half_life_s, double physical_half_life_s);

struct SingleTimePointOptions {
  enum class Method { Hanscheid, PriorHalfLife };
  Method method = Method::Hanscheid;
  /// PriorHalfLife: the effective half-life of voxels whose label has no entry (or without a label map), in s.
  double effective_half_life_s = 0.0;
  /// PriorHalfLife: effective half-life per label (s), e.g. kidneys, liver, spleen, tumours.
  std::map<std::int32_t, double> effective_half_life_by_label_s;
};

/// The STP integral of every voxel of a one-image series (Bq·s per voxel for activity images). `labels` (same
/// grid, optional) selects per-label half-lives. Throws InvalidInput for a series of more than one image (fit it),
/// a missing half-life (PriorHalfLife without a default for an unlisted label), or a label map on another grid.
Volume<float> single_time_point_integral(const ImageSeries& series, double physical_half_life_s,
                                         const SingleTimePointOptions& options,
                                         const Volume<std::int32_t>* labels = nullptr);

}  // namespace rptdose::timeactivity
