#pragma once
// rptdose::quantification — partial-volume correction of an activity image with the regions of a label map.
//
// Method: region-based voxel-wise correction (RBV; Thomas et al. 2011, EJNMMI 38:1104), the voxel-level form of
// the geometric transfer matrix (GTM; Rousset et al. 1998, J Nucl Med 39:904), as reviewed by Erlandsson et al.
// 2012 (Phys Med Biol 57:R119):
//   1. GTM: the image g is modelled as the PSF h applied to regions of uniform activity, g ≈ h ⊗ Σ_j m_j r_j
//      (r_j the indicator of region j). The mean of g over region i is then ḡ_i = Σ_j w_ij m_j with
//      w_ij = (1/|R_i|) Σ_{x∈R_i} (h ⊗ r_j)(x): the fraction of region j's activity seen in region i. Solving
//      W m = ḡ gives the regions' true mean activities m_j (the spill-out and spill-in between every pair undone).
//   2. RBV: the piecewise-uniform image S = Σ_j m_j r_j and its blurred copy h ⊗ S give the voxel-wise correction
//      f(x) = g(x) · S(x) / (h ⊗ S)(x): each voxel keeps its own contrast within its region, the spill between
//      regions is removed. Voxels where S = 0 (a region of no activity, e.g. air) get 0.
// Assumptions, stated wherever the correction is reported:
//   * the PSF is a spatially invariant Gaussian of the given FWHM (quantification/gaussian_psf.hpp): a wrong FWHM
//     under- or over-corrects;
//   * the regions partition the image (label 0, everything no VOI covers, is a region too) and the activity is
//     uniform within each: the GTM means are exact for such images; within-region structure is kept by RBV but
//     blurred structure is not restored, and a region with strongly non-uniform uptake biases its neighbours';
//   * the label map is on the image's grid and right: a VOI drawn too small or misregistered is "corrected" for
//     spill it does not have.
// The GTM means of noisy images can come out negative for regions of near-zero activity: they are set to 0 in S
// (activity is never negative) and counted when they exceed 0.1 % of the hottest region's mean.
//
// Depends on core only.
#include <cstdint>
#include <vector>

#include "rptdose/core/volume.hpp"
#include "rptdose/quantification/gaussian_psf.hpp"

namespace rptdose::quantification {

/// One partial-volume-corrected image.
struct PartialVolumeCorrection {
  Volume<float> corrected;  ///< the image, same grid and units
  /// Per region (as RegionPartialVolume::region_labels): the mean of the image over the region, and the GTM mean.
  std::vector<double> observed_mean, corrected_mean;
  std::size_t negative_means_set_to_zero = 0;  ///< of more than 0.1 % of the hottest region's mean
};

/// The geometric transfer matrix of a label map and PSF, made once and applied to every image of a series on that
/// grid (the time points of a study).
class RegionPartialVolume {
 public:
  /// Throws InvalidInput for an empty label map or a bad PSF.
  RegionPartialVolume(const Volume<std::int32_t>& labels, const GaussianPsf& psf, unsigned threads = 0);

  /// The corrected image. Throws InvalidInput for an image on another grid or with non-finite voxels.
  PartialVolumeCorrection correct(const Volume<float>& image) const;

  /// Every label of the map in increasing order (0 included when present): the regions.
  const std::vector<std::int32_t>& region_labels() const { return labels_; }
  /// w_ij: the fraction of region j's uniform activity that the PSF places in region i, over |R_i|/|R_j|
  /// (see above); row i, column j, regions as region_labels().
  const std::vector<double>& transfer_matrix() const { return transfer_; }
  /// The number of voxels of each region.
  const std::vector<std::size_t>& region_voxels() const { return voxels_; }

 private:
  Grid grid_;
  GaussianPsf psf_;
  unsigned threads_;
  std::vector<std::int32_t> labels_;
  std::vector<std::uint32_t> region_of_voxel_;  // index into labels_
  std::vector<std::size_t> voxels_;
  std::vector<double> transfer_;  // row-major, labels_.size()²
};

}  // namespace rptdose::quantification
