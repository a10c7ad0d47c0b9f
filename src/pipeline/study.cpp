#include "rptdose/pipeline/study.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/strict_json.hpp"
#include "rptdose/core/data_path.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/io/dicom_info.hpp"
#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"
#include "rptdose/timeactivity/models.hpp"
#include "study_comparison.hpp"
#include "study_monte_carlo.hpp"

namespace rptdose::pipeline {

namespace {

using rptdose::detail::DuplicateKeyCheck, rptdose::detail::number, rptdose::detail::positive,
    rptdose::detail::require_known_keys, rptdose::detail::required, rptdose::detail::text;
using nlohmann::json;

/// methods.rbe_alpha: a number (every VOI) or {"default": x, "<tissue>": y, ...} with tissues of the shipped table.
void parse_rbe_alpha(const json& value, MethodSpec& methods) {
  const std::string where = "methods";
  if (!value.is_object()) {
    methods.rbe_alpha = positive(value, "rbe_alpha", where);
    return;
  }
  const auto table = radiobiology::TissueTable::load_default();
  for (const auto& [key, rbe] : value.items()) {
    const std::string in = "methods.rbe_alpha";
    if (key == "default") {
      methods.rbe_alpha = positive(rbe, key, in);
      continue;
    }
    const auto* tissue = table.find(key);
    if (!tissue) {
      std::string known;
      for (const auto& t : table.tissues()) known += ", " + t.tissue;
      throw InvalidInput("'" + key + "' in " + in +
                         " is not a tissue of data/radiobiology/tissue_parameters.csv: use " + "default" + known);
    }
    methods.rbe_alpha_by_tissue[tissue->tissue] = positive(rbe, key, in);
  }
}

/// A choice among the names of `table` (core/enum_names.hpp), restricted to the values `allowed` accepts.
template <typename E, std::size_t N, typename Allowed>
E choice(const json& value, const std::string& key, const std::string& where, const EnumNames<E, N>& table,
         Allowed allowed) {
  const std::string v = text(value, key, where);
  if (const auto found = find_enum(table, v); found && allowed(*found)) return *found;
  std::string list;
  for (const E e : enum_values(table))
    if (allowed(e)) list += (list.empty() ? "" : ", ") + std::string(enum_name(table, e));
  throw InvalidInput("'" + key + "' in " + where + " is '" + v + "': use one of " + list);
}

template <typename E, std::size_t N>
E choice(const json& value, const std::string& key, const std::string& where, const EnumNames<E, N>& table) {
  return choice(value, key, where, table, [](E) { return true; });
}

std::vector<double> numbers(const json& value, const std::string& key, const std::string& where) {
  if (!value.is_array()) throw InvalidInput("'" + key + "' in " + where + " must be a list of numbers");
  std::vector<double> out;
  for (const auto& v : value) out.push_back(number(v, key, where));
  return out;
}

/// methods.partial_volume and methods.resolution_fwhm_mm (a number, or [x, y, z] along the image axes, mm). The
/// resolution is asked for exactly when the method uses it: a FWHM beside "none" would look like a correction made.
void parse_partial_volume(const json& methods, PartialVolumeSpec& spec) {
  const std::string where = "methods";
  if (methods.contains("partial_volume"))
    spec.method = choice(methods.at("partial_volume"), "partial_volume", where, kPartialVolumeMethodNames);
  const bool needs_resolution = spec.method == PartialVolumeMethod::Voxel;
  if (!methods.contains("resolution_fwhm_mm")) {
    if (needs_resolution)
      throw InvalidInput("'partial_volume' \"voxel\" in methods needs 'resolution_fwhm_mm': the system's resolution "
                         "(FWHM, mm; e.g. from a sphere phantom or the camera's specification for this collimator "
                         "and reconstruction)");
    return;
  }
  if (!needs_resolution)
    throw InvalidInput("'resolution_fwhm_mm' in methods is used only by 'partial_volume' \"voxel\": remove it or "
                       "choose that correction");
  const json& r = methods.at("resolution_fwhm_mm");
  if (r.is_array()) {
    const auto xyz = numbers(r, "resolution_fwhm_mm", where);
    if (xyz.size() != 3)
      throw InvalidInput("'resolution_fwhm_mm' in methods must be one number or [x, y, z], got " + r.dump());
    for (const double v : xyz)
      if (!(v > 0)) throw InvalidInput("'resolution_fwhm_mm' in methods must be positive, got " + r.dump());
    spec.resolution_fwhm_mm = Vector3(xyz[0], xyz[1], xyz[2]);
  } else {
    spec.resolution_fwhm_mm = Vector3::Constant(positive(r, "resolution_fwhm_mm", where));
  }
}

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& path) {
  const std::filesystem::path p(path);
  return p.is_absolute() ? p : base / p;
}

/// methods.single_time_point (with integration "single-time-point"): the method, effective_half_life_h (hours: a
/// number, or by VOI or tissue name with an optional "default") and from_summary (a path).
SingleTimePointSpec parse_single_time_point(const json& value, double physical_half_life_s,
                                            const std::filesystem::path& base) {
  const std::string where = "methods.single_time_point";
  if (!value.is_object())
    throw InvalidInput("'single_time_point' in methods must be an object with 'method' (docs/study-file.md)");
  require_known_keys(value, {"method", "effective_half_life_h", "from_summary"}, where);
  SingleTimePointSpec spec;
  spec.method = choice(required(value, "method", where), "method", where, timeactivity::kSingleTimePointMethodNames);
  const bool given = value.contains("effective_half_life_h") || value.contains("from_summary");
  if (spec.method != timeactivity::SingleTimePointMethod::EffectiveHalfLife && given)
    throw InvalidInput("'effective_half_life_h' and 'from_summary' in " + where +
                       " apply to method 'effective-half-life' only (method '" +
                       std::string(timeactivity::single_time_point_method_name(spec.method)) +
                       "' sets the half-life itself)");
  if (spec.method == timeactivity::SingleTimePointMethod::EffectiveHalfLife && !given)
    throw InvalidInput(where + " with method 'effective-half-life' needs 'effective_half_life_h' or 'from_summary'");
  const auto half_life_s = [&](const json& h, const std::string& key, const std::string& in) {
    const double hours = positive(h, key, in);
    if (hours * units::kSecondsPerHour > physical_half_life_s * (1 + 1e-12))
      throw InvalidInput("'" + key + "' in " + in + " is " + h.dump() + " h, longer than the physical half-life (" +
                         std::to_string(physical_half_life_s / units::kSecondsPerHour) +
                         " h): an effective half-life cannot exceed it");
    return hours * units::kSecondsPerHour;
  };
  if (value.contains("effective_half_life_h")) {
    const json& h = value.at("effective_half_life_h");
    if (!h.is_object()) {
      spec.default_effective_half_life_s = half_life_s(h, "effective_half_life_h", where);
    } else {
      const std::string in = where + ".effective_half_life_h";
      for (const auto& [key, hours] : h.items()) {
        if (key == "default")
          spec.default_effective_half_life_s = half_life_s(hours, key, in);
        else
          spec.effective_half_life_by_name_s[key] = half_life_s(hours, key, in);
      }
    }
  }
  if (value.contains("from_summary"))
    spec.from_summary = resolve(base, text(value.at("from_summary"), "from_summary", where)).lexically_normal();
  return spec;
}

TimePointSpec parse_time_point(const json& j, std::size_t index, const std::optional<double>& injection_s,
                               const std::filesystem::path& base) {
  const std::string where = timeactivity::time_point_name(index);
  if (!j.is_object()) throw InvalidInput(where + " must be an object");
  require_known_keys(j,
                     {"image", "hours_after_injection", "acquisition_time", "units", "decay_corrected",
                      "calibration_cps_per_MBq", "frame_duration_s", "ct", "activity_in_image_MBq"},
                     where);
  TimePointSpec t;
  t.image = resolve(base, text(required(j, "image", where), "image", where));
  if (j.contains("ct")) t.ct = resolve(base, text(j.at("ct"), "ct", where));
  const bool hours = j.contains("hours_after_injection"), acquired = j.contains("acquisition_time");
  if (hours == acquired)
    throw InvalidInput(where + " needs exactly one of 'hours_after_injection' and 'acquisition_time'");
  if (hours) {
    t.time_after_injection_s =
        number(j.at("hours_after_injection"), "hours_after_injection", where) * units::kSecondsPerHour;
  } else {
    if (!injection_s) throw InvalidInput(where + " gives 'acquisition_time': the study then needs 'injection_time'");
    t.time_after_injection_s =
        iso_datetime_seconds(text(j.at("acquisition_time"), "acquisition_time", where)) - *injection_s;
  }
  if (!(t.time_after_injection_s > 0))
    throw InvalidInput(where + " is " + std::to_string(t.time_after_injection_s / units::kSecondsPerHour) +
                       " h after injection: a scan must come after the injection (check the times)");
  // The image units of a study: activity (Bq/mL, Bq) or counts; dose rates (Gy/s) are what the run makes.
  t.units = choice(required(j, "units", where), "units", where, timeactivity::kSampleUnitNames,
                   [](timeactivity::SampleUnit u) { return u != timeactivity::SampleUnit::GyPerS; });
  const json& corrected = required(j, "decay_corrected", where);
  if (!corrected.is_boolean())
    throw InvalidInput("'decay_corrected' in " + where +
                       " must be true or false (whether the image was "
                       "decay-corrected to the injection time)");
  t.decay_corrected = corrected.get<bool>();
  const bool counts = t.units == timeactivity::SampleUnit::Counts;
  for (const char* key : {"calibration_cps_per_MBq", "frame_duration_s"})
    if (!counts && j.contains(key))
      throw InvalidInput("'" + std::string(key) + "' in " + where + " applies to units 'counts' only");
  if (j.contains("activity_in_image_MBq")) {  // docs/calibration.md
    if (j.contains("calibration_cps_per_MBq"))
      throw InvalidInput(where +
                         " gives both 'calibration_cps_per_MBq' and 'activity_in_image_MBq': give one (the "
                         "image is scaled to the activity, so a sensitivity has nothing to do)");
    t.activity_in_image_MBq = positive(j.at("activity_in_image_MBq"), "activity_in_image_MBq", where);
  }
  if (counts) {
    // Without one, the study's calibration file gives the sensitivity (checked in parse_study).
    if (j.contains("calibration_cps_per_MBq"))
      t.calibration_cps_per_MBq = positive(j.at("calibration_cps_per_MBq"), "calibration_cps_per_MBq", where);
    // Else from the DICOM header (FrameDuration) when the images are read; required there for other formats.
    if (j.contains("frame_duration_s"))
      t.frame_duration_s = positive(j.at("frame_duration_s"), "frame_duration_s", where);
  }
  return t;
}

bool boolean(const json& value, const std::string& key, const std::string& where) {
  if (!value.is_boolean()) throw InvalidInput("'" + key + "' in " + where + " must be true or false");
  return value.get<bool>();
}

CtSpec parse_ct(const json& c, const std::filesystem::path& base) {
  const std::string where = "ct";
  if (!c.is_object()) throw InvalidInput("'ct' must be an object with 'image' and optional 'hu_to_density'");
  require_known_keys(c, {"image", "hu_to_density"}, where);
  CtSpec ct;
  ct.image = resolve(base, text(required(c, "image", where), "image", where));
  if (c.contains("hu_to_density")) {
    const json& points = c.at("hu_to_density");
    if (!points.is_array() || points.size() < 2)
      throw InvalidInput("'hu_to_density' in ct must be a list of at least two [HU, g/mL] pairs");
    for (const auto& point : points) {
      if (!point.is_array() || point.size() != 2)
        throw InvalidInput("'hu_to_density' in ct must hold [HU, g/mL] pairs, got " + point.dump());
      ct.hu_to_density.emplace_back(number(point[0], "hu_to_density", where), number(point[1], "hu_to_density", where));
    }
  }
  return ct;
}

RegistrationSpec parse_registration(const json& r, std::size_t time_points) {
  const std::string where = "registration";
  if (!r.is_object()) throw InvalidInput("'registration' must be an object with 'method'");
  require_known_keys(r, {"method", "reference_time_point"}, where);
  RegistrationSpec spec;
  if (r.contains("method")) spec.method = choice(r.at("method"), "method", where, kRegistrationMethodNames);
  if (r.contains("reference_time_point")) {
    const double index = number(r.at("reference_time_point"), "reference_time_point", where);
    if (index < 0 || index != std::floor(index) || index >= static_cast<double>(time_points))
      throw InvalidInput(
          "'reference_time_point' in registration must be the index of a time point, counted from 0 "
          "(0 for time point 1 to " +
          std::to_string(time_points - 1) + " for " + timeactivity::time_point_name(time_points - 1) + "), got " +
          r.at("reference_time_point").dump());
    spec.reference_time_point = static_cast<std::size_t>(index);
  }
  return spec;
}

/// The segmentation tools whose label names ship in data/labels/ (<preset>_total.csv).
constexpr std::array<std::string_view, 1> kLabelPresets{"totalsegmentator"};

/// The label names of a segmentation tool, from the data folder (data/labels/, sources in data/SOURCES.md).
std::map<std::int32_t, std::string> label_preset(const json& value, const std::string& where) {
  const std::string preset = text(value, "preset", where);
  if (std::find(kLabelPresets.begin(), kLabelPresets.end(), preset) == kLabelPresets.end()) {
    std::string list;
    for (const auto p : kLabelPresets) list += (list.empty() ? "" : ", ") + std::string(p);
    throw InvalidInput("'preset' in " + where + " is '" + preset + "': use one of " + list);
  }
  const auto path = data_directory() / "labels" / (preset + "_total.csv");
  std::ifstream in(path);
  if (!in) throw IoError("cannot read the label names " + path.string() + " of preset '" + preset + "'");
  std::map<std::int32_t, std::string> names;
  std::string line;
  bool header = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (!header) {  // "label,name"
      header = true;
      continue;
    }
    const auto comma = line.find(',');
    if (comma == std::string::npos) throw IoError(path.string() + ": malformed line '" + line + "'");
    names[std::stoi(line.substr(0, comma))] = line.substr(comma + 1);
  }
  return names;
}

/// Each VOI is named by its label; two labels of one name would give VOI rows that cannot be told apart.
/// labels.priority or labels.ignore: VOI names as the source gives them, each once.
std::vector<std::string> voi_name_list(const json& list, const std::string& key) {
  if (!list.is_array()) throw InvalidInput("'" + key + "' in labels must be a list of VOI names");
  std::vector<std::string> names;
  for (const auto& name : list) {
    names.push_back(text(name, key, "labels"));
    if (std::count(names.begin(), names.end(), names.back()) > 1)
      throw InvalidInput("'" + names.back() + "' is listed twice in labels." + key);
  }
  return names;
}

void require_unique_label_names(const std::map<std::int32_t, std::string>& names) {
  std::map<std::string, std::int32_t> label_of;
  for (const auto& [label, name] : names)
    if (const auto [at, inserted] = label_of.emplace(name, label); !inserted)
      throw InvalidInput("labels " + std::to_string(at->second) + " and " + std::to_string(label) +
                         " are both named '" + name + "' in labels: VOI names must be unique, rename one of them");
}

/// The top-level key `calibration` (docs/calibration.md): the calibration file, read now so that validate checks it;
/// then every counts time point must have a sensitivity of its own, the file's, or an activity_in_image_MBq.
void parse_calibration_key(const json& j, const std::filesystem::path& base, Study& study) {
  if (j.contains("calibration")) {
    study.calibration_file = resolve(base, text(j.at("calibration"), "calibration", "the study"));
    study.calibration = quantification::read_calibration(*study.calibration_file);
    const auto& database = nuclides::DecayDatabase::instance();
    if (database.get(study.calibration->nuclide).name() != study.nuclide)
      throw InvalidInput("the study's calibration " + study.calibration_file->string() + " is for " +
                         study.calibration->nuclide + ", the study's nuclide is " + study.nuclide +
                         ": a camera's sensitivity and recovery depend on the nuclide; give a calibration made with " +
                         study.nuclide);
  }
  const bool sensitivity = study.calibration && study.calibration->sensitivity;
  for (std::size_t i = 0; i < study.time_points.size(); ++i) {
    const auto& t = study.time_points[i];
    if (t.units == timeactivity::SampleUnit::Counts && !t.calibration_cps_per_MBq && !t.activity_in_image_MBq &&
        !sensitivity)
      throw InvalidInput(timeactivity::time_point_name(i) +
                         " is in counts: it needs 'calibration_cps_per_MBq' to convert counts to activity, a study "
                         "'calibration' file with a sensitivity (rptdose calibrate), or 'activity_in_image_MBq'");
  }
}

}  // namespace

double iso_datetime_seconds(const std::string& value) {
  // YYYY-MM-DDTHH:MM[:SS[.f]] → DICOM DA + TM.
  const auto malformed = [&] {
    return InvalidInput("date-time '" + value + "' is not YYYY-MM-DDTHH:MM:SS (e.g. 2026-11-24T09:30:00)");
  };
  if (value.size() < 16 || value[4] != '-' || value[7] != '-' || (value[10] != 'T' && value[10] != ' ') ||
      value[13] != ':')
    throw malformed();
  std::string time = value.substr(11, 2) + value.substr(14, 2);
  if (value.size() > 16) {
    if (value[16] != ':' || value.size() < 19) throw malformed();
    time += value.substr(17);
  }
  try {
    return io::dicom_datetime_seconds(value.substr(0, 4) + value.substr(5, 2) + value.substr(8, 2), time);
  } catch (const InvalidInput&) {
    throw malformed();
  }
}

std::string iso_datetime_text(double seconds) {
  // Civil date of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's civil_from_days, the inverse of
  // the days_from_civil behind dicom_datetime_seconds).
  const double microseconds_total = std::round(seconds * 1e6);
  long days = static_cast<long>(std::floor(microseconds_total / 86400e6));
  const auto microseconds_of_day = static_cast<long long>(microseconds_total - static_cast<double>(days) * 86400e6);
  days += 719468;
  const long era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const long year = static_cast<long>(yoe) + era * 400 + (month <= 2);
  const long long whole_seconds = microseconds_of_day / 1000000;
  const long long fraction = microseconds_of_day % 1000000;
  char text[48];
  std::snprintf(text, sizeof text, "%04ld-%02u-%02uT%02lld:%02lld:%02lld", year, month, day, whole_seconds / 3600,
                whole_seconds / 60 % 60, whole_seconds % 60);
  std::string out = text;
  if (fraction != 0) {
    std::snprintf(text, sizeof text, ".%06lld", fraction);
    std::string digits = text;
    while (digits.back() == '0') digits.pop_back();
    out += digits;
  }
  return out;
}

double counts_sensitivity_cps_per_MBq(const Study& study, const TimePointSpec& t) {
  if (t.calibration_cps_per_MBq) return *t.calibration_cps_per_MBq;
  if (study.calibration && study.calibration->sensitivity) return study.calibration->sensitivity->cps_per_MBq;
  throw InvalidInput("a counts time point has neither calibration_cps_per_MBq nor a study calibration file with a "
                     "sensitivity");
}

Study parse_study(const std::string& json_text, const std::filesystem::path& base_folder) {
  json j;
  try {
    j = json::parse(json_text, DuplicateKeyCheck{});
  } catch (const json::exception& e) {  // parse_error, or out_of_range for a number beyond a double (1e400)
    throw InvalidInput(std::string("the study is not valid JSON: ") + e.what());
  }
  if (!j.is_object()) throw InvalidInput("the study must be a JSON object");
  const std::string top = "the study";
  require_known_keys(j,
                     {"nuclide", "administered_activity_MBq", "injection_time", "time_points", "labels", "ct",
                      "registration", "methods", "output", "calibration"},
                     top);
  Study study;
  study.nuclide = text(required(j, "nuclide", top), "nuclide", top);
  study.nuclide = nuclides::DecayDatabase::instance().get(study.nuclide).name();  // UnknownNuclide names matches
  study.administered_activity_Bq =
      positive(required(j, "administered_activity_MBq", top), "administered_activity_MBq", top) * units::kBqPerMBq;
  std::optional<double> injection_s;
  if (j.contains("injection_time"))
    injection_s = iso_datetime_seconds(text(j.at("injection_time"), "injection_time", top));

  const json& points = required(j, "time_points", top);
  if (!points.is_array() || points.empty()) throw InvalidInput("'time_points' must be a non-empty list");
  for (std::size_t i = 0; i < points.size(); ++i)
    study.time_points.push_back(parse_time_point(points[i], i, injection_s, base_folder));
  for (std::size_t i = 1; i < study.time_points.size(); ++i)
    if (!(study.time_points[i].time_after_injection_s > study.time_points[i - 1].time_after_injection_s))
      throw InvalidInput(timeactivity::time_point_name(i) + " is not later than " +
                         timeactivity::time_point_name(i - 1) + ": list the time points in order, without duplicates");
  parse_calibration_key(j, base_folder, study);

  if (j.contains("labels")) {
    const json& l = j.at("labels");
    const std::string where = "labels";
    if (!l.is_object()) throw InvalidInput("'labels' must be an object with 'image' and optional 'names'");
    require_known_keys(l, {"image", "names", "preset", "priority", "ignore"}, where);
    study.labels = resolve(base_folder, text(required(l, "image", where), "image", where));
    if (l.contains("preset")) {  // names of a segmentation tool's label values; "names" below override or add
      study.label_names = label_preset(l.at("preset"), where);
      study.label_preset = l.at("preset").get<std::string>();
    }
    if (l.contains("names")) {
      if (!l.at("names").is_object())
        throw InvalidInput("'names' in labels must map label values or VOI names to names");
      for (const auto& [key, name] : l.at("names").items()) {
        // A key of digits is a label value (ROI Number, Segment Number); any other key a name of the source.
        if (!key.empty() && std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
          const long label = key.size() > 9 ? 0 : std::stol(key);
          if (label <= 0) throw InvalidInput("label '" + key + "' in labels.names must be a positive integer");
          study.label_names[static_cast<std::int32_t>(label)] = text(name, key, "labels.names");
        } else {
          if (key.empty() || key[0] == '-' || key[0] == '+')
            throw InvalidInput("label '" + key + "' in labels.names must be a positive integer or a VOI name");
          study.label_renames[key] = text(name, key, "labels.names");
        }
      }
    }
    if (l.contains("priority")) study.label_priority = voi_name_list(l.at("priority"), "priority");
    if (l.contains("ignore")) study.label_ignore = voi_name_list(l.at("ignore"), "ignore");
    require_unique_label_names(study.label_names);
  }
  if (j.contains("ct")) study.ct = parse_ct(j.at("ct"), base_folder);
  if (j.contains("registration"))
    study.registration = parse_registration(j.at("registration"), study.time_points.size());

  if (j.contains("methods")) {
    const json& m = j.at("methods");
    const std::string where = "methods";
    if (!m.is_object()) throw InvalidInput("'methods' must be an object");
    std::set<std::string> known = {
        "integration",   "route",          "dose",           "kernel_radius_mm",      "components",
        "density_correction", "rbe_alpha", "eud_alpha_per_Gy", "bed_kinetics", "activity_outside_body",
        "partial_volume", "resolution_fwhm_mm", "single_time_point", "monte_carlo"};  // and the compare_* keys:
    known.insert(std::begin(detail::kComparisonKeys), std::end(detail::kComparisonKeys));
    require_known_keys(m, known, where);
    parse_partial_volume(m, study.methods.partial_volume);
    study.methods.compare = detail::parse_comparison(m);
    if (m.contains("activity_outside_body"))
      study.methods.activity_outside_body =
          choice(m.at("activity_outside_body"), "activity_outside_body", where, kActivityOutsideBodyNames);
    if (m.contains("bed_kinetics"))
      study.methods.bed_kinetics = choice(m.at("bed_kinetics"), "bed_kinetics", where, kBedKineticsNames);
    if (m.contains("eud_alpha_per_Gy"))
      study.methods.eud_alpha_per_Gy = positive(m.at("eud_alpha_per_Gy"), "eud_alpha_per_Gy", where);
    if (m.contains("rbe_alpha")) parse_rbe_alpha(m.at("rbe_alpha"), study.methods);
    const bool single_time_point =
        m.contains("integration") && m.at("integration") == std::string(timeactivity::kSingleTimePointName);
    if (m.contains("integration") && !single_time_point)
      study.methods.integration = timeactivity::parse_model_choice(text(m.at("integration"), "integration", where));
    if (single_time_point != m.contains("single_time_point"))
      throw InvalidInput(single_time_point ? "'integration' in methods is 'single-time-point': it needs "
                                             "'single_time_point' with the method (docs/study-file.md)"
                                           : "'single_time_point' in methods applies to 'integration' "
                                             "'single-time-point' only");
    if (single_time_point)
      study.methods.single_time_point = parse_single_time_point(
          m.at("single_time_point"), nuclides::DecayDatabase::instance().get(study.nuclide).half_life_s(), base_folder);
    if (m.contains("route")) study.methods.route = choice(m.at("route"), "route", where, kRouteNames);
    if (m.contains("dose")) study.methods.dose = choice(m.at("dose"), "dose", where, dose::kDoseMethodNames);
    if (m.contains("kernel_radius_mm"))
      study.methods.kernel_radius_mm = positive(m.at("kernel_radius_mm"), "kernel_radius_mm", where);
    if (m.contains("components")) study.methods.components = boolean(m.at("components"), "components", where);
    if (m.contains("density_correction"))
      study.methods.density_correction = boolean(m.at("density_correction"), "density_correction", where);
    detail::parse_monte_carlo(m, study);
  }
  if (study.methods.compare &&
      (study.methods.route != Route::Tia || study.methods.single_time_point || !study.methods.components))
    throw InvalidInput(
        "'compare_nuclides' in methods predicts each candidate from the voxels' fitted curves of the 'tia' route "
        "with 'components' on: a dose-rate or single-time-point study has no such curves. Compare at VOI level "
        "instead: rptdose compare --summary RESULTS/summary.json (docs/compare.md)");
  if (study.methods.single_time_point && study.methods.route == Route::DoseRate)
    throw InvalidInput(
        "'route' 'dose-rate' in methods does not take 'single-time-point': with one scan there is no dose-rate curve "
        "to integrate (and one half-life per voxel would be wrong for cross-fire from VOIs of other half-lives): "
        "use route 'tia'");
  if (const auto pv = study.methods.partial_volume.method; pv != PartialVolumeMethod::None && !study.labels)
    throw InvalidInput("'partial_volume' \"" + std::string(partial_volume_method_name(pv)) +
                       "\" in methods needs the study's 'labels': the correction is made per VOI");
  if (study.methods.partial_volume.method == PartialVolumeMethod::Recovery &&
      !(study.calibration && study.calibration->recovery))
    throw InvalidInput("'partial_volume' \"recovery\" in methods needs a recovery curve: give the study a "
                       "'calibration' file made by 'rptdose calibrate' with a sphere phantom (docs/calibration.md)" +
                       std::string(study.calibration ? " (" + study.calibration_file->string() + " has none)" : ""));
  if (study.methods.density_correction && !study.ct)
    throw InvalidInput("'density_correction' in methods needs the study's 'ct' (the densities come from it)");
  if (j.contains("output")) {
    const json& o = j.at("output");
    const std::string where = "output";
    if (!o.is_object()) throw InvalidInput("'output' must be an object");
    require_known_keys(o, {"format", "dose_thresholds_Gy", "dose_volume_percent", "plots", "dicom_rt_dose"}, where);
    if (o.contains("plots")) study.output.plots = boolean(o.at("plots"), "plots", where);
    if (o.contains("dicom_rt_dose"))
      study.output.dicom_rt_dose = boolean(o.at("dicom_rt_dose"), "dicom_rt_dose", where);
    if (o.contains("format")) study.output.format = choice(o.at("format"), "format", where, kOutputFormatNames);
    if (o.contains("dose_thresholds_Gy"))
      study.output.dose_thresholds_Gy = numbers(o.at("dose_thresholds_Gy"), "dose_thresholds_Gy", where);
    if (o.contains("dose_volume_percent")) {
      study.output.dose_volume_percent = numbers(o.at("dose_volume_percent"), "dose_volume_percent", where);
      for (const double x : study.output.dose_volume_percent)
        if (!(x >= 0 && x <= 100)) throw InvalidInput("'dose_volume_percent' in output must be within 0..100");
    }
  }
  return study;
}

Study read_study(const std::filesystem::path& file) {
  std::error_code error;
  if (std::filesystem::is_directory(file, error)) {
    std::string found;
    for (const auto& entry : std::filesystem::directory_iterator(file, error))
      if (entry.path().extension() == ".json") found += (found.empty() ? "" : ", ") + entry.path().filename().string();
    throw InvalidInput(
        file.string() + " is a folder, not a study file: give the study's JSON file" +
        (found.empty() ? std::string(" (the folder holds no .json file)") : " (the folder holds " + found + ")"));
  }
  std::ifstream in(file);
  if (!in) throw IoError("cannot read the study file " + file.string() + ": no such file or not readable");
  std::ostringstream content;
  content << in.rdbuf();
  Study study;
  try {
    study = parse_study(content.str(), file.has_parent_path() ? file.parent_path() : std::filesystem::path("."));
  } catch (const InvalidInput& e) {
    throw InvalidInput(file.string() + ": " + e.what());
  }
  study.file = file;
  return study;
}

}  // namespace rptdose::pipeline
