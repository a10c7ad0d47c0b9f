#include "itk_registration.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <type_traits>

#include <itkAffineTransform.h>
#include <itkCommand.h>
#include <itkCorrelationImageToImageMetricv4.h>
#include <itkImage.h>
#include <itkImageRegistrationMethodv4.h>
#include <itkMattesMutualInformationImageToImageMetricv4.h>
#include <itkMeanSquaresImageToImageMetricv4.h>
#include <itkRegistrationParameterScalesFromPhysicalShift.h>
#include <itkRegularStepGradientDescentOptimizerv4.h>
#include <itkVersorRigid3DTransform.h>

#include "rptdose/core/error.hpp"

namespace rptdose::registration::detail {

namespace {

using Image = itk::Image<float, 3>;
using Metric = itk::ImageToImageMetricv4<Image, Image>;
using Optimizer = itk::RegularStepGradientDescentOptimizerv4<double>;
using RigidTransformType = itk::VersorRigid3DTransform<double>;
using AffineTransformType = itk::AffineTransform<double, 3>;

/// The image, copied into an ITK image with the same geometry.
Image::Pointer to_itk(const PlainImage& plain) {
  Image::SizeType size;
  Image::SpacingType spacing;
  Image::PointType origin;
  Image::DirectionType direction;
  for (unsigned a = 0; a < 3; ++a) {
    size[a] = plain.size[a];
    spacing[a] = plain.spacing_mm[a];
    origin[a] = plain.origin_mm[a];
    for (unsigned c = 0; c < 3; ++c) direction(a, c) = plain.direction[3 * a + c];
  }
  auto image = Image::New();
  image->SetRegions(Image::RegionType(size));
  image->SetSpacing(spacing);
  image->SetOrigin(origin);
  image->SetDirection(direction);
  image->Allocate();
  std::copy(plain.values, plain.values + plain.size[0] * plain.size[1] * plain.size[2], image->GetBufferPointer());
  return image;
}

/// An ITK metric whose threaded loops are split into exactly `work_units` parts. ITK's metrics split their samples
/// into the global default number of work units (the machine's core count) whatever SetMaximumNumberOfWorkUnits
/// says, and the Mattes metric adds the parts' gradient contributions in the order they finish; one part makes the
/// result bit-identical on every run and machine.
template <typename Base>
class FixedWorkUnits : public Base {
 public:
  using Self = FixedWorkUnits;
  using Pointer = itk::SmartPointer<Self>;
  /// ITK's New() (what itkNewMacro writes, without the macro's trailing-semicolon trouble): objects are born with one
  /// reference, which the smart pointer takes over.
  static Pointer New() {
    Pointer object = new Self;
    object->UnRegister();
    return object;
  }

  void use_work_units(itk::ThreadIdType work_units) {
    this->SetMaximumNumberOfWorkUnits(work_units);
    this->m_SparseGetValueAndDerivativeThreader->SetNumberOfWorkUnits(work_units);
    this->m_DenseGetValueAndDerivativeThreader->SetNumberOfWorkUnits(work_units);
    if constexpr (std::is_same_v<Base, itk::CorrelationImageToImageMetricv4<Image, Image>>) {
      this->m_HelperSparseThreader->SetNumberOfWorkUnits(work_units);
      this->m_HelperDenseThreader->SetNumberOfWorkUnits(work_units);
    }
  }

 protected:
  FixedWorkUnits() = default;
};

template <typename Base>
Metric::Pointer fixed_work_units(itk::ThreadIdType work_units) {
  auto metric = FixedWorkUnits<Base>::New();
  metric->use_work_units(work_units);
  return metric.GetPointer();
}

Metric::Pointer make_metric(const PlainOptions& options) {
  const auto work_units = static_cast<itk::ThreadIdType>(options.work_units);
  switch (options.metric) {
    case PlainMetric::MeanSquares:
      return fixed_work_units<itk::MeanSquaresImageToImageMetricv4<Image, Image>>(work_units);
    case PlainMetric::NormalizedCorrelation:
      return fixed_work_units<itk::CorrelationImageToImageMetricv4<Image, Image>>(work_units);
    case PlainMetric::MattesMutualInformation:
    default: {
      using Mattes = FixedWorkUnits<itk::MattesMutualInformationImageToImageMetricv4<Image, Image>>;
      auto mattes = Mattes::New();
      mattes->use_work_units(work_units);
      mattes->SetNumberOfHistogramBins(options.histogram_bins);
      return mattes.GetPointer();
    }
  }
}

/// Records, per resolution level, the optimizer's iterations, final metric value and stop condition. A level
/// ends when the next one starts (MultiResolutionIterationEvent) or when the registration returns (finish()).
class LevelRecorder : public itk::Command {
 public:
  using Self = LevelRecorder;
  using Pointer = itk::SmartPointer<Self>;
  static Pointer New() {  // as FixedWorkUnits::New()
    Pointer object = new Self;
    object->UnRegister();
    return object;
  }

  /// `learning_rates`: the optimizer's first step at each level.
  void observe(Optimizer* optimizer, PlainStage* stage, std::vector<double> learning_rates) {
    optimizer_ = optimizer;
    stage_ = stage;
    learning_rates_ = std::move(learning_rates);
  }
  void Execute(itk::Object* caller, const itk::EventObject& event) override {
    Execute(static_cast<const itk::Object*>(caller), event);
  }
  void Execute(const itk::Object*, const itk::EventObject& event) override {
    if (itk::MultiResolutionIterationEvent().CheckEvent(&event)) {
      if (in_level_) finish();
      in_level_ = true;
      const auto level = stage_->iterations.size();
      if (level < learning_rates_.size()) optimizer_->SetLearningRate(learning_rates_[level]);
      stage_->iterations.push_back(0);
    } else if (itk::IterationEvent().CheckEvent(&event) && in_level_) {
      ++stage_->iterations.back();
    }
  }
  void finish() {
    if (!in_level_) return;
    stage_->metric_values.push_back(optimizer_->GetValue());
    stage_->stop_reasons.push_back(optimizer_->GetStopConditionDescription());
    in_level_ = false;
  }

 private:
  Optimizer* optimizer_ = nullptr;
  PlainStage* stage_ = nullptr;
  std::vector<double> learning_rates_;
  bool in_level_ = false;
};

/// One multi-resolution registration of `transform` (modified in place: on return it holds the result).
template <typename Transform>
double run_stage(const Image::Pointer& fixed, const Image::Pointer& moving, Transform* transform,
                 const PlainOptions& options, PlainStage& stage) {
  using Registration = itk::ImageRegistrationMethodv4<Image, Image, Transform>;
  auto metric = make_metric(options);
  // Image gradients by central differences at the samples, not from a smoothed-gradient image of the whole moving
  // image computed anew at every level: a third of the fixed cost (0.4 s instead of 1.4 s for 100×100×80 voxels),
  // the same accuracy in the tests.
  metric->SetUseMovingImageGradientFilter(false);
  metric->SetUseFixedImageGradientFilter(false);

  auto scales = itk::RegistrationParameterScalesFromPhysicalShift<Metric>::New();
  scales->SetMetric(metric);

  auto optimizer = Optimizer::New();
  optimizer->SetLearningRate(options.learning_rate);
  optimizer->SetMinimumStepLength(options.minimum_step);
  optimizer->SetRelaxationFactor(options.relaxation_factor);
  optimizer->SetNumberOfIterations(options.max_iterations_per_level);
  optimizer->SetGradientMagnitudeTolerance(1e-12);  // stop on the step length, not on MI's small gradients
  optimizer->SetReturnBestParametersAndValue(true);
  optimizer->SetScalesEstimator(scales);
  optimizer->SetDoEstimateScales(true);
  optimizer->SetNumberOfWorkUnits(options.work_units);

  auto registration = Registration::New();
  registration->SetFixedImage(fixed);
  registration->SetMovingImage(moving);
  registration->SetMetric(metric);
  registration->SetOptimizer(optimizer);
  registration->SetInitialTransform(transform);
  registration->InPlaceOn();
  registration->SetNumberOfWorkUnits(options.work_units);

  // Levels: shrink factors capped per axis so every level keeps at least 4 voxels along each axis (the recursive
  // Gaussian smoothing needs 4, and a thinner image carries no 3-D information).
  const auto levels = static_cast<unsigned>(options.shrink_factors.size());
  registration->SetNumberOfLevels(levels);
  typename Registration::SmoothingSigmasArrayType sigmas(levels);
  typename Registration::MetricSamplingPercentageArrayType fractions(levels);
  const auto fixed_size = fixed->GetLargestPossibleRegion().GetSize();
  // The first step of a level in proportion to its voxel size: the finer levels only refine.
  std::vector<double> learning_rates(levels);
  for (unsigned level = 0; level < levels; ++level) {
    learning_rates[level] = options.learning_rate * static_cast<double>(options.shrink_factors[level]) /
                            static_cast<double>(options.shrink_factors[0]);
    typename Registration::ShrinkFactorsPerDimensionContainerType factors;
    double voxels = 1;
    for (unsigned a = 0; a < 3; ++a) {
      const auto cap = std::max<itk::SizeValueType>(1, fixed_size[a] / 4);
      factors[a] = std::min<itk::SizeValueType>(options.shrink_factors[level], cap);
      voxels *= static_cast<double>(std::max<itk::SizeValueType>(1, fixed_size[a] / factors[a]));
    }
    registration->SetShrinkFactorsPerDimension(level, factors);
    sigmas[level] = options.smoothing_sigmas_voxels[level];
    fractions[level] =
        options.samples_per_level == 0 ? 1.0 : std::min(1.0, static_cast<double>(options.samples_per_level) / voxels);
  }
  registration->SetSmoothingSigmasPerLevel(sigmas);
  registration->SetSmoothingSigmasAreSpecifiedInPhysicalUnits(false);
  if (options.samples_per_level == 0) {
    registration->SetMetricSamplingStrategy(Registration::MetricSamplingStrategyEnum::NONE);
  } else {
    // Random voxels (with a jitter within each voxel) from a fixed seed: the same samples on every run.
    registration->SetMetricSamplingStrategy(Registration::MetricSamplingStrategyEnum::RANDOM);
    registration->SetMetricSamplingPercentagePerLevel(fractions);
    registration->MetricSamplingReinitializeSeed(static_cast<int>(options.random_seed & 0x7fffffffu));
  }

  auto recorder = LevelRecorder::New();
  recorder->observe(optimizer, &stage, learning_rates);
  registration->AddObserver(itk::MultiResolutionIterationEvent(), recorder);
  optimizer->AddObserver(itk::IterationEvent(), recorder);
  registration->Update();
  recorder->finish();
  return optimizer->GetValue();
}

template <typename Transform>
void store(const Transform* transform, PlainResult& result) {
  const auto& matrix = transform->GetMatrix();
  const auto& offset = transform->GetOffset();
  for (unsigned r = 0; r < 3; ++r) {
    for (unsigned c = 0; c < 3; ++c) result.matrix[3 * r + c] = matrix(r, c);
    result.offset_mm[r] = offset[r];
  }
}

}  // namespace

PlainResult register_itk(const PlainImage& fixed_plain, const PlainImage& moving_plain, const PlainOptions& options) {
  PlainResult result;
  try {
    const auto fixed = to_itk(fixed_plain);
    const auto moving = to_itk(moving_plain);

    // Rigid: x_moving = R (x − c) + c + t, with the centre c fixed and the versor and t optimised.
    auto rigid = RigidTransformType::New();
    RigidTransformType::InputPointType center;
    RigidTransformType::OutputVectorType translation;
    for (unsigned a = 0; a < 3; ++a) {
      center[a] = options.center_mm[a];
      translation[a] = options.translation_mm[a];
    }
    rigid->SetCenter(center);
    rigid->SetTranslation(translation);
    PlainStage rigid_stage;
    rigid_stage.transform = "rigid (versor)";
    result.metric_value = run_stage(fixed, moving, rigid.GetPointer(), options, rigid_stage);
    result.stages.push_back(rigid_stage);
    store(rigid.GetPointer(), result);

    if (options.affine_stage) {
      // Affine from the rigid result: the same centre, matrix and translation; all 12 parameters optimised.
      auto affine = AffineTransformType::New();
      affine->SetCenter(rigid->GetCenter());
      affine->SetMatrix(rigid->GetMatrix());
      affine->SetTranslation(rigid->GetTranslation());
      // Only at the finest level, with that level's first step: run at every level, the affine stage with mutual
      // information moved the CT phantoms by 1.0 mm instead of 0.4–0.8 mm and the emission phantoms by 47–64 mm
      // instead of 11–15 mm (docs/registration-and-density.md).
      PlainOptions finest = options;
      finest.shrink_factors = {options.shrink_factors.back()};
      finest.smoothing_sigmas_voxels = {options.smoothing_sigmas_voxels.back()};
      finest.learning_rate = options.learning_rate * static_cast<double>(options.shrink_factors.back()) /
                             static_cast<double>(options.shrink_factors.front());
      PlainStage affine_stage;
      affine_stage.transform = "affine";
      result.metric_value = run_stage(fixed, moving, affine.GetPointer(), finest, affine_stage);
      result.stages.push_back(affine_stage);
      store(affine.GetPointer(), result);
    }
  } catch (const itk::ExceptionObject& e) {
    throw NumericalError(std::string("image registration failed in ITK: ") + e.GetDescription() +
                         " — check that the two images overlap after the initialisation (try another "
                         "initialization, e.g. Moments) and that both show the same anatomy");
  }
  return result;
}

}  // namespace rptdose::registration::detail
