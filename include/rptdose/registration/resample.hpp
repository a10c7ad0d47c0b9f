#pragma once
// rptdose::registration — resampling a volume onto another grid (a time point onto the reference SPECT grid, a CT
// onto the dose grid), optionally through a rigid transform. Geometry is physical (Grid: origin, spacing,
// direction), so grids of any orientation and voxel size combine.
//
// Module registration owns: transforms between image spaces and resampling; the alignment itself (mutual
// information on the CTs, through ITK) builds on it. This header depends on core only.
#include <cstdint>

#include "rptdose/core/parallel.hpp"
#include "rptdose/core/volume.hpp"

namespace rptdose::registration {

/// x_moving = rotation · x_reference + translation (mm): where a point of the reference (target) space lies in
/// the moving image's space. Identity by default.
struct RigidTransform {
  Matrix3 rotation = Matrix3::Identity();
  Vector3 translation_mm = Vector3::Zero();
  Vector3 apply(const Vector3& point_mm) const { return rotation * point_mm + translation_mm; }
};

enum class Interpolation {
  Nearest,  ///< labels and masks
  Linear,   ///< trilinear, for intensities, concentrations and densities
};

/// The value of `moving` at every voxel centre of `target` (through `transform`); points outside `moving` get
/// `outside`. Linear interpolation treats voxel values as samples at voxel centres (clamped to the edge voxels
/// within half a voxel of the boundary).
Volume<float> resample(const Volume<float>& moving, const Grid& target, Interpolation interpolation,
                       const RigidTransform& transform = {}, float outside = 0.0f, ParallelOptions parallel = {});
/// Labels by nearest neighbour (0 outside).
Volume<std::int32_t> resample_labels(const Volume<std::int32_t>& moving, const Grid& target,
                                     const RigidTransform& transform = {});

/// Activity per voxel (Bq) onto `target`, conserving the activity: the concentration (Bq/mL) is interpolated
/// linearly and multiplied by the target voxel volume, then scaled so that the total equals the moving image's
/// total inside the target's field of view (the activity whose voxel centres map inside the target). Without
/// the scaling, interpolation onto coarser voxels would gain or lose activity at sharp edges.
Volume<float> resample_activity(const Volume<float>& activity_Bq, const Grid& target,
                                const RigidTransform& transform = {}, ParallelOptions parallel = {});

}  // namespace rptdose::registration
