#pragma once
// Internal: intensity-based registration through ITK's ImageRegistrationMethodv4, on plain types. ITK 5.2 carries
// its own copy of Eigen (itkeigen/), which cannot share a translation unit with the system Eigen 3.4 that rptdose's
// headers use; so the ITK code lives in itk_registration.cpp, which includes no rptdose header that pulls in Eigen,
// and rigid_registration.cpp validates the input and converts (the pattern of io/itk_image_files.cpp).
#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace rptdose::registration::detail {

/// A 3-D float image: geometry as ITK and rptdose::Grid define it, voxels x fastest (not copied, not owned).
struct PlainImage {
  std::array<std::size_t, 3> size{};
  std::array<double, 3> spacing_mm{};
  std::array<double, 3> origin_mm{};
  std::array<double, 9> direction{};  ///< row-major, columns = image axes
  const float* values = nullptr;
};

enum class PlainMetric { MattesMutualInformation, MeanSquares, NormalizedCorrelation };

struct PlainOptions {
  PlainMetric metric = PlainMetric::MattesMutualInformation;
  bool affine_stage = false;
  unsigned histogram_bins = 32;
  std::vector<unsigned> shrink_factors;         ///< per level, coarse to fine
  std::vector<double> smoothing_sigmas_voxels;  ///< per level, in voxels of the full-resolution fixed image
  std::size_t samples_per_level = 0;            ///< 0: every voxel of the level's fixed image
  unsigned random_seed = 0;
  double learning_rate = 1.0;
  double minimum_step = 1e-3;
  double relaxation_factor = 0.5;
  unsigned max_iterations_per_level = 200;
  unsigned work_units = 1;
  std::array<double, 3> center_mm{};       ///< centre of rotation, fixed space
  std::array<double, 3> translation_mm{};  ///< initial translation (fixed → moving)
};

struct PlainStage {
  std::string transform;                  ///< "rigid (versor)" or "affine"
  std::vector<unsigned> iterations;       ///< per level
  std::vector<double> metric_values;      ///< at the end of each level
  std::vector<std::string> stop_reasons;  ///< per level, the optimizer's words
};

struct PlainResult {
  std::array<double, 9> matrix{};  ///< row-major; x_moving = matrix · x_fixed + offset
  std::array<double, 3> offset_mm{};
  double metric_value = 0;
  std::vector<PlainStage> stages;
};

/// Registers `moving` to `fixed` and returns the transform mapping fixed-space points to moving-space points (ITK's
/// convention). Throws NumericalError (rptdose/core/error.hpp) when ITK fails, with ITK's reason.
PlainResult register_itk(const PlainImage& fixed, const PlainImage& moving, const PlainOptions& options);

}  // namespace rptdose::registration::detail
