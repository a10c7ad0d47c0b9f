#pragma once
// rptdose::quantification — measurements on calibration phantoms: the camera sensitivity from a uniformly filled
// phantom and the recovery coefficients of the spheres of a sphere phantom (docs/calibration.md).
//
// Sensitivity (MIRD Pamphlet 23, Dewaraja et al., J Nucl Med 53:1310, 2012, §"camera calibration"; EANM/MIRD
// Pamphlet 26, Ljungberg et al., J Nucl Med 57:151, 2016): S = C / (T · A_acq · f) in cps/MBq, with C the counts in
// the VOI, T the acquisition duration, A_acq the activity decayed from its reference (dose calibrator) time to the
// acquisition start, and f = (1 − e^{−λT})/(λT) the decay during the acquisition, so that S is the count rate per
// frame-mean activity — the quantity the study converts counts with (MBq = counts / (S·T),
// timeactivity::sample_factor), which then gives a patient image's frame-mean activity. The default VOI is the
// whole reconstructed image: every count the phantom's activity produced, including what the resolution spreads
// beyond its wall (the large-VOI method of MIRD 23; it assumes no other activity in the field of view). A mask or
// a threshold VOI counts part of it: without the phantom volume the VOI is taken to hold all the activity (a mask
// drawn generously around the phantom); with it the activity in the VOI is A·V_VOI/V_phantom (an inner VOI of a
// uniform phantom, away from its edges: the concentration method).
// Standard uncertainty: u(S)/S = √(1/C + (u(A)/A)²): Poisson counting statistics of the total (a reconstruction
// that conserves counts keeps the projections' total) and the dose calibrator's stated uncertainty; the timing
// and the half-life are taken as exact.
//
// Recovery coefficients: RC = (mean − B)/(C − B) in the sphere's true volume, C and B the sphere's and the
// background's true concentrations at the acquisition (× f, as above), the mean taken with each voxel weighted by
// the fraction of it inside the sphere (its true radius about its given centre, the fraction from 8³ points per
// voxel that the sphere's surface crosses). By linearity of the blur the background subtraction gives the RC of
// the sphere alone (in a cold surround), whatever the phantom's sphere-to-background ratio, provided the
// background is uniform around the sphere; with B = 0 it is mean / C. The voxelisation is part of what RC
// measures: an image of 4 mm voxels recovers less than the continuous blurred sphere would.
//
// Module quantification owns camera calibration, recovery coefficients, partial-volume correction and
// normalisation to a known activity; it depends on core and timeactivity only, never on ITK or DCMTK.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rptdose/core/grid.hpp"
#include "rptdose/core/volume.hpp"
#include "rptdose/quantification/calibration.hpp"
#include "rptdose/quantification/recovery_curve.hpp"

namespace rptdose::quantification {

/// f = (1 − e^{−λT})/(λT): the mean over an acquisition of duration T of an activity that is 1 at its start.
/// Throws InvalidInput for a non-positive half-life or a negative duration.
double acquisition_decay_factor(double half_life_s, double duration_s);

/// A uniformly filled phantom and its scan.
struct UniformPhantomScan {
  double activity_MBq = 0.0;    ///< at its reference time (dose calibrator), > 0
  double activity_u_MBq = 0.0;  ///< its standard uncertainty, ≥ 0
  /// acquisition start − the activity's reference time, s (negative: the activity was measured after the scan)
  double decay_time_s = 0.0;
  double acquisition_duration_s = 0.0;      ///< > 0
  std::optional<double> phantom_volume_mL;  ///< the fill volume: the concentration method (a mask or threshold VOI)
};

/// The VOI the counts are taken in: the whole image (neither), a mask (voxels ≠ 0, on the image's grid) or a
/// threshold (voxels ≥ fraction × the image's maximum).
struct CountsVoi {
  const Volume<std::int32_t>* mask = nullptr;
  std::optional<double> threshold_fraction;  ///< in (0, 1)
};

/// The sensitivity from an image in counts (the counts of the whole acquisition in each voxel). Throws
/// InvalidInput for a non-positive activity, duration, phantom volume or total, a threshold outside (0, 1), a mask
/// on another grid or an empty VOI, and non-finite voxels.
Sensitivity measure_sensitivity(const Volume<float>& counts, const UniformPhantomScan& scan, double half_life_s,
                                const CountsVoi& voi = {});

/// One sphere of a sphere phantom: its centre in the image's patient coordinates and its inner diameter.
struct Sphere {
  std::string name;  ///< e.g. "sphere 1 (10 mm)"; empty: named by its diameter
  Vector3 centre_mm = Vector3::Zero();
  double diameter_mm = 0.0;  ///< > 0
};

/// The inner diameters of the six spheres of the NEMA IEC body phantom (the image-quality phantom
/// of NEMA NU 2 and IEC 61675-1), mm.
inline constexpr double kNemaSphereDiameters_mm[] = {10.0, 13.0, 17.0, 22.0, 28.0, 37.0};

/// A sphere phantom: concentrations at the acquisition start (the caller decays them from their reference time),
/// its spheres, and the acquisition duration and half-life for the decay during the scan.
struct SpherePhantomScan {
  double sphere_concentration_Bq_per_mL = 0.0;      ///< > background
  double background_concentration_Bq_per_mL = 0.0;  ///< ≥ 0
  double acquisition_duration_s = 0.0;              ///< ≥ 0
  std::vector<Sphere> spheres;
};

/// RC of every sphere of `scan` in an activity-concentration image (Bq/mL; a counts image converted by the
/// sensitivity). Throws InvalidInput for a sphere not wholly inside the image, spheres that overlap, a sphere that
/// shows no activity above the background (RC ≤ 0: a wrong centre, or an empty sphere), non-finite voxels in a
/// sphere, or concentrations out of range.
std::vector<RecoveryPoint> measure_recovery(const Volume<float>& concentration_Bq_per_mL, const SpherePhantomScan& scan,
                                            double half_life_s);

}  // namespace rptdose::quantification
