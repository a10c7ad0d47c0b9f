#include "study_inputs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/dose/body_outline.hpp"
#include "rptdose/dose/hu_to_density.hpp"
#include "rptdose/montecarlo/materials.hpp"
#include "rptdose/io/dicom_info.hpp"
#include "rptdose/io/image_io.hpp"
#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/quantification/activity_scaling.hpp"
#include "rptdose/registration/rigid_registration.hpp"
#include "study_labels.hpp"

namespace rptdose::pipeline::detail {

namespace {

constexpr float kAirHU = -1000.0f;
/// Above this fraction of a time point's activity outside the body outline, the run warns (a misregistered CT, a
/// CT that covers less than the SPECT, or a contaminated couch). SPECT resolution (10–15 mm FWHM) alone spreads a
/// few percent beyond the skin: the demo's 10 mm blur puts 1.5–2.5 % there.
constexpr double kOutsideBodyWarningFraction = 0.05;

Volume<float> read_input(const std::filesystem::path& path, const std::string& what) {
  try {
    return io::read_image(path);
  } catch (const Error& e) {
    throw IoError(what + " (" + path.string() + "): " + e.what());
  }
}

/// A study's time after injection may differ from the DICOM header's (acquisition start − injection) by this much:
/// the injection room's and the scanner's clocks commonly differ by a minute or two, and a study written from the
/// protocol rounds to minutes; 5 min is 0.3 % of a 24 h time point. More is a wrong date, time or time point.
constexpr double kHeaderTimeTolerance_s = 5 * units::kSecondsPerMinute;

/// Above this relative difference between the header's RadionuclideTotalDose and the study's administered activity,
/// the run warns: the header holds what the scanner was told (the prescribed activity, or the syringe before the
/// residue was measured), which differs from the net administered activity by a few percent; 10 % is a different
/// patient, cycle or unit (MBq written as mCi).
constexpr double kHeaderActivityWarningFraction = 0.10;

std::string hours_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f h", seconds / units::kSecondsPerHour);
  return text;
}

/// What a DICOM series says about itself must agree with the study: units, decay correction (the most common
/// error in clinical dosimetry), nuclide and time after injection (docs/study-file.md "DICOM images"); it supplies
/// the acquisition duration of a counts image when the study does not. Returns the frame duration to use (s).
std::optional<double> check_against_dicom(const TimePointSpec& spec, const Study& study, const std::string& where,
                                          std::vector<std::string>& warnings) {
  const std::string& nuclide = study.nuclide;
  if (io::format_for_path(spec.image) != io::ImageFormat::DicomSeries) return spec.frame_duration_s;
  const io::DicomInfo info = io::read_dicom_info(spec.image);
  const std::string study_units = "'" + std::string(timeactivity::unit_name(spec.units)) + "'";
  if (info.units) {
    const std::string header = "the DICOM " +
                               std::string(info.value_mapping == io::DicomValueMapping::RealWorldValue
                                               ? "RealWorldValueMapping units (0040,08EA) are "
                                               : "Units (0054,1001) are ") +
                               info.units_term;
    const bool counts = spec.units == timeactivity::SampleUnit::Counts;
    switch (*info.units) {
      case io::DicomUnits::BqPerMl:
        if (spec.units != timeactivity::SampleUnit::BqPerMl)
          throw InvalidInput(where + ": " + header + " (Bq/mL) but the study says units " + study_units +
                             ": set 'units' to \"Bq/mL\" in the study");
        break;
      case io::DicomUnits::Counts:
        if (!counts)
          throw InvalidInput(where + ": " + header + " (counts) but the study says units " + study_units +
                             ": set 'units' to \"counts\" with calibration_cps_per_MBq in the study");
        break;
      default:
        throw InvalidInput(where + ": " + header + " (" + std::string(io::dicom_units_name(*info.units)) +
                           "): rptdose takes activity images in Bq/mL or counts; export the series in Bq/mL "
                           "(BQML) or counts");
    }
  }
  if (info.decay_correction) {
    const bool to_injection = *info.decay_correction == io::DicomDecayCorrection::Admin;
    if (to_injection != spec.decay_corrected)
      throw InvalidInput(where + ": the DICOM DecayCorrection (0054,1102) is " +
                         std::string(io::dicom_decay_correction_name(*info.decay_correction)) +
                         " but the study says decay_corrected " + (spec.decay_corrected ? "true" : "false") +
                         " (true means corrected to the injection, ADMIN): fix 'decay_corrected' in the study");
  }
  if (info.nuclide && nuclides::DecayDatabase::instance().resolve(*info.nuclide) != nuclide)
    throw InvalidInput(where + ": the DICOM RadionuclideCodeSequence (0054,0300) names " + *info.nuclide + " (" +
                       info.nuclide_code + ") but the study's nuclide is " + nuclide +
                       ": fix 'nuclide' in the study, or give the images of this study");
  if (info.injection_time_s && info.acquisition_time_s) {
    const double header_s = *info.acquisition_time_s - *info.injection_time_s;
    if (std::abs(header_s - spec.time_after_injection_s) > kHeaderTimeTolerance_s)
      throw InvalidInput(where + ": the DICOM header puts the acquisition " + hours_text(header_s) +
                         " after the injection (acquisition date/time − RadiopharmaceuticalStartDateTime) but the "
                         "study says " +
                         hours_text(spec.time_after_injection_s) + " (tolerance " + hours_text(kHeaderTimeTolerance_s) +
                         "): fix the time point's hours_after_injection or "
                         "acquisition_time, or the study's injection_time");
  }
  if (info.administered_activity_Bq && *info.administered_activity_Bq > 0 &&
      std::abs(*info.administered_activity_Bq / study.administered_activity_Bq - 1) > kHeaderActivityWarningFraction) {
    char text[192];
    std::snprintf(text, sizeof text, "the DICOM RadionuclideTotalDose (0018,1074) is %.0f MBq but the study's "
                  "administered_activity_MBq is %.0f MBq", *info.administered_activity_Bq / units::kBqPerMBq,
                  study.administered_activity_Bq / units::kBqPerMBq);
    warnings.push_back(where + ": " + text +
                       " (the header holds what the scanner was told, often the prescribed activity): check which "
                       "was administered; residence times and planning use the study's");
  }
  return spec.frame_duration_s ? spec.frame_duration_s : info.acquisition_duration_s;
}

/// Image values → Bq per voxel present at acquisition, by the one converter (timeactivity/image_series.hpp).
Volume<float> to_activity_Bq(Volume<float> image, const TimePointSpec& spec, const Study& study,
                             double lambda_phys_per_s, std::size_t index, std::vector<std::string>& warnings) {
  const std::string what = timeactivity::time_point_name(index) + " (" + spec.image.string() + ")";
  const std::optional<double> frame_duration_s = check_against_dicom(spec, study, what, warnings);
  if (spec.activity_in_image_MBq) {  // docs/calibration.md "A known activity in the image"
    char text[64];
    std::snprintf(text, sizeof text, "%.6g MBq", *spec.activity_in_image_MBq);
    warnings.push_back(what + " is scaled so that the whole image holds " + text +
                       " (activity_in_image_MBq): this assumes that all the activity in the field of view is the "
                       "patient's and that none of it lies outside the field of view");
    return quantification::scale_to_activity(std::move(image), *spec.activity_in_image_MBq * units::kBqPerMBq, what);
  }
  timeactivity::ImageQuantity quantity{
      spec.units,
      spec.decay_corrected ? timeactivity::DecayCorrection::ToInjection : timeactivity::DecayCorrection::None,
      std::nullopt};
  if (spec.units == timeactivity::SampleUnit::Counts) {
    if (!frame_duration_s || !(*frame_duration_s > 0))
      throw InvalidInput(what + " is in counts but has no frame duration: give 'frame_duration_s' in the study");
    quantity.counts = timeactivity::CountsCalibration{counts_sensitivity_cps_per_MBq(study, spec), *frame_duration_s};
  }
  return timeactivity::to_activity_Bq(std::move(image), quantity, spec.time_after_injection_s, lambda_phys_per_s, what);
}

/// Rigid: Mattes mutual information (CTs or emission images). Affine (CT to CT only): rigid, then a 12-parameter
/// refinement by mean squares, the combination that keeps a CT's scale (mutual information lets an affine stage
/// drift: docs/registration-and-density.md). The default single ITK work unit keeps results bit-reproducible.
Alignment register_to_reference(const Volume<float>& fixed, const Volume<float>& moving, const std::string& what,
                                RegistrationMethod method) {
  registration::RegistrationOptions options;
  if (method == RegistrationMethod::Affine) {
    options.model = registration::TransformModel::RigidThenAffine;
    options.metric = registration::RegistrationMetric::MeanSquares;
  }
  const auto result = registration::register_images(fixed, moving, options);
  return {std::string(registration_method_name(method)) + " registration on the " + what + ": " + result.description,
          result.transform, result.metric_value};
}

/// The fraction of each time point's positive activity outside the body outline, and a warning above
/// kOutsideBodyWarningFraction naming the time point, the fraction and what the study does with it
/// (drop_activity_outside_body drops it).
void measure_activity_outside_body(const Study& study, const Volume<std::uint8_t>& body, StudyInputs& in) {
  const bool drop = study.methods.activity_outside_body == ActivityOutsideBody::Drop;
  for (std::size_t i = 0; i < in.activity_Bq.size(); ++i) {
    double outside = 0, total = 0;
    const Volume<float>& activity = in.activity_Bq[i];
    for (std::size_t v = 0; v < activity.size(); ++v)
      if (activity[v] > 0) {
        total += activity[v];
        if (!body[v]) outside += activity[v];
      }
    const double fraction = total > 0 ? outside / total : 0.0;
    in.activity_outside_body_fraction.push_back(fraction);
    if (fraction > kOutsideBodyWarningFraction) {
      char percent[16];
      std::snprintf(percent, sizeof percent, "%.1f", 100 * fraction);
      in.warnings.push_back(
          timeactivity::time_point_name(i) + " has " + percent + " % of its activity outside the CT's body outline, " +
          (drop ? "dropped (methods.activity_outside_body \"drop\"): check the CT's registration and field of view, "
                  "or set \"keep\""
                : "kept (methods.activity_outside_body \"keep\")"));
    }
  }
}

}  // namespace

StudyInputs load_study_inputs(const Study& study, double lambda_phys_per_s, unsigned threads,
                              const ProgressCallback& progress) {
  StudyInputs in;
  const std::size_t n = study.time_points.size();
  const std::size_t ref = study.registration.reference_time_point;
  const RegistrationMethod method = study.registration.method;
  const bool register_images = method != RegistrationMethod::None;
  const bool affine = method == RegistrationMethod::Affine;

  std::vector<Volume<float>> activity;
  for (std::size_t i = 0; i < n; ++i) {
    report_progress(progress, 0.5 * i / n, "reading images");
    const auto& tp = study.time_points[i];
    activity.push_back(to_activity_Bq(read_input(tp.image, timeactivity::time_point_name(i)), tp, study,
                                      lambda_phys_per_s, i, in.warnings));
    in.times_s.push_back(tp.time_after_injection_s);
  }
  in.grid = activity[ref].grid();

  // Registration: each time point's CT to the reference's CT when both exist, else emission to emission.
  const auto ct_of = [&](std::size_t i) -> std::optional<Volume<float>> {
    if (study.time_points[i].ct)
      return read_input(*study.time_points[i].ct, "the CT of " + timeactivity::time_point_name(i));
    return std::nullopt;
  };
  const auto reference_ct = register_images ? ct_of(ref) : std::nullopt;
  for (std::size_t i = 0; i < n; ++i) {
    report_progress(progress, 0.5 + 0.4 * i / n, "aligning time points");
    Alignment a;
    if (i == ref) {
      a.method = "reference";
    } else if (register_images) {
      const auto ct = ct_of(i);
      if (affine && !(reference_ct && ct))
        throw InvalidInput("affine registration needs a CT for " + timeactivity::time_point_name(i) +
                           " and the reference (CT to CT only): give time_points[].ct, or use \"rigid\"");
      a = reference_ct && ct
              ? register_to_reference(*reference_ct, *ct, "CTs", method)
              : register_to_reference(activity[ref], activity[i], "emission images", RegistrationMethod::Rigid);
      activity[i] = registration::resample_activity(activity[i], in.grid, a.transform, {threads});
    } else if (activity[i].grid().same_geometry(in.grid)) {
      a.method = "same grid";
    } else {
      throw InvalidInput(timeactivity::time_point_name(i) + " (" + activity[i].grid().describe() +
                         ") is not on the grid of the reference, " + timeactivity::time_point_name(ref) + " (" +
                         in.grid.describe() +
                         "): set \"registration\": {\"method\": \"rigid\"} in the study, or resample the images "
                         "onto one grid");
    }
    in.alignment.push_back(a);
  }
  in.activity_Bq = std::move(activity);

  // CT: the study's, else the reference time point's; onto the dose grid.
  std::optional<std::filesystem::path> ct_path;
  if (study.ct)
    ct_path = study.ct->image;
  else if (study.time_points[ref].ct)
    ct_path = study.time_points[ref].ct;
  if (ct_path) {
    report_progress(progress, 0.9, "reading the CT");
    const auto ct = read_input(*ct_path, "the CT");
    in.ct_HU = registration::resample(ct, in.grid, registration::Interpolation::Linear, {}, kAirHU);
    Volume<std::uint8_t> mask = dose::body_outline(*in.ct_HU);
    if (std::find(mask.values().begin(), mask.values().end(), 1) == mask.values().end())
      throw InvalidInput("the CT (" + ct_path->string() +
                         ") has no voxel above -400 HU on the dose grid: is it in HU, and does it overlap the SPECT?");
    measure_activity_outside_body(study, mask, in);
    in.body_mask = std::move(mask);
    // The densities of the density correction, and of the Monte Carlo's CT materials (both see the same mass).
    const bool monte_carlo_ct =
        study.methods.monte_carlo && study.methods.monte_carlo->materials == MonteCarloMaterials::Ct;
    if (study.methods.density_correction || monte_carlo_ct) {
      // Checked as read: resampling pads with air where the CT does not cover the dose grid, which would hide
      // stored values that were never rescaled to HU (their densities would all be wrong).
      try {
        montecarlo::require_hounsfield_units(ct);
      } catch (const InvalidInput& e) {
        throw InvalidInput("the CT (" + ct_path->string() + "): " + e.what());
      }
      auto calibration = dose::HuDensityCalibration::schneider2000();
      if (study.ct && !study.ct->hu_to_density.empty()) {
        std::vector<dose::HuDensityPoint> points;
        for (const auto& [hu, density] : study.ct->hu_to_density) points.push_back({hu, density});
        calibration = dose::HuDensityCalibration(points, "the study's hu_to_density");
      }
      // Densities on the CT's grid, then onto the dose grid (air outside the CT).
      in.density_g_per_ml =
          registration::resample(dose::hu_to_density(ct, calibration), in.grid, registration::Interpolation::Linear, {},
                                 static_cast<float>(calibration.density_g_per_ml(kAirHU)));
    }
  }

  if (study.labels) {
    report_progress(progress, 0.95, "reading the labels");
    StudyLabels labels = load_study_labels(study, in.grid, threads);
    in.labels = std::move(labels.labels);
    in.label_names = std::move(labels.names);
    in.warnings.insert(in.warnings.end(), labels.warnings.begin(), labels.warnings.end());
  }
  return in;
}

void drop_activity_outside_body(const Study& study, StudyInputs& in) {
  if (study.methods.activity_outside_body != ActivityOutsideBody::Drop || !in.body_mask) return;
  for (auto& activity : in.activity_Bq)
    for (std::size_t v = 0; v < activity.size(); ++v)
      if (!(*in.body_mask)[v]) activity[v] = 0.0f;
}

timeactivity::ImageSeries activity_series_of(const std::vector<Volume<float>>& activity_Bq,
                                             const std::vector<double>& times_s) {
  return timeactivity::ImageSeries::viewing(activity_Bq, times_s, timeactivity::SampleUnit::BqPerVoxel,
                                            timeactivity::DecayCorrection::None);
}

timeactivity::ImageSeries StudyInputs::activity_series() const {
  return activity_series_of(activity_Bq, times_s);
}

}  // namespace rptdose::pipeline::detail
