#include "rptdose/pipeline/study.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "rptdose/core/error.hpp"

namespace rptdose::pipeline {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

const char* kStudy = R"({
  "nuclide": "177Lu",
  "administered_activity_MBq": 7400,
  "injection_time": "2026-11-24T09:30:00",
  "time_points": [
    {"image": "spect_4h.nii.gz", "hours_after_injection": 4, "units": "Bq/mL", "decay_corrected": false},
    {"image": "dicom/24h", "acquisition_time": "2026-11-25T09:30:00", "units": "counts", "decay_corrected": true,
     "calibration_cps_per_MBq": 9.6, "frame_duration_s": 1200}
  ],
  "labels": {"image": "/data/labels.nii.gz", "names": {"1": "liver", "5": "kidney_left"}},
  "methods": {"integration": "mono-exponential", "route": "dose-rate", "dose": "led", "kernel_radius_mm": 20,
              "components": false},
  "output": {"format": "nrrd", "dose_thresholds_Gy": [10, 23], "dose_volume_percent": [2, 98]}
})";

std::string with(const std::string& from, const std::string& to) {
  std::string s = kStudy;
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

TEST(Study, ParsesAFullStudy) {
  const Study s = parse_study(kStudy, "/studies/p1");
  EXPECT_EQ(s.nuclide, "Lu-177");
  EXPECT_DOUBLE_EQ(s.administered_activity_Bq, 7.4e9);
  ASSERT_EQ(s.time_points.size(), 2u);
  EXPECT_EQ(s.time_points[0].image, std::filesystem::path("/studies/p1/spect_4h.nii.gz"));
  EXPECT_DOUBLE_EQ(s.time_points[0].time_after_injection_s, 4 * 3600.0);
  EXPECT_DOUBLE_EQ(s.time_points[1].time_after_injection_s, 24 * 3600.0);
  EXPECT_TRUE(s.time_points[1].decay_corrected);
  EXPECT_DOUBLE_EQ(*s.time_points[1].calibration_cps_per_MBq, 9.6);
  EXPECT_EQ(*s.labels, std::filesystem::path("/data/labels.nii.gz"));
  EXPECT_EQ(s.label_names.at(5), "kidney_left");
  EXPECT_EQ(s.time_points[0].units, timeactivity::SampleUnit::BqPerMl);
  EXPECT_EQ(s.time_points[1].units, timeactivity::SampleUnit::Counts);
  EXPECT_EQ(s.methods.integration, timeactivity::Model::MonoExponential);
  EXPECT_EQ(s.methods.route, Route::DoseRate);
  EXPECT_EQ(s.methods.dose, dose::DoseMethod::LocalDeposition);
  EXPECT_FALSE(s.methods.components);
  EXPECT_FALSE(s.methods.eud_alpha_per_Gy);  // no default radiosensitivity
  const auto rbe =
      parse_study(with("\"components\": false", "\"rbe_alpha\": {\"default\": 4, \"red_marrow\": 2.5}"), ".");
  EXPECT_EQ(rbe.methods.rbe_alpha, 4.0);
  EXPECT_EQ(rbe.methods.rbe_alpha_by_tissue.at("red_marrow"), 2.5);
  EXPECT_EQ(parse_study(with("\"components\": false", "\"rbe_alpha\": 3"), ".").methods.rbe_alpha, 3.0);
  EXPECT_DOUBLE_EQ(
      *parse_study(with("\"components\": false", "\"eud_alpha_per_Gy\": 0.35"), ".").methods.eud_alpha_per_Gy, 0.35);
  EXPECT_EQ(s.output.format, OutputFormat::Nrrd);
  EXPECT_EQ(output_extension(s.output.format), ".nrrd");
  EXPECT_EQ(s.output.dose_thresholds_Gy, (std::vector<double>{10, 23}));
  EXPECT_FALSE(s.output.dicom_rt_dose);
}

TEST(Study, DicomRtDoseIsABooleanOutputKey) {
  EXPECT_TRUE(parse_study(with("\"format\": \"nrrd\"", "\"dicom_rt_dose\": true"), ".").output.dicom_rt_dose);
  EXPECT_THAT([] { parse_study(with("\"format\": \"nrrd\"", "\"dicom_rt_dose\": \"yes\""), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("dicom_rt_dose")));
}

TEST(Study, PartialVolumeVoxelNeedsTheResolutionAndTheLabels) {
  const auto pv = [](const std::string& keys) { return parse_study(with("\"components\": false", keys), "."); };
  EXPECT_EQ(pv("\"components\": false").methods.partial_volume.method, PartialVolumeMethod::None);
  const auto isotropic = pv("\"partial_volume\": \"voxel\", \"resolution_fwhm_mm\": 10").methods.partial_volume;
  EXPECT_EQ(isotropic.method, PartialVolumeMethod::Voxel);
  EXPECT_EQ(*isotropic.resolution_fwhm_mm, Vector3(10, 10, 10));
  EXPECT_EQ(*pv("\"partial_volume\": \"voxel\", \"resolution_fwhm_mm\": [9, 9.5, 12]")
                 .methods.partial_volume.resolution_fwhm_mm,
            Vector3(9, 9.5, 12));
  EXPECT_THAT([&] { pv("\"partial_volume\": \"voxel\""); },
              ThrowsMessage<InvalidInput>(HasSubstr("needs 'resolution_fwhm_mm'")));
  EXPECT_THAT([&] { pv("\"resolution_fwhm_mm\": 10"); },
              ThrowsMessage<InvalidInput>(HasSubstr("used only by 'partial_volume' \"voxel\"")));
  EXPECT_THAT([&] { pv("\"partial_volume\": \"voxel\", \"resolution_fwhm_mm\": [10, 10]"); },
              ThrowsMessage<InvalidInput>(HasSubstr("one number or [x, y, z]")));
  EXPECT_THAT([&] { pv("\"partial_volume\": \"voxel\", \"resolution_fwhm_mm\": [10, 0, 10]"); },
              ThrowsMessage<InvalidInput>(HasSubstr("must be positive")));
  EXPECT_THAT([&] { pv("\"partial_volume\": \"gtm\""); },
              ThrowsMessage<InvalidInput>(HasSubstr("'partial_volume' in methods is 'gtm': use one of none, recovery, voxel")));
  EXPECT_THAT([&] { pv("\"partial_volume\": \"recovery\""); },
              ThrowsMessage<InvalidInput>(HasSubstr("needs a recovery curve: give the study a 'calibration' file")));
  std::string no_labels = with("\"components\": false", "\"partial_volume\": \"voxel\", \"resolution_fwhm_mm\": 10");
  no_labels.replace(no_labels.find("\"labels\""), no_labels.find("\"methods\"") - no_labels.find("\"labels\""), "");
  EXPECT_THAT([&] { parse_study(no_labels, "."); }, ThrowsMessage<InvalidInput>(HasSubstr("needs the study's 'labels'")));
}

TEST(Study, TyposAndMissingKeysAreErrors) {
  EXPECT_THAT([] { parse_study(with("\"decay_corrected\": false", "\"decay_corected\": false"), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("unknown key 'decay_corected' in time point 1")));
  EXPECT_THAT([] { parse_study(with("\"decay_corrected\": false", "\"decay_corrected\": \"no\""), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("true or false")));
  EXPECT_THAT([] { parse_study(with("\"administered_activity_MBq\": 7400,", ""), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("missing key 'administered_activity_MBq'")));
  EXPECT_THAT([] { parse_study(with("\"output\"", "\"outputs\""), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("unknown key 'outputs' in the study")));
  EXPECT_THROW(parse_study("{ not json", "."), InvalidInput);
}

TEST(Study, ImpossibleValuesAreErrors) {
  // Before the injection.
  EXPECT_THAT([] { parse_study(with("\"hours_after_injection\": 4", "\"hours_after_injection\": -1"), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("must come after the injection")));
  // Out of order (the 24 h scan listed before a 48 h... here: the 4 h one moved after 24 h).
  EXPECT_THAT([] { parse_study(with("\"hours_after_injection\": 4", "\"hours_after_injection\": 30"), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("time point 2 is not later than time point 1")));
  EXPECT_THAT([] { parse_study(with("\"injection_time\": \"2026-11-24T09:30:00\",", ""), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("needs 'injection_time'")));
  EXPECT_THAT([] { parse_study(with("\"calibration_cps_per_MBq\": 9.6, ", ""), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("needs 'calibration_cps_per_MBq'")));
  EXPECT_THAT([] { parse_study(with("\"units\": \"Bq/mL\"", "\"units\": \"kBq/mL\""), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("use one of Bq/mL, Bq, counts")));
  // Gy/s is an image unit of the library (dose-rate series), not of a study's scans.
  EXPECT_THAT([] { parse_study(with("\"units\": \"Bq/mL\"", "\"units\": \"Gy/s\""), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("is 'Gy/s': use one of Bq/mL, Bq, counts")));
  EXPECT_THAT([] { parse_study(with("\"dose\": \"led\"", "\"dose\": \"mc\""), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("'dose' in methods is 'mc': use one of kernel, led")));
  EXPECT_THROW(parse_study(with("\"177Lu\"", "\"Lu-999\""), "."), UnknownNuclide);
  EXPECT_THAT([] { parse_study(with("\"mono-exponential\"", "\"quadratic\""), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("'quadratic': use mono-exponential, bi-exponential-uptake, "
                                                    "bi-exponential-washout, tri-exponential, trapezoid or auto")));
  // Issue 16: a key that is not digits renames a VOI of the source by name ("one" is such a name); 0 and -1 are
  // neither a label value nor a name.
  EXPECT_THROW(parse_study(with("\"1\": \"liver\"", "\"0\": \"liver\""), "."), InvalidInput);
  EXPECT_THROW(parse_study(with("\"1\": \"liver\"", "\"-1\": \"liver\""), "."), InvalidInput);
  EXPECT_EQ(parse_study(with("\"1\": \"liver\"", "\"Liver MIM\": \"liver\""), ".").label_renames.at("Liver MIM"),
            "liver");
  EXPECT_THAT([] { parse_study(with("\"kidney_left\"}", "\"kidney_left\"}, \"priority\": [\"a\", \"a\"]"), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("'a' is listed twice in labels.priority")));
  EXPECT_THROW(parse_study(with("2026-11-25T09:30:00", "25/11/2026 09:30"), "."), InvalidInput);
  EXPECT_THAT([] { parse_study(with("\"components\": false", "\"eud_alpha_per_Gy\": -0.3"), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("eud_alpha_per_Gy")));
  EXPECT_THAT([] { parse_study(with("\"components\": false", "\"rbe_alpha\": {\"kidneys\": 3}"), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("'kidneys' in methods.rbe_alpha is not a tissue")));
  EXPECT_THAT([] { parse_study(with("\"components\": false", "\"rbe_alpha\": {\"kidney\": 0}"), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("must be positive")));
}

TEST(Study, ReadsFilesAndResolvesRelativePaths) {
  EXPECT_THAT([] { read_study("/no/such/study.json"); }, ThrowsMessage<IoError>(HasSubstr("/no/such/study.json")));
  const auto folder = std::filesystem::temp_directory_path() / "rptdose-study-test";
  std::filesystem::create_directories(folder);
  { std::ofstream(folder / "study.json") << kStudy; }
  const Study s = read_study(folder / "study.json");
  EXPECT_EQ(s.time_points[0].image, folder / "spect_4h.nii.gz");
  EXPECT_EQ(s.file, folder / "study.json");
}

// Regression (issue 17 row 7): a key given twice in one object was taken silently, the last one winning (Lu-177
// then Y-90 gave a Y-90 dose). JSON leaves duplicate names undefined (RFC 8259 §4): the study refuses them.
TEST(Study, AKeyGivenTwiceInOneObjectIsAnError) {
  EXPECT_THAT(
      [] { parse_study(with("\"nuclide\": \"177Lu\",", "\"nuclide\": \"177Lu\", \"nuclide\": \"Y-90\","), "."); },
      ThrowsMessage<InvalidInput>(HasSubstr("'nuclide' is given twice in the study")));
  EXPECT_THAT([] { parse_study(with("\"units\": \"Bq/mL\"", "\"units\": \"Bq/mL\", \"units\": \"Bq\""), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("'units' is given twice in entry 1 of time_points")));
  EXPECT_THAT([] { parse_study(with("\"5\": \"kidney_left\"", "\"5\": \"kidney_left\", \"5\": \"spleen\""), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("'5' is given twice in labels.names")));
  // The same key in different objects is fine (every time point has its own "image").
  EXPECT_NO_THROW(parse_study(kStudy, "."));
}

// Regression (issue 17 row 10): two labels with one name gave two VOIs of that name (vois.csv and summary.json
// rows that cannot be told apart; later consumers pick one).
TEST(Study, TwoLabelsWithOneNameAreAnError) {
  EXPECT_THAT([] { parse_study(with("\"5\": \"kidney_left\"", "\"5\": \"liver\""), "."); },
              ThrowsMessage<InvalidInput>(HasSubstr("labels 1 and 5 are both named 'liver'")));
  // A name of the preset given to another label by the study (TotalSegmentator 5 is the liver).
  EXPECT_THAT(
      [] {
        parse_study(with("\"names\": {\"1\": \"liver\", \"5\": \"kidney_left\"}",
                         "\"preset\": \"totalsegmentator\", \"names\": {\"200\": \"liver\"}"),
                    ".");
      },
      ThrowsMessage<InvalidInput>(HasSubstr("labels 5 and 200 are both named 'liver'")));
}

// Regression (issue 17 row 9): a folder given as the study file said "not valid JSON".
TEST(Study, AFolderGivenAsTheStudyFileSaysSo) {
  const auto folder = std::filesystem::temp_directory_path() / "rptdose-study-folder-test";
  std::filesystem::create_directories(folder);
  { std::ofstream(folder / "study.json") << kStudy; }
  EXPECT_THAT([&] { read_study(folder); },
              ThrowsMessage<InvalidInput>(AllOf(HasSubstr("is a folder, not a study file"), HasSubstr("study.json"))));
}

// The defaults' names are what summary.json and report.md have always said; each table's names parse back.
TEST(Study, ChoicesHaveOneNameEachThatParsesBack) {
  const Study s = parse_study(R"({"nuclide": "Lu-177", "administered_activity_MBq": 1000, "time_points": [
      {"image": "a.nii", "hours_after_injection": 4, "units": "Bq", "decay_corrected": false}]})",
                              ".");
  EXPECT_EQ(timeactivity::model_choice_name(s.methods.integration), "auto");
  EXPECT_EQ(route_name(s.methods.route), "tia");
  EXPECT_EQ(dose::dose_method_name(s.methods.dose), "kernel");
  EXPECT_FALSE(s.methods.kernel_radius_mm.has_value());  // full-range photons
  EXPECT_EQ(bed_kinetics_name(s.methods.bed_kinetics), "voi");
  EXPECT_EQ(registration_method_name(s.registration.method), "none");
  EXPECT_EQ(output_format_name(s.output.format), "nii.gz");
  EXPECT_EQ(timeactivity::unit_name(s.time_points[0].units), "Bq");
  const auto round_trips = [](const auto& table) {
    for (const auto value : enum_values(table)) EXPECT_EQ(find_enum(table, enum_name(table, value)), value);
  };
  round_trips(kRouteNames);
  round_trips(kBedKineticsNames);
  round_trips(kRegistrationMethodNames);
  round_trips(kOutputFormatNames);
  round_trips(dose::kDoseMethodNames);
  round_trips(timeactivity::kModelNames);
  round_trips(timeactivity::kSampleUnitNames);
  // Aliases parse to the value and are written by its one name.
  const Study mono = parse_study(with("\"mono-exponential\"", "\"mono\""), ".");
  EXPECT_EQ(timeactivity::model_choice_name(mono.methods.integration), "mono-exponential");
}

// methods.dose "monte-carlo" with methods.monte_carlo: defaults (1 % in the VOIs, CT materials when there is a CT),
// options, and every combination the transport does not take refused with the reason.
TEST(Study, MonteCarloOptionsDefaultsAndRefusals) {
  const std::string base = R"({"nuclide": "Lu-177", "administered_activity_MBq": 1000, "time_points": [
      {"image": "a.nii", "hours_after_injection": 4, "units": "Bq", "decay_corrected": false},
      {"image": "b.nii", "hours_after_injection": 24, "units": "Bq", "decay_corrected": false}],
      "labels": {"image": "l.nii"}, CT "methods": {"dose": "monte-carlo" METHODS}})";
  const auto study = [&](const std::string& ct, const std::string& methods) {
    std::string s = base;
    s.replace(s.find("CT"), 2, ct);
    s.replace(s.find("METHODS"), 7, methods);
    return parse_study(s, ".");
  };
  const Study defaults = study(R"("ct": {"image": "ct.nii"},)", "");
  ASSERT_TRUE(defaults.methods.monte_carlo);
  EXPECT_EQ(defaults.methods.monte_carlo->materials, MonteCarloMaterials::Ct);
  EXPECT_DOUBLE_EQ(*defaults.methods.monte_carlo->target_uncertainty, 0.01);
  EXPECT_EQ(*defaults.methods.monte_carlo->decays, MonteCarloSpec::kDefaultMaxDecays);
  EXPECT_EQ(study("", "").methods.monte_carlo->materials, MonteCarloMaterials::SoftTissue);  // no CT
  const Study given = study(
      "", R"(, "monte_carlo": {"decays": 5e6, "seed": 42, "materials": "soft-tissue", "min_voi_ml": 30})");
  EXPECT_EQ(*given.methods.monte_carlo->decays, 5'000'000u);
  EXPECT_FALSE(given.methods.monte_carlo->target_uncertainty);
  EXPECT_EQ(given.methods.monte_carlo->seed, 42u);
  EXPECT_DOUBLE_EQ(given.methods.monte_carlo->min_voi_ml, 30.0);
  for (const auto m : enum_values(kMonteCarloMaterialsNames))
    EXPECT_EQ(find_enum(kMonteCarloMaterialsNames, monte_carlo_materials_name(m)), m);

  const auto refused = [&](const std::string& ct, const std::string& methods, const std::string& message) {
    EXPECT_THAT([&] { study(ct, methods); }, ThrowsMessage<InvalidInput>(HasSubstr(message))) << methods;
  };
  refused("", R"(, "monte_carlo": {"materials": "ct"})", "with materials 'ct' needs a CT");
  refused("", R"(, "route": "dose-rate")", "takes route 'tia' only");
  refused("", R"(, "kernel_radius_mm": 30)", "has no kernel: remove 'kernel_radius_mm'");
  refused(R"("ct": {"image": "ct.nii"},)", R"(, "density_correction": true)", "remove 'density_correction'");
  refused("", R"(, "monte_carlo": {"decays": 1.5})", "'decays' in methods.monte_carlo must be a whole number");
  refused("", R"(, "monte_carlo": {"decays": 0})", "must be a whole number from 1");
  refused("", R"(, "monte_carlo": {"target_uncertainty": 1})", "is a fraction (0.01 = 1 %)");
  refused("", R"(, "monte_carlo": {"target_uncertainty": -0.1})", "target_uncertainty");
  refused("", R"(, "monte_carlo": {"materials": "bone"})", "use 'ct' or 'soft-tissue'");
  refused("", R"(, "monte_carlo": {"decay": 10})", "decay");
  refused("", R"(, "monte_carlo": 1000)", "must be an object");
  // The CT the run reads is the study's or the reference time point's, not any time point's.
  const auto time_point_ct = [](const std::string& materials) {
    return parse_study(R"({"nuclide": "Lu-177", "administered_activity_MBq": 1000, "time_points": [
        {"image": "a.nii", "hours_after_injection": 4, "units": "Bq", "decay_corrected": false},
        {"image": "b.nii", "hours_after_injection": 24, "units": "Bq", "decay_corrected": false, "ct": "ct.nii"}],
        "methods": {"dose": "monte-carlo", "monte_carlo": {"decays": 100)" + materials + "}}}",
                       ".");
  };
  EXPECT_EQ(time_point_ct("").methods.monte_carlo->materials, MonteCarloMaterials::SoftTissue);
  EXPECT_THAT([&] { time_point_ct(R"(, "materials": "ct")"); },
              ThrowsMessage<InvalidInput>(HasSubstr("or the reference time point's")));
  EXPECT_THAT(
      [] {
        parse_study(R"({"nuclide": "Lu-177", "administered_activity_MBq": 1000, "time_points": [
          {"image": "a.nii", "hours_after_injection": 4, "units": "Bq", "decay_corrected": false}],
          "methods": {"monte_carlo": {"decays": 100}}})",
                    ".");
      },
      ThrowsMessage<InvalidInput>(HasSubstr("'monte_carlo' in methods applies only with \"dose\": \"monte-carlo\"")));
}

// methods.single_time_point: the method, half-lives in hours by a number or by VOI/tissue name with a default, and
// from_summary relative to the study; the combinations that cannot work are errors that say why.
TEST(Study, SingleTimePointMethodsAndHalfLives) {
  const std::string tia = R"("methods": {"integration": "single-time-point", "route": "tia", "single_time_point": )";
  const auto study = [&](const std::string& stp) {
    return with(
        R"("methods": {"integration": "mono-exponential", "route": "dose-rate", "dose": "led", "kernel_radius_mm": 20,
              "components": false})",
        tia + stp + "}");
  };
  const Study s = parse_study(
      study(R"({"method": "effective-half-life", "effective_half_life_h": {"kidney": 50, "liver": 70, "default": 60},
                "from_summary": "../cycle1/results"})"),
      "/studies/p1");
  ASSERT_TRUE(s.methods.single_time_point);
  const auto& stp = *s.methods.single_time_point;
  EXPECT_FALSE(s.methods.integration);
  EXPECT_EQ(stp.method, timeactivity::SingleTimePointMethod::EffectiveHalfLife);
  EXPECT_DOUBLE_EQ(stp.effective_half_life_by_name_s.at("kidney"), 50 * 3600.0);
  EXPECT_DOUBLE_EQ(stp.effective_half_life_by_name_s.at("liver"), 70 * 3600.0);
  EXPECT_DOUBLE_EQ(*stp.default_effective_half_life_s, 60 * 3600.0);
  EXPECT_EQ(*stp.from_summary, std::filesystem::path("/studies/cycle1/results"));
  const Study one = parse_study(study(R"({"method": "effective-half-life", "effective_half_life_h": 55})"), ".");
  EXPECT_DOUBLE_EQ(*one.methods.single_time_point->default_effective_half_life_s, 55 * 3600.0);
  EXPECT_TRUE(one.methods.single_time_point->effective_half_life_by_name_s.empty());
  EXPECT_EQ(parse_study(study(R"({"method": "physical-decay"})"), ".").methods.single_time_point->method,
            timeactivity::SingleTimePointMethod::PhysicalDecay);

  const auto fails = [&](const std::string& text, const std::string& message) {
    EXPECT_THAT([&] { parse_study(text, "."); }, ThrowsMessage<InvalidInput>(HasSubstr(message))) << text;
  };
  fails(study(R"({"method": "haenscheid", "effective_half_life_h": 50})"),
        "apply to method 'effective-half-life' only");
  fails(study(R"({"method": "effective-half-life"})"), "needs 'effective_half_life_h' or 'from_summary'");
  fails(study(R"({"method": "prior"})"), "use one of physical-decay, haenscheid, effective-half-life");
  fails(study(R"({"method": "effective-half-life", "effective_half_life_h": {"liver": 200}})"),
        "longer than the physical half-life");
  fails(study(R"({"method": "effective-half-life", "effective_half_life_h": {"liver": -1}})"), "must be positive");
  fails(study(R"({"method": "physical-decay", "half_life": 3})"), "unknown key 'half_life'");
  fails(with(R"("integration": "mono-exponential")", R"("integration": "single-time-point")"),
        "it needs 'single_time_point'");
  fails(with(R"("components": false)", R"("single_time_point": {"method": "haenscheid"})"),
        "applies to 'integration' 'single-time-point' only");
  fails(
      with(
          R"("integration": "mono-exponential", "route": "dose-rate")",
          R"("integration": "single-time-point", "single_time_point": {"method": "haenscheid"}, "route": "dose-rate")"),
      "use route 'tia'");
}

TEST(Study, IsoDateTimes) {
  EXPECT_DOUBLE_EQ(iso_datetime_seconds("2026-11-25T09:30:00") - iso_datetime_seconds("2026-11-24T09:30"), 86400.0);
  EXPECT_DOUBLE_EQ(iso_datetime_seconds("1970-01-01 00:00:01.5"), 1.5);
  EXPECT_THROW(iso_datetime_seconds("2026-11-24"), InvalidInput);
}

TEST(Study, IsoDateTimeTextIsTheInverseOfIsoDateTimeSeconds) {
  EXPECT_EQ(iso_datetime_text(0.0), "1970-01-01T00:00:00");
  EXPECT_EQ(iso_datetime_text(1.5), "1970-01-01T00:00:01.5");
  EXPECT_EQ(iso_datetime_text(iso_datetime_seconds("2026-11-24T09:30:00")), "2026-11-24T09:30:00");
  // Leap days, the turn of a century not divisible by 400, before 1970, microseconds.
  for (const char* text : {"2024-02-29T23:59:59", "2100-03-01T00:00:00", "1969-12-31T23:59:59.25",
                           "2000-02-29T12:00:00.000001", "1999-12-31T23:59:59.999999"}) {
    EXPECT_EQ(iso_datetime_text(iso_datetime_seconds(text)), text);
    EXPECT_DOUBLE_EQ(iso_datetime_seconds(iso_datetime_text(iso_datetime_seconds(text))), iso_datetime_seconds(text));
  }
}

}  // namespace
}  // namespace rptdose::pipeline

namespace rptdose::pipeline {
namespace {

// TotalSegmentator's label values (v2 `total` task, data/labels/totalsegmentator_total.csv), with the study's own
// names added on top (tumours drawn on the same map) or replacing one.
TEST(Study, LabelPresetsGiveTotalSegmentatorNamesAndTheStudysNamesWin) {
  const std::string study = R"({
    "nuclide": "Lu-177", "administered_activity_MBq": 7400,
    "time_points": [{"image": "a.nii", "hours_after_injection": 4, "units": "Bq/mL", "decay_corrected": false}],
    "labels": {"image": "labels.nii.gz", "preset": "totalsegmentator", "names": {"200": "tumour_1", "5": "liver_whole"}}
  })";
  const Study s = parse_study(study, "/p");
  EXPECT_EQ(s.label_names.at(1), "spleen");
  EXPECT_EQ(s.label_names.at(2), "kidney_right");
  EXPECT_EQ(s.label_names.at(3), "kidney_left");
  EXPECT_EQ(s.label_names.at(31), "vertebrae_L1");
  EXPECT_EQ(s.label_names.at(117), "costal_cartilages");
  EXPECT_EQ(s.label_names.at(5), "liver_whole");
  EXPECT_EQ(s.label_names.at(200), "tumour_1");
  EXPECT_EQ(s.label_names.size(), 118u);
  std::string unknown = study;
  unknown.replace(unknown.find("\"totalsegmentator\""), 18, "\"freesurfer\"");
  EXPECT_THAT([&] { parse_study(unknown, "/p"); }, ThrowsMessage<InvalidInput>(HasSubstr("totalsegmentator")));
}

}  // namespace
}  // namespace rptdose::pipeline
