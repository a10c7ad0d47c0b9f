// The reader of summary.json (rptdose/results/run_summary.hpp): the one parser of a run's results. Required keys
// are checked first, every other key only when present (a summary made by hand for planning may give only
// nuclide, administered_activity_Bq and per VOI name and mean_dose_Gy); messages name the file, the VOI (index and
// name) and the key. nlohmann/json stays in this file.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <type_traits>

#include "rptdose/core/error.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"
#include "rptdose/results/run_summary.hpp"

namespace rptdose::results {

namespace {

using nlohmann::json;

std::string format_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

/// What a number must be.
enum class Range { Finite, NonNegative, Positive };

/// One JSON object of the summary and where it is ("summary.json vois[2] (spleen)"), with typed, checked reads.
/// A key that is absent or null leaves the target unchanged (optional reads) or throws (required reads).
class Object {
 public:
  Object(const json& value, std::string where) : value_(value), where_(std::move(where)) {
    if (!value_.is_object()) throw InvalidInput(where_ + " is " + value_.dump() + ": it must be a JSON object");
  }

  const std::string& where() const { return where_; }
  bool has(const char* key) const { return value_.contains(key) && !value_.at(key).is_null(); }
  const json& at(const char* key) const { return value_.at(key); }
  Object object(const char* key) const { return Object(value_.at(key), where_ + " " + key); }

  double number(const char* key, Range range) const {
    if (!value_.contains(key))
      throw InvalidInput(where_ + " has no \"" + key + "\": the summary must give it (see docs/radiobiology.md)");
    return checked(key, value_.at(key), range);
  }
  void read(const char* key, double& target, Range range = Range::Finite) const {
    if (has(key)) target = checked(key, value_.at(key), range);
  }
  void read(const char* key, std::optional<double>& target, Range range = Range::Finite) const {
    if (has(key)) target = checked(key, value_.at(key), range);
  }
  void read(const char* key, std::string& target) const {
    if (!has(key)) return;
    const auto& v = value_.at(key);
    if (!v.is_string()) throw InvalidInput(message(key, v, "a string"));
    target = v.get<std::string>();
  }
  void read(const char* key, std::optional<std::string>& target) const {
    std::string text;
    if (!has(key)) return;
    read(key, text);
    target = std::move(text);
  }
  void read(const char* key, bool& target) const {
    if (!has(key)) return;
    const auto& v = value_.at(key);
    if (!v.is_boolean()) throw InvalidInput(message(key, v, "true or false"));
    target = v.get<bool>();
  }
  void read(const char* key, std::size_t& target) const {
    if (!has(key)) return;
    const auto& v = value_.at(key);
    if (!v.is_number_unsigned()) throw InvalidInput(message(key, v, "a whole number ≥ 0"));
    target = v.get<std::size_t>();
  }
  void read(const char* key, std::int32_t& target) const {
    if (!has(key)) return;
    const auto& v = value_.at(key);
    if (!v.is_number_integer() || v.get<std::int64_t>() < std::numeric_limits<std::int32_t>::min() ||
        v.get<std::int64_t>() > std::numeric_limits<std::int32_t>::max())
      throw InvalidInput(message(key, v, "a whole number"));
    target = v.get<std::int32_t>();
  }
  template <typename T, std::size_t N>
  void read(const char* key, T (&target)[N], Range range = Range::Finite) const {
    if (!has(key)) return;
    const auto& v = value_.at(key);
    if (!v.is_array() || v.size() != N)
      throw InvalidInput(message(key, v, "an array of " + std::to_string(N) + " numbers"));
    for (std::size_t i = 0; i < N; ++i) {
      if constexpr (std::is_same_v<T, double>) {
        target[i] = checked(key, v[i], range);
      } else {
        if (!v[i].is_number_unsigned()) throw InvalidInput(message(key, v, "an array of whole numbers ≥ 0"));
        target[i] = v[i].get<T>();
      }
    }
  }
  void read(const char* key, std::vector<std::string>& target) const {
    for (const auto& item : array(key)) {
      if (!item.is_string()) throw InvalidInput(message(key, value_.at(key), "an array of strings"));
      target.push_back(item.get<std::string>());
    }
  }
  /// The array at `key` (empty when absent or null).
  const json& array(const char* key) const {
    static const json empty = json::array();
    if (!has(key)) return empty;
    if (!value_.at(key).is_array()) throw InvalidInput(message(key, value_.at(key), "an array"));
    return value_.at(key);
  }
  /// The key → value pairs of the object at `key` (none when absent or null).
  const json& members(const char* key) const {
    static const json empty = json::object();
    if (!has(key)) return empty;
    if (!value_.at(key).is_object()) throw InvalidInput(message(key, value_.at(key), "an object"));
    return value_.at(key);
  }

  std::string message(const std::string& key, const json& value, const std::string& expected) const {
    return where_ + " \"" + key + "\" is " + value.dump() + ": it must be " + expected;
  }
  double checked(const std::string& key, const json& value, Range range) const {
    if (!value.is_number()) throw InvalidInput(message(key, value, "a number"));
    const double x = value.get<double>();
    const bool ok = std::isfinite(x) && (range == Range::Finite || (range == Range::NonNegative && x >= 0.0) ||
                                         (range == Range::Positive && x > 0.0));
    if (!ok)
      throw InvalidInput(where_ + " \"" + key + "\" is " + format_number(x) + ": it must be " +
                         (range == Range::Positive      ? "positive"
                          : range == Range::NonNegative ? "≥ 0"
                                                        : "a finite number"));
    return x;
  }

 private:
  const json& value_;
  std::string where_;
};

void check_schema_version(const Object& root, RunSummary& summary) {
  const std::string expected = summary_schema_version();
  if (!root.has("schema_version"))
    throw InvalidInput(root.where() + " has no \"schema_version\": it was written by an rptdose older than summary " +
                       "schema " + expected + ", or by hand; re-run the study with this rptdose (rptdose run), or " +
                       "add \"schema_version\": \"" + expected + "\" to a summary you wrote yourself");
  root.read("schema_version", summary.schema_version);
  const std::string& found = summary.schema_version;
  const auto dot = found.find('.');
  int major = -1;
  if (dot != std::string::npos && dot > 0 && dot + 1 < found.size() &&
      found.find_first_not_of("0123456789.") == std::string::npos && found.find('.', dot + 1) == std::string::npos)
    if (std::from_chars(found.data(), found.data() + dot, major).ec != std::errc()) major = -1;  // beyond an int
  if (major < 0)
    throw InvalidInput(root.message("schema_version", root.at("schema_version"),
                                    "a version \"MAJOR.MINOR\", e.g. \"" + expected + "\""));
  if (major != kSummarySchemaMajor) {
    std::string writer;
    root.read("rptdose_version", writer);
    throw InvalidInput(root.where() + " has schema_version " + found + ", but this rptdose reads summary schema " +
                       std::to_string(kSummarySchemaMajor) + ".x (it writes " + expected +
                       "): read it with the rptdose that wrote it" +
                       (writer.empty() ? std::string() : " (rptdose " + writer + ")") +
                       ", or re-run the study with this rptdose");
  }
}

/// "D98.0" → 98 (prefix "D", suffix ""), "V20.0Gy" → 20 (prefix "V", suffix "Gy").
std::map<double, double> threshold_map(const Object& voi, const char* key, const char* prefix, const char* suffix,
                                       Range values) {
  std::map<double, double> out;
  for (const auto& [name, value] : voi.members(key).items()) {
    const std::string p(prefix), s(suffix);
    double x = std::numeric_limits<double>::quiet_NaN();
    if (name.size() > p.size() + s.size() && name.rfind(p, 0) == 0 &&
        name.compare(name.size() - s.size(), s.size(), s) == 0) {
      const std::string number = name.substr(p.size(), name.size() - p.size() - s.size());
      char* end = nullptr;
      x = std::strtod(number.c_str(), &end);
      if (end != number.c_str() + number.size()) x = std::numeric_limits<double>::quiet_NaN();
    }
    if (!std::isfinite(x))
      throw InvalidInput(voi.where() + " \"" + key + "\" has the key \"" + name + "\": keys are " + p + "<number>" + s +
                         ", e.g. \"" + p + "2.0" + s + "\"");
    out[x] = voi.checked(std::string(key) + "." + name, value, values);
  }
  return out;
}

VoiRadiobiologyRecord read_radiobiology(const Object& r) {
  VoiRadiobiologyRecord out;
  r.read("tissue", out.tissue);
  out.alpha_beta_Gy = r.number("alpha_beta_Gy", Range::Positive);
  out.bed_Gy = r.number("bed_Gy", Range::NonNegative);
  r.read("repair_half_time_h", out.repair_half_time_h, Range::NonNegative);
  r.read("g_factor", out.g_factor, Range::NonNegative);
  if (out.g_factor > 1.0) throw InvalidInput(r.message("g_factor", r.at("g_factor"), "in [0, 1]"));
  r.read("eqd2_Gy", out.eqd2_Gy, Range::NonNegative);
  r.read("mean_voxel_bed_Gy", out.mean_voxel_bed_Gy, Range::NonNegative);
  r.read("eud_alpha_per_Gy", out.eud_alpha_per_Gy, Range::Positive);
  r.read("eubed_Gy", out.eubed_Gy, Range::NonNegative);
  r.read("eud_Gy", out.eud_Gy, Range::NonNegative);
  r.read("parameters", out.parameters);
  return out;
}

VoiRecord read_voi(const json& value, const std::string& at) {
  if (!value.is_object() || !value.contains("name") || !value.at("name").is_string() ||
      value.at("name").get<std::string>().empty())
    throw InvalidInput(at + " needs a \"name\" string");
  VoiRecord voi;
  voi.name = value.at("name").get<std::string>();
  const Object v(value, at + " (" + voi.name + ")");
  voi.mean_dose_Gy = v.number("mean_dose_Gy", Range::NonNegative);
  v.read("label", voi.label);
  v.read("voxels", voi.voxels);
  v.read("volume_mL", voi.volume_mL, Range::NonNegative);
  v.read("mass_g", voi.mass_g, Range::Positive);
  v.read("median_dose_Gy", voi.median_dose_Gy);
  v.read("min_dose_Gy", voi.min_dose_Gy);  // may be a little below 0 (kernel noise at the VOI's edge)
  v.read("max_dose_Gy", voi.max_dose_Gy);
  v.read("sd_dose_Gy", voi.sd_dose_Gy, Range::NonNegative);
  voi.dose_at_volume_percent_Gy = threshold_map(v, "dose_at_volume_percent_Gy", "D", "", Range::Finite);
  voi.volume_percent_at_dose = threshold_map(v, "volume_percent_at_dose", "V", "Gy", Range::NonNegative);
  v.read("mean_alpha_dose_Gy", voi.mean_alpha_dose_Gy, Range::NonNegative);
  v.read("mean_electron_dose_Gy", voi.mean_electron_dose_Gy, Range::NonNegative);
  v.read("mean_photon_dose_Gy", voi.mean_photon_dose_Gy, Range::NonNegative);
  v.read("mean_rbe_weighted_dose_Gy", voi.mean_rbe_weighted_dose_Gy, Range::NonNegative);
  if (voi.mean_alpha_dose_Gy && *voi.mean_alpha_dose_Gy > voi.mean_dose_Gy * (1.0 + 1e-9))
    throw InvalidInput(v.where() + " \"mean_alpha_dose_Gy\" " + format_number(*voi.mean_alpha_dose_Gy) +
                       " exceeds its mean_dose_Gy " + format_number(voi.mean_dose_Gy) + ": it is a part of it");
  v.read("rbe_alpha", voi.rbe_alpha, Range::Positive);
  if (v.has("radiobiology")) voi.radiobiology = read_radiobiology(v.object("radiobiology"));
  v.read("tia_Bq_s", voi.tia_Bq_s, Range::NonNegative);
  v.read("tia_se_Bq_s", voi.tia_se_Bq_s, Range::NonNegative);
  v.read("residence_time_h", voi.residence_time_h, Range::NonNegative);
  // A VOI without activity has no decay to speak of: a half-life that is not positive and finite is none.
  if (v.has("effective_half_life_h")) {
    const auto& t = v.at("effective_half_life_h");
    if (!t.is_number()) throw InvalidInput(v.message("effective_half_life_h", t, "a number or null"));
    if (std::isfinite(t.get<double>()) && t.get<double>() > 0.0) voi.effective_half_life_h = t.get<double>();
  }
  v.read("uptake_half_time_h", voi.uptake_half_time_h, Range::Positive);
  if (v.has("fit")) {
    const Object fit = v.object("fit");
    fit.read("model", voi.fit.model);
    fit.read("status", voi.fit.status);
    for (const auto& p : fit.array("parameters"))
      voi.fit.parameters.push_back(p.is_null() ? std::numeric_limits<double>::quiet_NaN()
                                               : fit.checked("parameters", p, Range::Finite));
    fit.read("r_squared", voi.fit.r_squared);
    fit.read("aicc", voi.fit.aicc);
    if (fit.has("single_time_point")) {
      const Object stp = fit.object("single_time_point");
      VoiSingleTimePointRecord r;
      stp.read("method", r.method);
      r.effective_half_life_h = stp.number("effective_half_life_h", Range::Positive);
      stp.read("half_life_source", r.half_life_source);
      voi.fit.single_time_point = std::move(r);
    }
  }
  const auto& tac = v.array("tac");
  for (std::size_t i = 0; i < tac.size(); ++i) {
    const Object point(tac[i], v.where() + " tac[" + std::to_string(i) + "]");
    voi.tac.push_back({point.number("time_h", Range::Finite), point.number("activity_MBq", Range::Finite)});
  }
  if (v.has("partial_volume")) {
    const Object p = v.object("partial_volume");
    voi.partial_volume = VoiPartialVolumeRecord{p.number("tia_uncorrected_Bq_s", Range::NonNegative), std::nullopt};
    p.read("recovery_coefficient", voi.partial_volume->recovery_coefficient, Range::Positive);
  }
  v.read("monte_carlo_relative_uncertainty", voi.monte_carlo_relative_uncertainty, Range::NonNegative);
  return voi;
}

InputsRecord read_inputs(const Object& in) {
  InputsRecord out;
  const auto& points = in.array("time_points");
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Object p(points[i], in.where() + " time_points[" + std::to_string(i) + "]");
    TimePointRecord tp;
    p.read("image", tp.image);
    p.read("hours_after_injection", tp.hours_after_injection);
    p.read("units", tp.units);
    p.read("decay_corrected", tp.decay_corrected);
    p.read("ct", tp.ct);
    p.read("activity_outside_body_fraction", tp.activity_outside_body_fraction, Range::NonNegative);
    p.read("sensitivity_cps_per_MBq", tp.sensitivity_cps_per_MBq, Range::Positive);
    p.read("activity_in_image_MBq", tp.activity_in_image_MBq, Range::Positive);
    if (p.has("alignment")) {
      const Object a = p.object("alignment");
      a.read("method", tp.alignment.method);
      const auto& rotation = a.array("rotation");
      if (!rotation.empty() && rotation.size() != 3)
        throw InvalidInput(a.message("rotation", rotation, "3 rows of 3 numbers"));
      for (std::size_t row = 0; row < rotation.size(); ++row) {
        if (!rotation[row].is_array() || rotation[row].size() != 3)
          throw InvalidInput(a.message("rotation", rotation, "3 rows of 3 numbers"));
        for (std::size_t c = 0; c < 3; ++c)
          tp.alignment.rotation[row][c] = a.checked("rotation", rotation[row][c], Range::Finite);
      }
      a.read("translation_mm", tp.alignment.translation_mm);
      a.read("metric_value", tp.alignment.metric_value);
    }
    out.time_points.push_back(std::move(tp));
  }
  in.read("ct", out.ct);
  in.read("labels", out.labels);
  in.read("calibration", out.calibration);
  if (in.has("dose_grid")) {
    const Object g = in.object("dose_grid");
    g.read("size", out.dose_grid.size);
    g.read("spacing_mm", out.dose_grid.spacing_mm, Range::Positive);
    g.read("origin_mm", out.dose_grid.origin_mm);
  }
  return out;
}

MethodsRecord read_methods(const Object& m) {
  MethodsRecord out;
  m.read("integration", out.integration);
  m.read("route", out.route);
  m.read("dose", out.dose);
  m.read("kernel_radius_mm", out.kernel_radius_mm, Range::NonNegative);
  m.read("kernel_size", out.kernel_size);
  if (m.has("kernel")) {
    const Object k = m.object("kernel");
    k.read("method", out.kernel.method);
    k.read("medium", out.kernel.medium);
    k.read("density_g_per_mL", out.kernel.density_g_per_mL, Range::NonNegative);
    k.read("photon_radius_mm", out.kernel.photon_radius_mm, Range::NonNegative);
    k.read("source", out.kernel.source);
    k.read("energy_deposited_per_decay_MeV", out.kernel.energy_deposited_per_decay_MeV, Range::NonNegative);
  }
  m.read("components", out.components);
  m.read("density_correction", out.density_correction);
  m.read("activity_outside_body", out.activity_outside_body);
  m.read("rbe_alpha", out.rbe_alpha, Range::Positive);
  for (const auto& [tissue, value] : m.members("rbe_alpha_by_tissue").items())
    out.rbe_alpha_by_tissue[tissue] = m.checked("rbe_alpha_by_tissue." + tissue, value, Range::Positive);
  m.read("eud_alpha_per_Gy", out.eud_alpha_per_Gy, Range::Positive);
  m.read("bed_kinetics", out.bed_kinetics);
  m.read("registration", out.registration);
  m.read("reference_time_point", out.reference_time_point);
  m.read("convolution", out.convolution);
  if (m.has("single_time_point")) {
    const Object stp = m.object("single_time_point");
    SingleTimePointMethodRecord r;
    stp.read("method", r.method);
    stp.read("assumptions", r.assumptions);
    stp.read("default_effective_half_life_h", r.default_effective_half_life_h, Range::Positive);
    for (const auto& [name, value] : stp.members("effective_half_life_h").items())
      r.effective_half_life_h[name] = stp.checked("effective_half_life_h." + name, value, Range::Positive);
    stp.read("from_summary", r.from_summary);
    out.single_time_point = std::move(r);
  }
  if (m.has("partial_volume")) {
    const Object p = m.object("partial_volume");
    PartialVolumeMethodRecord record;
    p.read("method", record.method);
    for (const auto& fwhm : p.array("resolution_fwhm_mm"))
      record.resolution_fwhm_mm.push_back(p.checked("resolution_fwhm_mm", fwhm, Range::Positive));
    p.read("description", record.description);
    out.partial_volume = std::move(record);
  }
  if (m.has("monte_carlo")) {
    const Object mc = m.object("monte_carlo");
    MonteCarloMethodRecord r;
    mc.read("materials", r.materials);
    mc.read("seed", r.seed);
    if (mc.has("decays")) {
      std::size_t decays = 0;
      mc.read("decays", decays);
      r.decays = decays;
    }
    mc.read("target_uncertainty", r.target_uncertainty, Range::Positive);
    mc.read("min_voi_ml", r.min_voi_ml, Range::NonNegative);
    mc.read("decays_simulated", r.decays_simulated);
    mc.read("seconds", r.seconds, Range::NonNegative);
    if (mc.has("energy_per_decay_MeV")) {
      const Object e = mc.object("energy_per_decay_MeV");
      e.read("emitted", r.emitted_per_decay_MeV, Range::NonNegative);
      e.read("deposited", r.deposited_per_decay_MeV, Range::NonNegative);
      e.read("escaped", r.escaped_per_decay_MeV, Range::NonNegative);
    }
    out.monte_carlo = std::move(r);
  }
  return out;
}

/// name → count objects (voxel_fits.by_status, by_model).
std::map<std::string, std::size_t> counts(const Object& o, const char* key) {
  std::map<std::string, std::size_t> out;
  for (const auto& [name, value] : o.members(key).items()) {
    if (!value.is_number_unsigned()) throw InvalidInput(o.message(std::string(key) + "." + name, value, "a count ≥ 0"));
    out[name] = value.get<std::size_t>();
  }
  return out;
}

}  // namespace

RunSummary parse_run_summary(std::string_view text, std::string_view source) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception& error) {  // parse_error, or out_of_range for a number beyond a double (1e400)
    throw InvalidInput(std::string(source) + " is not valid JSON: " + error.what());
  }
  const std::string where(source);
  if (!root.is_object())
    throw InvalidInput(where + " must be a JSON object with schema_version, nuclide, administered_activity_Bq, vois");
  const Object r(root, where);
  RunSummary summary;
  check_schema_version(r, summary);
  if (!r.has("nuclide") || !r.at("nuclide").is_string() || r.at("nuclide").get<std::string>().empty())
    throw InvalidInput(where + " has no \"nuclide\" (e.g. \"Lu-177\"): the summary must name the run's nuclide");
  r.read("nuclide", summary.nuclide);
  summary.administered_activity_Bq = r.number("administered_activity_Bq", Range::Positive);
  if (!r.has("vois") || !r.at("vois").is_array() || r.at("vois").empty())
    throw InvalidInput(where +
                       " needs \"vois\": a non-empty array of {name, mean_dose_Gy, effective_half_life_h, ...}");
  const auto& vois = r.at("vois");
  for (std::size_t n = 0; n < vois.size(); ++n) {
    auto voi = read_voi(vois[n], where + " vois[" + std::to_string(n) + "]");
    for (const auto& other : summary.vois)
      if (other.name == voi.name)
        throw InvalidInput(where + " vois[" + std::to_string(n) + "] (" + voi.name + "): VOI names must be unique");
    summary.vois.push_back(std::move(voi));
  }

  r.read("rptdose_version", summary.rptdose_version);
  r.read("fft_library", summary.fft_library);
  r.read("study_file", summary.study_file);
  r.read("half_life_h", summary.half_life_h, Range::Positive);
  const auto& chain = r.array("chain");
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const Object m(chain[i], where + " chain[" + std::to_string(i) + "]");
    ChainMemberRecord member;
    m.read("name", member.name);
    member.decays_per_parent_decay = m.number("decays_per_parent_decay", Range::NonNegative);
    summary.chain.push_back(std::move(member));
  }
  if (r.has("inputs")) summary.inputs = read_inputs(r.object("inputs"));
  if (r.has("methods")) summary.methods = read_methods(r.object("methods"));
  if (r.has("voxel_fits")) {
    const Object f = r.object("voxel_fits");
    f.read("voxels", summary.voxel_fits.voxels);
    summary.voxel_fits.by_status = counts(f, "by_status");
    summary.voxel_fits.by_model = counts(f, "by_model");
    f.read("negative_samples", summary.voxel_fits.negative_samples);
    f.read("negative_integrals", summary.voxel_fits.negative_integrals);
  }
  if (r.has("totals")) {
    const Object t = r.object("totals");
    t.read("tia_Bq_s", summary.totals.tia_Bq_s);
    t.read("tia_over_administered_h", summary.totals.tia_over_administered_h);
    t.read("negative_tia_voxels", summary.totals.negative_tia_voxels);
    t.read("density_clamped_voxels", summary.totals.density_clamped_voxels);
  }
  r.read("plots", summary.plots);
  r.read("warnings", summary.warnings);
  // The file's object has its keys sorted: the stages come back in that order, not in run order.
  for (const auto& [stage, seconds] : r.members("timing_s").items())
    summary.timing_s.emplace_back(stage, r.checked("timing_s." + stage, seconds, Range::NonNegative));
  return summary;
}

RunSummary read_run_summary(const std::filesystem::path& path) {
  std::error_code ec;
  const auto file = std::filesystem::is_directory(path, ec) ? path / "summary.json" : path;
  std::ifstream in(file);
  if (!in) throw IoError("cannot read the summary " + file.string() + ": check the path");
  std::stringstream text;
  text << in.rdbuf();
  return parse_run_summary(text.str(), file.string());
}

const VoiRecord* find_voi(const RunSummary& summary, std::string_view name) {
  for (const auto& v : summary.vois)
    if (v.name == name) return &v;
  const std::string wanted = radiobiology::normalized_name(name);
  for (const auto& v : summary.vois)
    if (radiobiology::normalized_name(v.name) == wanted) return &v;
  return nullptr;
}

const VoiRecord& require_voi(const RunSummary& summary, std::string_view name, std::string_view option) {
  if (const VoiRecord* voi = find_voi(summary, name)) return *voi;
  std::string names;
  for (const auto& v : summary.vois) names += (names.empty() ? "" : ", ") + v.name;
  throw InvalidInput(std::string(option) + " '" + std::string(name) + "' is not a VOI of the summary (VOIs: " + names +
                     "): give one of these names");
}

}  // namespace rptdose::results
