#pragma once
// rptdose::quantification — normalisation of an image to a known activity in its field of view: the image is
// scaled so that its voxels sum to that activity. Used when the activity in the patient at the scan is known
// better than the camera's calibration (90Y or 99mTc-MAA radioembolisation planning: the activity injected into
// the liver; a whole-body post-therapy scan: the administered activity decayed, less any excretion measured).
// It assumes that all the activity in the field of view is the patient's, and that none of the patient's activity
// is outside it; the voxel values keep their relative weights (negative noise voxels included).
//
// Module quantification owns camera calibration, recovery coefficients, partial-volume correction and
// normalisation to a known activity; it depends on core and timeactivity only, never on ITK or DCMTK.
#include <string_view>

#include "rptdose/core/volume.hpp"

namespace rptdose::quantification {

/// `image` (any unit proportional to activity per voxel: counts, Bq/mL, Bq) × activity_Bq / Σ image: Bq per voxel
/// summing to `activity_Bq`. Throws InvalidInput (naming `what`) for a non-positive activity, non-finite voxels or
/// an image whose sum is not positive.
Volume<float> scale_to_activity(Volume<float> image, double activity_Bq, std::string_view what);

}  // namespace rptdose::quantification
