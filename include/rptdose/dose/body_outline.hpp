#pragma once
// rptdose::dose — the patient's body outline from a CT: where activity belongs to the patient.
//
// Not a voxel-wise HU threshold: lungs (−800 HU), airways, sinuses and bowel gas (−1000 HU) lie inside the body
// but below any tissue threshold, and a mask "CT > −400 HU" dropped every count in them (on a lung SPECT/CT, 35 %
// of the counts and 97 % of the lung dose). The outline is:
//   1. tissue: voxels above kBodyTissueThresholdHU (−400 HU, half-way between air −1000 and fat −100, the usual
//      external-contour threshold of treatment planning systems; lung parenchyma −700…−900 is below it);
//   2. the largest 6-connected component of tissue (the patient; a couch, a separate arm phantom or a calibration
//      source that does not touch the patient is not body). 6-connectivity (faces only) so that a couch touching
//      the skin along an edge or a corner of a voxel stays separate;
//   3. its holes filled: in every axial slice (the grid axis closest to the patient's z, head–foot), background not
//      reached from the slice's border by 4-connected steps is body — lungs, trachea, bowel gas. Slice by slice,
//      because in 3-D the airways open the lungs to the outside air through nose and mouth; then, in 3-D, any
//      remaining background not reached from the grid's faces (a cavity cut by no axial slice's border).
// Linear in the voxels (flood fills with an explicit queue), no recursion.
// Module dose; depends on core only.
#include <cstdint>

#include "rptdose/core/volume.hpp"

namespace rptdose::dose {

inline constexpr float kBodyTissueThresholdHU = -400.0f;

/// 1 inside the patient's filled outline, 0 outside (same grid as `ct_HU`). All 0 when no voxel is tissue.
Volume<std::uint8_t> body_outline(const Volume<float>& ct_HU);

}  // namespace rptdose::dose
