#pragma once
// rptdose::registration — aligning one image to another: each time point to the reference time point, through its
// CT when there is one (CT to CT), or through the emission images themselves. Intensity-based, multi-resolution
// registration (ITK's ImageRegistrationMethodv4 inside; no ITK type in this header), giving the RigidTransform that
// resample.hpp applies. Method, parameters and measured accuracy: docs/registration-and-density.md.
//
// Part of the ITK-linked library rptdose::itk with io and resample.hpp (the compute core, rptdose::core, links
// without ITK).
//
// Direction of the transform (the one thing to get right): the result maps points of the FIXED (reference) image's
// physical space to the MOVING image's physical space,
//
//     x_moving = transform.rotation · x_fixed + transform.translation_mm     (mm, patient space of the grids)
//
// which is ITK's convention for registration transforms and exactly what resample(), resample_labels() and
// resample_activity() expect as their `transform` argument. So the moving image on the fixed image's grid is
//
//     resample(moving, fixed.grid(), Interpolation::Linear, result.transform)
//     resample_activity(spect_at_t, reference_grid, result.transform)   // a SPECT in the moving CT's frame
//
// No inversion is needed. The moving image (and any image in its frame of reference, such as the SPECT of a
// SPECT/CT acquired with the moving CT) is what gets resampled.
#include <cstddef>
#include <string>
#include <vector>

#include "rptdose/core/volume.hpp"
#include "rptdose/registration/resample.hpp"

namespace rptdose::registration {

/// The similarity measure optimised.
enum class RegistrationMetric {
  /// Mattes mutual information (Mattes et al. 2003, IEEE TMI 22:120): any monotonic or non-monotonic intensity
  /// relation. The default for CT to CT, and for emission images, whose relative organ intensities change between
  /// time points (washout, decay).
  MattesMutualInformation,
  /// Mean squared difference: same modality with identical intensity scale only.
  MeanSquares,
  /// Normalized cross-correlation: intensities related linearly (e.g. emission images differing by a global
  /// factor such as decay, without redistribution).
  NormalizedCorrelation,
};

enum class TransformModel {
  Rigid,  ///< rotation + translation (6 parameters, versor); the same patient at another time
  /// Rigid, then a 12-parameter affine refinement started from it at the finest level only. Use it with
  /// MeanSquares or NormalizedCorrelation on CTs (calibrated HU: the same scale in every CT): with mutual
  /// information the affine stage shrank the CT phantoms by 0.6–1.9 % in volume (errors up to 0.8 mm, rigid
  /// 0.05–0.17 mm), and on emission images by 17–23 % (errors of 11–15 mm). Not for emission images.
  /// See also the caveat at register_images().
  RigidThenAffine,
};

/// The initial translation (the initial rotation is the identity). Whatever the choice, rotations are parametrised
/// about the fixed image's centre of mass (mass = voxel value − the image's minimum, so a CT's air at −1000 HU weighs
/// nothing and an emission image's values count as they are), which decouples rotation from translation.
enum class RegistrationInitialization {
  /// No translation: trusts the scanner coordinates (same table position).
  Identity,
  /// Geometric image centres aligned, as ITK's CenteredTransformInitializer in geometry mode.
  Geometry,
  /// Centres of mass aligned (as ITK's moments mode, with the mass above).
  Moments,
};

struct RegistrationOptions {
  RegistrationMetric metric = RegistrationMetric::MattesMutualInformation;
  TransformModel model = TransformModel::Rigid;
  RegistrationInitialization initialization = RegistrationInitialization::Geometry;
  /// Mutual information histogram bins (Mattes only; at least 5).
  unsigned histogram_bins = 32;
  /// Resolution levels, coarse to fine: the images are smoothed (Gaussian, σ in voxels of each image) and the fixed
  /// image is shrunk by the factor (capped per axis so that at least 4 voxels remain along it).
  std::vector<unsigned> shrink_factors = {4, 2, 1};
  std::vector<double> smoothing_sigmas_voxels = {2.0, 1.0, 0.0};
  /// Metric samples per level: random voxels of the shrunk fixed image (jittered within the voxel) from
  /// `random_seed`, so every run uses the same samples; 0 uses every voxel (slower).
  std::size_t samples_per_level = 30000;
  unsigned random_seed = 20240611;
  /// Regular-step gradient descent: the first step at the coarsest level (translation in mm; rotations scaled to a
  /// comparable physical shift by ITK's RegistrationParameterScalesFromPhysicalShift), at finer levels in proportion
  /// to their shrink factor (2, 1, 0.5 mm by default); multiplied by `relaxation_factor` whenever the gradient turns
  /// back; a level stops when the step falls below `minimum_step` or after `max_iterations_per_level`.
  double learning_rate = 2.0;
  double minimum_step = 0.01;
  double relaxation_factor = 0.7;
  unsigned max_iterations_per_level = 200;
  /// ITK work units for the metric (0: default_thread_count()). 1 (the default) gives bit-identical results on every
  /// run and machine; with more, ITK 5.2's Mattes metric adds per-thread gradient buffers in the order the threads
  /// finish, so results can differ in the last bits between runs (the mean-squares and correlation metrics stay
  /// deterministic for a fixed count). 100×100×80 voxels take about 1 s with 1, 0.6–0.8 s with 2.
  unsigned threads = 1;
};

struct RegistrationResult {
  /// x_moving = rotation · x_fixed + translation_mm (see the top of this header). For TransformModel::Rigid the
  /// rotation is orthonormal; after RigidThenAffine it is the general 3×3 linear part of the affine map.
  RigidTransform transform;
  /// The metric at the end (ITK's sign: mutual information and correlation are negated, lower is better).
  double metric_value = 0;
  /// Optimizer iterations, all stages and levels together, and per level (rigid levels, then affine levels).
  unsigned iterations = 0;
  std::vector<unsigned> iterations_per_level;
  /// For the report: the rotation angle (degrees; of the nearest rotation after an affine stage) and how far the
  /// transform moves the fixed image's centre (mm).
  double rotation_deg = 0;
  double center_displacement_mm = 0;
  /// Human-readable account for the report: method, parameters, per-level iterations and stop reasons, result.
  std::string description;
};

/// Registers `moving` to `fixed` (the grids may differ in size, spacing, origin and orientation: geometry is
/// physical). Throws InvalidInput for an empty image, one with fewer than 4 voxels along an axis, NaN or infinite
/// voxels, an image whose voxels are all equal, or unusable options (naming the value and what to do); throws
/// NumericalError when the optimisation fails (e.g. the images do not overlap).
///
/// Caveat for RigidThenAffine: resample() and resample_labels() take any invertible linear part, but
/// resample_activity() inverts the linear part by transposition to find the field of view, which assumes a
/// rotation; use Rigid for activity unless the affine part is close to a rotation.
RegistrationResult register_images(const Volume<float>& fixed, const Volume<float>& moving,
                                   const RegistrationOptions& options = {});

}  // namespace rptdose::registration
