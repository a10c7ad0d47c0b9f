#include "rptdose/registration/rigid_registration.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <numbers>
#include <sstream>

#include <Eigen/SVD>

#include "itk_registration.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/parallel.hpp"
#include "rptdose/core/volume_checks.hpp"

namespace rptdose::registration {

namespace {

/// Mattes' B-spline Parzen windows need at least this many bins (ITK requires ≥ 5).
constexpr unsigned kMinimumHistogramBins = 5;
/// Fewest voxels along an axis: ITK's recursive Gaussian smoothing needs 4.
constexpr std::size_t kMinimumVoxelsPerAxis = 4;

void validate_image(const Volume<float>& image, const std::string& what) {
  const Grid& grid = image.grid();
  if (grid.empty()) throw InvalidInput("the " + what + " image is empty: pass an image with voxels");
  for (std::size_t a = 0; a < 3; ++a)
    if (grid.size()[a] < kMinimumVoxelsPerAxis)
      throw InvalidInput("the " + what + " image (" + grid.describe() + ") has fewer than " +
                         std::to_string(kMinimumVoxelsPerAxis) +
                         " voxels along an axis: registration needs a 3-D image");
  require_finite(image, "the " + what + " image", "replace them (e.g. by the background value) before registering");
  const auto [lo, hi] = std::minmax_element(image.begin(), image.end());
  if (*lo == *hi) {
    std::ostringstream value;
    value << *lo;
    throw InvalidInput("the " + what + " image is constant (every voxel is " + value.str() +
                       "): registration needs structure to align; check that the right image was passed");
  }
}

void validate_options(const RegistrationOptions& o) {
  if (o.shrink_factors.empty()) throw InvalidInput("registration needs at least one level: shrink_factors is empty");
  if (o.smoothing_sigmas_voxels.size() != o.shrink_factors.size())
    throw InvalidInput("registration has " + std::to_string(o.shrink_factors.size()) + " shrink factors but " +
                       std::to_string(o.smoothing_sigmas_voxels.size()) +
                       " smoothing sigmas: give one of each per level");
  for (std::size_t level = 0; level < o.shrink_factors.size(); ++level) {
    if (o.shrink_factors[level] < 1)
      throw InvalidInput("registration shrink factor of level " + std::to_string(level) +
                         " is 0: use 1 for full resolution");
    const double sigma = o.smoothing_sigmas_voxels[level];
    if (!(std::isfinite(sigma) && sigma >= 0))
      throw InvalidInput("registration smoothing sigma of level " + std::to_string(level) + " is " +
                         std::to_string(sigma) + ": use a finite value ≥ 0 voxels");
  }
  if (o.metric == RegistrationMetric::MattesMutualInformation && o.histogram_bins < kMinimumHistogramBins)
    throw InvalidInput("mutual information needs at least " + std::to_string(kMinimumHistogramBins) +
                       " histogram bins, got " + std::to_string(o.histogram_bins) + " (default 32)");
  if (!(std::isfinite(o.learning_rate) && o.learning_rate > 0))
    throw InvalidInput("registration learning_rate must be positive and finite, got " +
                       std::to_string(o.learning_rate) + " (default 2)");
  if (!(std::isfinite(o.minimum_step) && o.minimum_step > 0 && o.minimum_step < o.learning_rate))
    throw InvalidInput("registration minimum_step must be positive and below learning_rate, got " +
                       std::to_string(o.minimum_step) + " (default 0.01)");
  if (!(o.relaxation_factor > 0 && o.relaxation_factor < 1))
    throw InvalidInput("registration relaxation_factor must lie in (0, 1), got " + std::to_string(o.relaxation_factor) +
                       " (default 0.7)");
  if (o.max_iterations_per_level < 1) throw InvalidInput("registration max_iterations_per_level must be at least 1");
}

detail::PlainImage plain(const Volume<float>& image) {
  detail::PlainImage p;
  const Grid& g = image.grid();
  for (std::size_t a = 0; a < 3; ++a) {
    const int axis = static_cast<int>(a);
    p.size[a] = g.size()[a];
    p.spacing_mm[a] = g.spacing_mm()[axis];
    p.origin_mm[a] = g.origin_mm()[axis];
    for (int c = 0; c < 3; ++c) p.direction[3 * a + static_cast<std::size_t>(c)] = g.direction()(axis, c);
  }
  p.values = image.data();
  return p;
}

Vector3 geometric_center(const Grid& grid) {
  const auto& n = grid.size();
  return grid.index_to_point(Vector3((static_cast<double>(n[0]) - 1) / 2, (static_cast<double>(n[1]) - 1) / 2,
                                     (static_cast<double>(n[2]) - 1) / 2));
}

/// Centre of mass (mm) with mass = value − minimum (non-negative; not all zero, the image is not constant).
Vector3 center_of_mass(const Volume<float>& image) {
  const double minimum = *std::min_element(image.begin(), image.end());
  const auto& n = image.grid().size();
  double mass = 0;
  Vector3 moment = Vector3::Zero();
  for (std::size_t k = 0; k < n[2]; ++k)
    for (std::size_t j = 0; j < n[1]; ++j)
      for (std::size_t i = 0; i < n[0]; ++i) {
        const double m = static_cast<double>(image(i, j, k)) - minimum;
        mass += m;
        moment += m * Vector3(static_cast<double>(i), static_cast<double>(j), static_cast<double>(k));
      }
  return image.grid().index_to_point(Vector3(moment / mass));
}

const char* metric_name(RegistrationMetric metric) {
  switch (metric) {
    case RegistrationMetric::MeanSquares:
      return "mean squares";
    case RegistrationMetric::NormalizedCorrelation:
      return "normalized correlation";
    case RegistrationMetric::MattesMutualInformation:
    default:
      return "Mattes mutual information";
  }
}

const char* initialization_name(RegistrationInitialization initialization) {
  switch (initialization) {
    case RegistrationInitialization::Identity:
      return "identity (scanner coordinates)";
    case RegistrationInitialization::Moments:
      return "centres of mass aligned";
    case RegistrationInitialization::Geometry:
    default:
      return "image centres aligned";
  }
}

/// Angle (degrees) of the rotation nearest to `linear` (itself when it is a rotation).
double rotation_angle_deg(const Matrix3& linear) {
  const Eigen::JacobiSVD<Matrix3> svd(linear, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const Matrix3 rotation = svd.matrixU() * svd.matrixV().transpose();
  const double cosine = std::clamp((rotation.trace() - 1.0) / 2.0, -1.0, 1.0);
  return std::acos(cosine) * 180.0 / std::numbers::pi;
}

template <typename T>
std::string join(const std::vector<T>& values, const char* separator) {
  std::ostringstream out;
  for (std::size_t n = 0; n < values.size(); ++n) out << (n ? separator : "") << values[n];
  return out.str();
}

}  // namespace

RegistrationResult register_images(const Volume<float>& fixed, const Volume<float>& moving,
                                   const RegistrationOptions& options) {
  validate_image(fixed, "fixed");
  validate_image(moving, "moving");
  validate_options(options);

  detail::PlainOptions plain_options;
  switch (options.metric) {
    case RegistrationMetric::MeanSquares:
      plain_options.metric = detail::PlainMetric::MeanSquares;
      break;
    case RegistrationMetric::NormalizedCorrelation:
      plain_options.metric = detail::PlainMetric::NormalizedCorrelation;
      break;
    case RegistrationMetric::MattesMutualInformation:
      plain_options.metric = detail::PlainMetric::MattesMutualInformation;
      break;
  }
  plain_options.affine_stage = options.model == TransformModel::RigidThenAffine;
  plain_options.histogram_bins = options.histogram_bins;
  plain_options.shrink_factors = options.shrink_factors;
  plain_options.smoothing_sigmas_voxels = options.smoothing_sigmas_voxels;
  plain_options.samples_per_level = options.samples_per_level;
  plain_options.random_seed = options.random_seed;
  plain_options.learning_rate = options.learning_rate;
  plain_options.minimum_step = options.minimum_step;
  plain_options.relaxation_factor = options.relaxation_factor;
  plain_options.max_iterations_per_level = options.max_iterations_per_level;
  plain_options.work_units = options.threads == 0 ? default_thread_count() : options.threads;

  // Initial transform x_moving = R (x − c) + c + t with R = I. The centre of rotation c is the fixed image's centre
  // of mass whatever the initialisation: there the first moments vanish, so rotations barely move the image as a
  // whole and the optimizer does not have to trade rotation against translation (with c at the geometric centre,
  // the coarsest level of the off-centre emission phantom took 158 iterations instead of 98). The transform family
  // is the same for any c; only the initial translation t differs between the initialisations.
  const Vector3 center = center_of_mass(fixed);
  Vector3 translation = Vector3::Zero();
  if (options.initialization == RegistrationInitialization::Geometry)
    translation = geometric_center(moving.grid()) - geometric_center(fixed.grid());
  else if (options.initialization == RegistrationInitialization::Moments)
    translation = center_of_mass(moving) - center;
  for (std::size_t a = 0; a < 3; ++a) {
    plain_options.center_mm[a] = center[static_cast<int>(a)];
    plain_options.translation_mm[a] = translation[static_cast<int>(a)];
  }

  const auto plain_result = detail::register_itk(plain(fixed), plain(moving), plain_options);

  RegistrationResult result;
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c)
      result.transform.rotation(r, c) = plain_result.matrix[static_cast<std::size_t>(3 * r + c)];
    result.transform.translation_mm[r] = plain_result.offset_mm[static_cast<std::size_t>(r)];
  }
  result.metric_value = plain_result.metric_value;
  for (const auto& stage : plain_result.stages)
    for (const unsigned n : stage.iterations) {
      result.iterations_per_level.push_back(n);
      result.iterations += n;
    }
  result.rotation_deg = rotation_angle_deg(result.transform.rotation);
  const Vector3 fixed_center = geometric_center(fixed.grid());
  const Vector3 displacement = result.transform.apply(fixed_center) - fixed_center;
  result.center_displacement_mm = displacement.norm();

  std::ostringstream d;
  d << std::setprecision(4);
  d << (plain_options.affine_stage ? "Rigid then affine" : "Rigid") << " registration (ITK ImageRegistrationMethodv4, "
    << metric_name(options.metric);
  if (options.metric == RegistrationMetric::MattesMutualInformation) d << " with " << options.histogram_bins << " bins";
  d << ", regular-step gradient descent from step " << options.learning_rate << " to " << options.minimum_step
    << ", at most " << options.max_iterations_per_level << " iterations per level) of the moving image ("
    << moving.grid().describe() << ") to the fixed image (" << fixed.grid().describe()
    << "); initialisation: " << initialization_name(options.initialization) << "; levels: shrink "
    << join(options.shrink_factors, "/") << ", smoothing sigma " << join(options.smoothing_sigmas_voxels, "/")
    << " voxels; ";
  if (options.samples_per_level == 0)
    d << "every voxel sampled. ";
  else
    d << "up to " << options.samples_per_level << " random samples per level (seed " << options.random_seed << "). ";
  for (const auto& stage : plain_result.stages) {
    d << "Stage " << stage.transform << ":";
    for (std::size_t level = 0; level < stage.iterations.size(); ++level) {
      d << " level " << level + 1 << ": " << stage.iterations[level] << " iterations";
      if (level < stage.metric_values.size()) d << ", metric " << stage.metric_values[level];
      if (level < stage.stop_reasons.size()) d << " (" << stage.stop_reasons[level] << ")";
      d << ";";
    }
    d << " ";
  }
  d << "Result: rotation " << result.rotation_deg << " degrees, fixed image centre moved by "
    << result.center_displacement_mm << " mm (" << displacement.x() << ", " << displacement.y() << ", "
    << displacement.z() << "), final metric " << result.metric_value
    << ". The transform maps fixed-image points to moving-image points (x_moving = R x_fixed + t).";
  result.description = d.str();
  return result;
}

}  // namespace rptdose::registration
