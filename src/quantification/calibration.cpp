#include "rptdose/quantification/calibration.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

#include "core/strict_json.hpp"
#include "rptdose/core/atomic_file.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::quantification {
namespace {

using detail::json;
using detail::number;
using detail::positive;
using detail::require_known_keys;
using detail::required;
using detail::text;

constexpr const char* kCurveForm = "a / (1 + (b_mL / V_mL)^c)";
constexpr const char* kOutsideRange =
    "below volume_min_mL: RC(volume_min_mL); above volume_max_mL: the surface law "
    "1 - RC(V) = (1 - RC(volume_max_mL)) * (volume_max_mL / V)^(1/3), rising towards 1";

std::string schema_version() {
  return std::to_string(kCalibrationSchemaMajor) + "." + std::to_string(kCalibrationSchemaMinor);
}

double non_negative(const json& value, const std::string& key, const std::string& where) {
  const double v = number(value, key, where);
  if (v < 0) throw InvalidInput("'" + key + "' in " + where + " must be ≥ 0, got " + value.dump());
  return v;
}

void check_schema_version(const json& root, const std::string& where) {
  const std::string found = text(required(root, "schema_version", where), "schema_version", where);
  int major = -1;
  const auto dot = found.find('.');
  if (dot != std::string::npos && dot > 0) {
    const auto [end, error] = std::from_chars(found.data(), found.data() + dot, major);
    if (error != std::errc() || end != found.data() + dot) major = -1;
  }
  if (major != kCalibrationSchemaMajor)
    throw InvalidInput(where + " has schema_version \"" + found + "\", but this rptdose reads calibration schema " +
                       std::to_string(kCalibrationSchemaMajor) + ".x (it writes " + schema_version() +
                       "): make the calibration again with this rptdose (rptdose calibrate)");
}

Sensitivity read_sensitivity(const json& s, const std::string& where) {
  if (!s.is_object()) throw InvalidInput(where + " must be an object {cps_per_MBq, u_cps_per_MBq, ...}");
  require_known_keys(
      s, {"cps_per_MBq", "u_cps_per_MBq", "counts", "acquisition_duration_s", "activity_at_acquisition_MBq", "voi"},
      where);
  Sensitivity out;
  out.cps_per_MBq = positive(required(s, "cps_per_MBq", where), "cps_per_MBq", where);
  out.u_cps_per_MBq = non_negative(required(s, "u_cps_per_MBq", where), "u_cps_per_MBq", where);
  out.counts = non_negative(required(s, "counts", where), "counts", where);
  out.acquisition_duration_s = positive(required(s, "acquisition_duration_s", where), "acquisition_duration_s", where);
  out.activity_at_acquisition_MBq =
      positive(required(s, "activity_at_acquisition_MBq", where), "activity_at_acquisition_MBq", where);
  out.voi = text(required(s, "voi", where), "voi", where);
  return out;
}

RecoveryPoint read_point(const json& p, const std::string& where) {
  if (!p.is_object()) throw InvalidInput(where + " must be an object {name, volume_mL, recovery, recovery_u}");
  require_known_keys(p, {"name", "volume_mL", "recovery", "recovery_u"}, where);
  RecoveryPoint out;
  out.name = text(required(p, "name", where), "name", where);
  out.volume_mL = positive(required(p, "volume_mL", where), "volume_mL", where);
  out.recovery = positive(required(p, "recovery", where), "recovery", where);
  out.recovery_u = non_negative(required(p, "recovery_u", where), "recovery_u", where);
  return out;
}

RecoveryCurve read_curve(const json& c, const std::string& where) {
  if (!c.is_object()) throw InvalidInput(where + " must be an object {form, a, b_mL, c, covariance, ...}");
  require_known_keys(c, {"form", "a", "b_mL", "c", "covariance", "volume_min_mL", "volume_max_mL", "outside_range"},
                     where);
  if (text(required(c, "form", where), "form", where) != kCurveForm)
    throw InvalidInput("'form' in " + where + " is " + c.at("form").dump() + ": this rptdose knows only \"" +
                       kCurveForm + "\"");
  text(required(c, "outside_range", where), "outside_range", where);  // documentation for readers of the file
  RecoveryCurve out;
  out.a = positive(required(c, "a", where), "a", where);
  out.b_mL = positive(required(c, "b_mL", where), "b_mL", where);
  out.c = positive(required(c, "c", where), "c", where);
  out.volume_min_mL = positive(required(c, "volume_min_mL", where), "volume_min_mL", where);
  out.volume_max_mL = positive(required(c, "volume_max_mL", where), "volume_max_mL", where);
  if (out.volume_max_mL < out.volume_min_mL) throw InvalidInput(where + ": volume_max_mL is below volume_min_mL");
  const json& cov = required(c, "covariance", where);
  constexpr std::size_t k = RecoveryCurve::kParameterCount;
  if (!cov.is_array() || cov.size() != k)
    throw InvalidInput("'covariance' in " + where + " must be a 3×3 array of rows (a, b_mL, c)");
  for (std::size_t r = 0; r < k; ++r) {
    if (!cov[r].is_array() || cov[r].size() != k)
      throw InvalidInput("'covariance' in " + where + " must be a 3×3 array of rows (a, b_mL, c)");
    for (std::size_t q = 0; q < k; ++q) out.covariance[r * k + q] = number(cov[r][q], "covariance", where);
  }
  return out;
}

}  // namespace

void write_calibration(const Calibration& calibration, const std::filesystem::path& path) {
  if (!calibration.sensitivity && !calibration.recovery)
    throw InvalidInput("calibration " + path.string() +
                       " would hold neither a sensitivity nor a recovery curve: give a uniform phantom, a sphere "
                       "phantom or both");
  nlohmann::ordered_json j;
  j["schema_version"] = schema_version();
  j["nuclide"] = calibration.nuclide;
  j["camera"] = calibration.camera;
  j["calibration_time"] = calibration.calibration_time;
  if (const auto& s = calibration.sensitivity)
    j["sensitivity"] = {{"cps_per_MBq", s->cps_per_MBq},
                        {"u_cps_per_MBq", s->u_cps_per_MBq},
                        {"counts", s->counts},
                        {"acquisition_duration_s", s->acquisition_duration_s},
                        {"activity_at_acquisition_MBq", s->activity_at_acquisition_MBq},
                        {"voi", s->voi}};
  if (!calibration.recovery_points.empty() || calibration.recovery) {
    nlohmann::ordered_json recovery;
    recovery["points"] = nlohmann::ordered_json::array();
    for (const auto& p : calibration.recovery_points)
      recovery["points"].push_back(
          {{"name", p.name}, {"volume_mL", p.volume_mL}, {"recovery", p.recovery}, {"recovery_u", p.recovery_u}});
    if (const auto& c = calibration.recovery) {
      constexpr std::size_t k = RecoveryCurve::kParameterCount;
      nlohmann::ordered_json cov = nlohmann::ordered_json::array();
      for (std::size_t r = 0; r < k; ++r) {
        nlohmann::ordered_json row = nlohmann::ordered_json::array();
        for (std::size_t q = 0; q < k; ++q) row.push_back(c->covariance[r * k + q]);
        cov.push_back(row);
      }
      recovery["curve"] = {{"form", kCurveForm},
                           {"a", c->a},
                           {"b_mL", c->b_mL},
                           {"c", c->c},
                           {"covariance", cov},
                           {"volume_min_mL", c->volume_min_mL},
                           {"volume_max_mL", c->volume_max_mL},
                           {"outside_range", kOutsideRange}};
    }
    j["recovery"] = recovery;
  }
  const auto& p = calibration.provenance;
  j["provenance"] = {{"command", p.command},
                     {"inputs", p.inputs},
                     {"rptdose_version", p.rptdose_version},
                     {"created_utc", p.created_utc}};
  write_file_atomically(path, [&](std::ostream& out) { out << j.dump(2) << '\n'; });
}

Calibration parse_calibration(const std::string& json_text, const std::string& source) {
  json j;
  try {
    j = json::parse(json_text, detail::DuplicateKeyCheck{source});
  } catch (const json::exception& e) {
    throw InvalidInput(source + " is not valid JSON: " + e.what());
  }
  if (!j.is_object()) throw InvalidInput(source + " must be a JSON object (a calibration from rptdose calibrate)");
  require_known_keys(
      j, {"schema_version", "nuclide", "camera", "calibration_time", "sensitivity", "recovery", "provenance"}, source);
  check_schema_version(j, source);
  Calibration out;
  out.nuclide = text(required(j, "nuclide", source), "nuclide", source);
  out.camera = text(required(j, "camera", source), "camera", source);
  out.calibration_time = text(required(j, "calibration_time", source), "calibration_time", source);
  if (j.contains("sensitivity")) out.sensitivity = read_sensitivity(j.at("sensitivity"), source + " sensitivity");
  if (j.contains("recovery")) {
    const std::string where = source + " recovery";
    const json& r = j.at("recovery");
    if (!r.is_object()) throw InvalidInput(where + " must be an object {points, curve}");
    require_known_keys(r, {"points", "curve"}, where);
    const json& points = required(r, "points", where);
    if (!points.is_array()) throw InvalidInput("'points' in " + where + " must be an array");
    for (std::size_t n = 0; n < points.size(); ++n)
      out.recovery_points.push_back(read_point(points[n], where + " points[" + std::to_string(n) + "]"));
    if (r.contains("curve")) out.recovery = read_curve(r.at("curve"), where + ".curve");
  }
  if (!out.sensitivity && !out.recovery)
    throw InvalidInput(source + " has neither \"sensitivity\" nor \"recovery\".\"curve\": nothing to calibrate with");
  const std::string where = source + " provenance";
  const json& p = required(j, "provenance", source);
  if (!p.is_object()) throw InvalidInput(where + " must be an object {command, inputs, rptdose_version, created_utc}");
  require_known_keys(p, {"command", "inputs", "rptdose_version", "created_utc"}, where);
  out.provenance.command = text(required(p, "command", where), "command", where);
  out.provenance.rptdose_version = text(required(p, "rptdose_version", where), "rptdose_version", where);
  out.provenance.created_utc = text(required(p, "created_utc", where), "created_utc", where);
  const json& inputs = required(p, "inputs", where);
  if (!inputs.is_object()) throw InvalidInput("'inputs' in " + where + " must be an object of name → text");
  for (const auto& [name, value] : inputs.items()) out.provenance.inputs[name] = text(value, name, where + ".inputs");
  return out;
}

Calibration read_calibration(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in)
    throw IoError("cannot read the calibration file " + path.string() +
                  ": check the path (a study's \"calibration\" is relative to the study file)");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_calibration(buffer.str(), "calibration " + path.string());
}

}  // namespace rptdose::quantification
