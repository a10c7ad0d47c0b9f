// The summary side of the red-marrow dose (rptdose/results/red_marrow.hpp).
#include "rptdose/results/red_marrow.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"

namespace rptdose::results {

const VoiRecord* marrow_voi(const RunSummary& summary, std::optional<std::string_view> name, std::string_view option) {
  if (name) return &require_voi(summary, *name, option);
  const auto tissues = radiobiology::TissueTable::load_default();
  std::vector<const VoiRecord*> found;
  for (const auto& v : summary.vois) {
    const auto* tissue = tissues.match_voi(v.name);
    if (tissue && tissue->tissue == "red_marrow") found.push_back(&v);
  }
  if (found.size() > 1) {
    std::string names;
    for (const auto* v : found) names += (names.empty() ? "" : ", ") + v->name;
    throw InvalidInput("several marrow VOIs in the summary (" + names + "): choose one with " + std::string(option));
  }
  return found.empty() ? nullptr : found.front();
}

const VoiRecord* remainder_voi(const RunSummary& summary, std::optional<std::string_view> name,
                               std::string_view option) {
  if (name) return &require_voi(summary, *name, option);
  for (const char* candidate : {"remainder_of_body", "remainder", "rest_of_body", "body_remainder"})
    if (const auto* v = find_voi(summary, candidate)) return v;
  return nullptr;
}

double voi_tia_Bq_s(const VoiRecord& voi, const std::string& why) {
  if (!voi.tia_Bq_s)
    throw InvalidInput("VOI " + voi.name + " of the summary has no tia_Bq_s (needed for " + why +
                       "): use the summary.json of an rptdose run");
  return *voi.tia_Bq_s;
}

radiobiology::RedMarrowReport red_marrow_report(const RunSummary& summary, radiobiology::RedMarrowRequest request,
                                                const RedMarrowVoiSelection& selection,
                                                const nuclides::DecayDatabase& database) {
  if (!summary.nuclide.empty()) {
    const std::string from_summary = database.get(summary.nuclide).name();
    if (!request.nuclide.empty() && request.nuclide != from_summary)
      throw InvalidInput("--nuclide " + request.nuclide + " but the summary is of " + from_summary +
                         ": give the nuclide of the run, or leave --nuclide out");
    request.nuclide = from_summary;
  }
  const bool has_s_rm_rb = request.s_rm_rb_Gy_per_Bq_s || request.s_rm_tb_Gy_per_Bq_s;
  const VoiRecord* remainder = nullptr;
  if (has_s_rm_rb && !request.remainder_tia_Bq_s) {
    remainder = remainder_voi(summary, selection.remainder_voi, "--remainder-voi");
    if (remainder) {
      request.remainder_tia_Bq_s = voi_tia_Bq_s(*remainder, "the remainder-of-body cross-dose");
      request.remainder_tia_source = "summary VOI " + remainder->name;
    }
  }
  const VoiRecord* marrow = marrow_voi(summary, selection.marrow_voi, "--marrow-voi");
  for (const auto& [name, s_Gy_per_Bq_s] : selection.organ_s_values_Gy_per_Bq_s) {
    const auto& voi = require_voi(summary, name, "--s-rm-organ-mGy-per-MBq-s");
    if (&voi == marrow)
      throw InvalidInput(voi.name +
                         " is the marrow VOI: its activity is the red marrow's own (in the blood-based "
                         "self dose); drop it from --s-rm-organ-mGy-per-MBq-s");
    if (&voi == remainder)
      throw InvalidInput(voi.name + " is already the remainder of body: drop it from --s-rm-organ-mGy-per-MBq-s");
    for (const auto& other : request.organs)
      if (other.name == voi.name) throw InvalidInput("--s-rm-organ-mGy-per-MBq-s names " + voi.name + " twice");
    request.organs.push_back({voi.name, {voi_tia_Bq_s(voi, "its cross-dose to the marrow"), s_Gy_per_Bq_s}});
  }
  if (marrow) {
    request.image_voi = marrow->name;
    request.image_voi_mean_dose_Gy = marrow->mean_dose_Gy;
  }
  request.administered_activity_Bq = summary.administered_activity_Bq;
  return radiobiology::red_marrow_report(request, database);
}

std::string red_marrow_to_json(const radiobiology::RedMarrowReport& report, int indent) {
  using nlohmann::json;
  constexpr double kGyPerBqS_per_mGyPerMBqS = units::kGyPerBqSecondPerMilliGyPerMBqSecond;
  const auto optional_json = [](const std::optional<double>& value) { return value ? json(*value) : json(nullptr); };
  const auto& blood = report.blood;
  const auto& dose = report.dose;
  json out;
  out["nuclide"] = report.nuclide;
  out["blood"] = {{"samples", report.blood_samples},
                  {"decay_corrected_input", report.blood_decay_corrected},
                  {"model", std::string(timeactivity::model_name(blood.model))},
                  {"fit_status", std::string(timeactivity::status_name(blood.status))},
                  {"r_squared", blood.r_squared},
                  {"tia_concentration_Bq_s_per_mL", blood.integral},
                  {"tia_concentration_MBq_h_per_mL", blood.integral / units::kBqSecondsPerMBqHour}};
  out["rmblr"] = report.rmblr;
  out["red_marrow_mass_g"] = report.red_marrow_mass_g;
  out["red_marrow_mass_source"] = report.red_marrow_mass_source;
  out["phantom_red_marrow_mass_g"] = report.phantom_red_marrow_mass_g;
  out["s_rm_rm"] = {
      {"source", report.non_penetrating_energy_per_decay_MeV ? "non-penetrating approximation (absorbed fraction 1)"
                                                             : "--s-rm-rm-mGy-per-MBq-s"},
      {"non_penetrating_energy_per_decay_MeV", optional_json(report.non_penetrating_energy_per_decay_MeV)},
      {"phantom_Gy_per_Bq_s", report.s_rm_rm_phantom_Gy_per_Bq_s},
      {"phantom_mGy_per_MBq_s", report.s_rm_rm_phantom_Gy_per_Bq_s / kGyPerBqS_per_mGyPerMBqS},
      {"patient_Gy_per_Bq_s", report.s_rm_rm_patient_Gy_per_Bq_s},
      {"patient_mGy_per_MBq_s", report.s_rm_rm_patient_Gy_per_Bq_s / kGyPerBqS_per_mGyPerMBqS}};
  out["red_marrow_tia_Bq_s"] = dose.red_marrow_tia_Bq_s;
  out["red_marrow_tia_MBq_h"] = dose.red_marrow_tia_Bq_s / units::kBqSecondsPerMBqHour;
  out["self_dose_Gy"] = dose.self_dose_Gy;
  if (report.s_rm_rb_Gy_per_Bq_s && report.remainder_tia_Bq_s)
    out["remainder"] = {
        {"tia_Bq_s", *report.remainder_tia_Bq_s},
        {"tia_MBq_h", *report.remainder_tia_Bq_s / units::kBqSecondsPerMBqHour},
        {"tia_source", report.remainder_tia_source},
        {"s_rm_rb_Gy_per_Bq_s", *report.s_rm_rb_Gy_per_Bq_s},
        {"s_rm_rb_mGy_per_MBq_s", *report.s_rm_rb_Gy_per_Bq_s / kGyPerBqS_per_mGyPerMBqS},
        {"s_rm_tb_mGy_per_MBq_s",
         report.s_rm_tb_Gy_per_Bq_s ? json(*report.s_rm_tb_Gy_per_Bq_s / kGyPerBqS_per_mGyPerMBqS) : json(nullptr)},
        {"phantom_total_body_mass_kg", optional_json(report.phantom_total_body_mass_kg)},
        {"dose_Gy", dose.remainder_cross_dose_Gy}};
  else
    out["remainder"] = nullptr;
  out["remainder_cross_dose_Gy"] = dose.remainder_cross_dose_Gy;
  out["organs"] = json::array();
  for (const auto& organ : report.organs) {
    const auto& o = organ.source;
    out["organs"].push_back({{"voi", organ.name},
                             {"tia_Bq_s", o.tia_Bq_s},
                             {"s_rm_organ_Gy_per_Bq_s", o.s_value_Gy_per_Bq_s},
                             {"s_rm_organ_mGy_per_MBq_s", o.s_value_Gy_per_Bq_s / kGyPerBqS_per_mGyPerMBqS},
                             {"dose_Gy", o.tia_Bq_s * o.s_value_Gy_per_Bq_s}});
  }
  out["organ_cross_dose_Gy"] = dose.organ_cross_dose_Gy;
  out["blood_based_dose_Gy"] = dose.total_Gy;
  out["administered_activity_Bq"] = optional_json(report.administered_activity_Bq);
  out["blood_based_dose_Gy_per_GBq"] = report.administered_activity_Bq
                                           ? json(dose.total_Gy / *report.administered_activity_Bq * units::kBqPerGBq)
                                           : json(nullptr);
  if (report.comparison) {
    const double ratio = report.comparison->ratio_image_to_blood;
    out["image_based"] = {{"voi", report.image_voi},
                          {"voi_mean_dose_Gy", report.image_voi_mean_dose_Gy},
                          {"scale", report.image_scale},
                          {"dose_Gy", report.comparison->image_based_Gy},
                          {"ratio_image_to_blood", std::isfinite(ratio) ? json(ratio) : json(nullptr)}};
  } else {
    out["image_based"] = nullptr;
  }
  return out.dump(indent);
}

namespace {

std::string format_number(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

std::string g4(double value) {
  return format_number("%.4g", value);
}

}  // namespace

std::string red_marrow_to_text(const radiobiology::RedMarrowReport& report, bool from_summary) {
  constexpr double kGyPerBqS_per_mGyPerMBqS = units::kGyPerBqSecondPerMilliGyPerMBqSecond;
  constexpr double kMBqH = units::kBqSecondsPerMBqHour;
  const auto& blood = report.blood;
  const auto& dose = report.dose;
  std::ostringstream out;
  out << "red-marrow dose, " << report.nuclide << "\n"
      << "blood-based (EANM, Hindorf et al. 2010): " << g4(dose.total_Gy) << " Gy";
  if (report.administered_activity_Bq)
    out << " (" << g4(dose.total_Gy / *report.administered_activity_Bq * units::kBqPerGBq) << " Gy/GBq)";
  out << "\n  blood: " << report.blood_samples << " samples"
      << (report.blood_decay_corrected ? " (decay-corrected input, decay restored)" : "") << ", "
      << timeactivity::model_name(blood.model) << " (" << timeactivity::status_name(blood.status) << ", R2 "
      << format_number("%.4f", blood.r_squared) << "), [A_blood] " << g4(blood.integral / kMBqH) << " MBq h/mL\n"
      << "  red marrow: " << format_number("%.4g", report.red_marrow_mass_g) << " g (" << report.red_marrow_mass_source
      << "), RMBLR " << format_number("%g", report.rmblr) << ", A_RM " << g4(dose.red_marrow_tia_Bq_s / kMBqH)
      << " MBq h\n"
      << "  S(RM<-RM) " << g4(report.s_rm_rm_patient_Gy_per_Bq_s / kGyPerBqS_per_mGyPerMBqS) << " mGy/(MBq s)";
  if (report.non_penetrating_energy_per_decay_MeV)
    out << " (non-penetrating approximation: " << format_number("%.5g", *report.non_penetrating_energy_per_decay_MeV)
        << " MeV/decay absorbed in the marrow, photons and escape to bone neglected)";
  else if (report.red_marrow_mass_g != report.phantom_red_marrow_mass_g)
    out << " (phantom " << g4(report.s_rm_rm_phantom_Gy_per_Bq_s / kGyPerBqS_per_mGyPerMBqS) << " at "
        << format_number("%g", report.phantom_red_marrow_mass_g) << " g, scaled by mass)";
  out << "\n  self dose                " << g4(dose.self_dose_Gy) << " Gy\n";
  if (report.s_rm_rb_Gy_per_Bq_s && report.remainder_tia_Bq_s)
    out << "  remainder of body        " << g4(dose.remainder_cross_dose_Gy) << " Gy (A_RB "
        << g4(*report.remainder_tia_Bq_s / kMBqH) << " MBq h from " << report.remainder_tia_source << ", S(RM<-RB) "
        << g4(*report.s_rm_rb_Gy_per_Bq_s / kGyPerBqS_per_mGyPerMBqS) << " mGy/(MBq s))\n";
  for (const auto& organ : report.organs) {
    const auto& o = organ.source;
    std::string label = "  " + organ.name;
    if (label.size() < 27) label.resize(27, ' ');
    out << label << g4(o.tia_Bq_s * o.s_value_Gy_per_Bq_s) << " Gy (A " << g4(o.tia_Bq_s / kMBqH) << " MBq h, S "
        << g4(o.s_value_Gy_per_Bq_s / kGyPerBqS_per_mGyPerMBqS) << " mGy/(MBq s))\n";
  }
  if (report.comparison) {
    const double ratio = report.comparison->ratio_image_to_blood;
    out << "image-based (" << report.image_voi << " mean dose"
        << (report.image_scale != 1.0 ? " x " + format_number("%g", report.image_scale) : std::string())
        << "): " << g4(report.comparison->image_based_Gy) << " Gy\n"
        << "ratio image/blood: " << (std::isfinite(ratio) ? g4(ratio) : std::string("inf")) << "\n";
  } else if (from_summary) {
    out << "image-based: no marrow VOI in the summary (name one with --marrow-voi)\n";
  }
  return out.str();
}

}  // namespace rptdose::results
