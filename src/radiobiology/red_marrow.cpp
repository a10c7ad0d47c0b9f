#include "rptdose/radiobiology/red_marrow.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/chain.hpp"
#include "validation.hpp"

namespace rptdose::radiobiology {

namespace {

void require_non_negative(double value, const std::string& what, const char* unit) {
  if (std::isfinite(value) && value >= 0.0) return;
  throw InvalidInput(what + " is " + format_number(value) + " " + unit + ": give a finite value ≥ 0");
}

std::string trim(std::string text) {
  const auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!text.empty() && space(text.back())) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && space(text[start])) ++start;
  text = text.substr(start);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
  return text;
}

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  std::string field;
  while (std::getline(stream, field, ',')) fields.push_back(trim(field));
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

/// Concentration columns accepted and their factor to Bq/mL.
struct ConcentrationUnit {
  const char* column;
  double to_Bq_per_ml;
};
constexpr ConcentrationUnit kConcentrationUnits[] = {{"bq_per_ml", 1.0}, {"kbq_per_ml", 1e3}, {"mbq_per_ml", 1e6}};

}  // namespace

BloodSamples parse_blood_samples_csv(std::string_view text, std::string_view source_view) {
  const std::string source(source_view);
  const std::string convention =
      "the header must name a column time_h (hours after injection) and one of Bq_per_mL, kBq_per_mL, MBq_per_mL "
      "(whole-blood activity concentration), e.g. 'time_h,kBq_per_mL'";
  std::stringstream stream{std::string(text)};
  std::string line;
  std::vector<std::string> header;
  std::size_t line_number = 0, time_column = 0, concentration_column = 0;
  double to_Bq_per_ml = 1.0;
  BloodSamples samples;
  while (std::getline(stream, line)) {
    ++line_number;
    if (line_number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line = line.substr(3);  // UTF-8 BOM (spreadsheets)
    const std::string trimmed = trim(line);
    if (trimmed.empty() || trimmed[0] == '#') continue;
    const auto fields = split_csv(trimmed);
    const std::string at = source + " line " + std::to_string(line_number);
    if (header.empty()) {
      header = fields;
      std::optional<std::size_t> time, concentration;
      std::string found;
      for (std::size_t c = 0; c < fields.size(); ++c) {
        found += (found.empty() ? "" : ", ") + fields[c];
        const std::string name = lower(fields[c]);
        if (name == "time_h") {
          if (time) throw InvalidInput(at + ": two time_h columns: keep one");
          time = c;
        }
        for (const auto& unit : kConcentrationUnits) {
          if (name != unit.column) continue;
          if (concentration)
            throw InvalidInput(at + ": two concentration columns (" + header[*concentration] + ", " + fields[c] +
                               "): keep one");
          concentration = c;
          to_Bq_per_ml = unit.to_Bq_per_ml;
        }
      }
      if (!time || !concentration)
        throw InvalidInput(at + ": no " + std::string(time ? "concentration" : "time_h") + " column (found: " + found +
                           "): " + convention);
      time_column = *time;
      concentration_column = *concentration;
      continue;
    }
    if (fields.size() != header.size())
      throw InvalidInput(at + ": " + std::to_string(fields.size()) + " fields but the header has " +
                         std::to_string(header.size()) + ": give one value per column");
    const auto value = [&](std::size_t column) {
      const std::string& field = fields[column];
      std::size_t used = 0;
      double x = std::numeric_limits<double>::quiet_NaN();
      try {
        x = std::stod(field, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != field.size() || !std::isfinite(x))
        throw InvalidInput(at + ": " + header[column] + " '" + field + "' is not a finite number");
      return x;
    };
    const double time_h = value(time_column);
    const double concentration = value(concentration_column);
    if (time_h < 0.0)
      throw InvalidInput(at + ": time_h " + format_number(time_h) +
                         " is before the injection: give hours after injection (≥ 0)");
    if (!samples.times_s.empty()) {
      const double previous_h = samples.times_s.back() / units::kSecondsPerHour;
      if (!(time_h > previous_h))
        throw InvalidInput(at + ": time_h " + format_number(time_h) +
                           (time_h == previous_h ? " repeats" : " is before") + " the previous sample (" +
                           format_number(previous_h) +
                           " h): sort the samples by time and merge duplicate times (e.g. their mean)");
    }
    if (concentration < 0.0)
      throw InvalidInput(at + ": " + header[concentration_column] + " " + format_number(concentration) +
                         " is negative: an activity concentration is ≥ 0 (background-corrected counts below 0 "
                         "mean 0)");
    samples.times_s.push_back(time_h * units::kSecondsPerHour);
    samples.concentration_Bq_per_ml.push_back(concentration * to_Bq_per_ml);
  }
  if (header.empty()) throw InvalidInput(source + " is empty: " + convention);
  if (samples.times_s.size() < 2)
    throw InvalidInput(source + " has " + std::to_string(samples.times_s.size()) +
                       " sample(s): give at least 2 blood samples (EANM: several, up to days after injection)");
  return samples;
}

BloodSamples read_blood_samples_csv(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw IoError("cannot read the blood samples " + path.string() + ": check the path");
  std::stringstream text;
  text << in.rdbuf();
  return parse_blood_samples_csv(text.str(), path.string());
}

NonPenetratingSValue non_penetrating_self_s_value(std::string_view nuclide, double mass_g,
                                                  const nuclides::DecayDatabase& database) {
  require_positive(mass_g, "source-region mass", "g", "e.g. 1170 g for the ICRP 89 adult male red marrow");
  const auto e = nuclides::expand_chain(nuclide, {}, database).energy_per_parent_decay();
  NonPenetratingSValue out;
  out.energy_per_decay_MeV = e.alpha_MeV + e.alpha_recoil_MeV + e.electron_MeV;
  out.s_value_Gy_per_Bq_s = out.energy_per_decay_MeV * units::kJoulePerMeV / (mass_g * units::kKgPerGram);
  return out;
}

timeactivity::FitResult integrate_blood_curve(std::span<const double> times_s, std::span<const double> concentration,
                                              double lambda_phys_per_s, const timeactivity::FitOptions& options) {
  if (times_s.size() != concentration.size())
    throw InvalidInput("blood curve: " + std::to_string(times_s.size()) + " times but " +
                       std::to_string(concentration.size()) + " concentrations: give one per sample");
  if (times_s.size() < 2) throw InvalidInput("blood curve: give at least 2 blood samples");
  for (std::size_t n = 0; n < times_s.size(); ++n) {
    if (!std::isfinite(times_s[n]) || times_s[n] < 0.0 || (n > 0 && !(times_s[n] > times_s[n - 1])))
      throw InvalidInput("blood sample " + std::to_string(n + 1) + " at " + format_number(times_s[n]) +
                         " s is negative or not after the previous one: sort the sampling times");
    if (!std::isfinite(concentration[n]))
      throw InvalidInput("blood sample " + std::to_string(n + 1) + " has a non-finite concentration: fix it");
  }
  require_non_negative(lambda_phys_per_s, "physical decay constant", "1/s");
  return timeactivity::fit_curve({times_s, concentration, {}}, lambda_phys_per_s, options);
}

RedMarrowDose red_marrow_dose_blood_method(const BloodMethodInput& in) {
  require_non_negative(in.blood_tia_concentration_Bq_s_per_ml, "time-integrated blood concentration", "Bq·s/mL");
  require_positive(in.rmblr, "RMBLR", "", "1 for peptides and small molecules, 0.36 for intact antibodies");
  require_positive(in.red_marrow_mass_g, "red-marrow mass", "g", "ICRP 89: 1170 g male, 900 g female");
  require_positive(in.s_rm_rm_Gy_per_Bq_s, "S(RM←RM)", "Gy/(Bq·s)",
                   "from OLINDA/EXM, IDAC-Dose or MIRD tables for the nuclide");
  require_non_negative(in.remainder_of_body.tia_Bq_s, "remainder-of-body TIA", "Bq·s");
  require_non_negative(in.remainder_of_body.s_value_Gy_per_Bq_s, "S(RM←RB)", "Gy/(Bq·s)");
  RedMarrowDose out;
  // Ã_RM = [Ã_blood] (Bq·s/mL) · RMBLR (mL/g) · m_RM (g).
  out.red_marrow_tia_Bq_s = in.blood_tia_concentration_Bq_s_per_ml * in.rmblr * in.red_marrow_mass_g;
  out.self_dose_Gy = out.red_marrow_tia_Bq_s * in.s_rm_rm_Gy_per_Bq_s;
  out.remainder_cross_dose_Gy = in.remainder_of_body.tia_Bq_s * in.remainder_of_body.s_value_Gy_per_Bq_s;
  for (std::size_t n = 0; n < in.organs.size(); ++n) {
    const std::string what = "source organ " + std::to_string(n + 1);
    require_non_negative(in.organs[n].tia_Bq_s, what + " TIA", "Bq·s");
    require_non_negative(in.organs[n].s_value_Gy_per_Bq_s, what + " S value", "Gy/(Bq·s)");
    out.organ_cross_dose_Gy += in.organs[n].tia_Bq_s * in.organs[n].s_value_Gy_per_Bq_s;
  }
  out.total_Gy = out.self_dose_Gy + out.remainder_cross_dose_Gy + out.organ_cross_dose_Gy;
  return out;
}

double remainder_of_body_s_value(double s_rm_tb, double m_tb_g, double s_rm_rm, double m_rm_g) {
  require_positive(s_rm_tb, "S(RM←TB)", "Gy/(Bq·s)", "the total-body S value of the phantom");
  require_positive(m_tb_g, "total-body mass", "g", "e.g. 73000 g for the ICRP 89 adult male");
  require_positive(s_rm_rm, "S(RM←RM)", "Gy/(Bq·s)", "the red-marrow self S value of the phantom");
  require_positive(m_rm_g, "red-marrow mass", "g", "ICRP 89: 1170 g male, 900 g female");
  if (!(m_rm_g < m_tb_g))
    throw InvalidInput("red-marrow mass " + format_number(m_rm_g) + " g is not below the total-body mass " +
                       format_number(m_tb_g) + " g: check the units (both in g)");
  const double m_rb = m_tb_g - m_rm_g;
  return s_rm_tb * m_tb_g / m_rb - s_rm_rm * m_rm_g / m_rb;
}

double scaled_red_marrow_mass_g(double reference_mass_g, double patient_kg, double reference_kg) {
  require_positive(reference_mass_g, "reference red-marrow mass", "g", "ICRP 89: 1170 g male, 900 g female");
  require_positive(patient_kg, "patient body mass", "kg", "the patient's weight");
  require_positive(reference_kg, "reference body mass", "kg", "ICRP 89: 73 kg male, 60 kg female");
  return reference_mass_g * patient_kg / reference_kg;
}

double scaled_self_s_value(double s_reference, double reference_mass_g, double patient_mass_g) {
  require_positive(s_reference, "reference S value", "Gy/(Bq·s)", "the phantom's self S value");
  require_positive(reference_mass_g, "reference mass", "g", "the phantom's organ mass");
  require_positive(patient_mass_g, "patient mass", "g", "the patient's organ mass");
  return s_reference * reference_mass_g / patient_mass_g;
}

RedMarrowComparison compare_red_marrow_methods(double vertebra_mean_dose_Gy, double blood_based_Gy, double scale) {
  require_dose(vertebra_mean_dose_Gy, "vertebra VOI mean dose");
  require_dose(blood_based_Gy, "blood-based red-marrow dose");
  require_positive(scale, "image-based scale factor", "", "1: the VOI dose is the marrow dose");
  RedMarrowComparison out;
  out.image_based_Gy = vertebra_mean_dose_Gy * scale;
  out.blood_based_Gy = blood_based_Gy;
  out.ratio_image_to_blood =
      blood_based_Gy > 0.0 ? out.image_based_Gy / blood_based_Gy : std::numeric_limits<double>::infinity();
  return out;
}

}  // namespace rptdose::radiobiology

namespace rptdose::radiobiology {
namespace {

constexpr double kGramsPerKg = 1000.0;

std::string format_g(double value) {
  std::ostringstream out;
  out << value;  // as printf %g: 6 significant digits
  return out.str();
}

}  // namespace

RedMarrowReport red_marrow_report(const RedMarrowRequest& request, const nuclides::DecayDatabase& database) {
  RedMarrowReport report;
  report.nuclide = request.nuclide;
  report.rmblr = request.rmblr;
  report.organs = request.organs;
  report.administered_activity_Bq = request.administered_activity_Bq;
  const double lambda_per_s = database.get(request.nuclide).decay_constant_per_s();

  // The blood curve: [Ã_blood] in Bq·s/mL.
  BloodSamples samples = request.blood;
  report.blood_samples = samples.times_s.size();
  report.blood_decay_corrected = request.blood_decay_corrected;
  if (request.blood_decay_corrected)  // back to the activity present at sampling: the integral includes decay
    for (std::size_t n = 0; n < samples.times_s.size(); ++n)
      samples.concentration_Bq_per_ml[n] *= std::exp(-lambda_per_s * samples.times_s[n]);
  timeactivity::FitOptions fit_options;
  // Blood peaks at injection (intravenous): the trapezoid's head is the first sample's value, not a rise from 0.
  fit_options.trapezoid.head = timeactivity::TrapezoidOptions::Head::FirstValue;
  fit_options.model = request.blood_model;
  report.blood = integrate_blood_curve(samples.times_s, samples.concentration_Bq_per_ml, lambda_per_s, fit_options);

  // Masses: the patient's red marrow and the phantom's the S values refer to.
  const bool male = request.sex == ReferenceSex::Male;
  const std::string sex = male ? "male" : "female";
  const double reference_marrow_g = male ? kRedMarrowMassAdultMale_g : kRedMarrowMassAdultFemale_g;
  const double reference_body_kg = male ? kReferenceBodyMassAdultMale_kg : kReferenceBodyMassAdultFemale_kg;
  report.phantom_red_marrow_mass_g = request.phantom_red_marrow_mass_g.value_or(reference_marrow_g);
  report.red_marrow_mass_source = "ICRP 89 reference adult " + sex;
  report.red_marrow_mass_g = reference_marrow_g;
  if (request.red_marrow_mass_g) {
    report.red_marrow_mass_g = *request.red_marrow_mass_g;
    report.red_marrow_mass_source = "--red-marrow-mass-g";
  } else if (request.body_mass_kg) {
    report.red_marrow_mass_g = scaled_red_marrow_mass_g(reference_marrow_g, *request.body_mass_kg, reference_body_kg);
    report.red_marrow_mass_source = "ICRP 89 " + sex + " scaled by body mass " + format_g(*request.body_mass_kg) +
                                    " kg / " + format_g(reference_body_kg) + " kg";
  }

  // S(RM←RM): the phantom's (given or non-penetrating) and the patient's (∝ 1/m).
  if (!request.s_rm_rm_phantom_Gy_per_Bq_s) {
    const auto np = non_penetrating_self_s_value(request.nuclide, report.phantom_red_marrow_mass_g, database);
    report.non_penetrating_energy_per_decay_MeV = np.energy_per_decay_MeV;
    report.s_rm_rm_phantom_Gy_per_Bq_s = np.s_value_Gy_per_Bq_s;
    report.s_rm_rm_patient_Gy_per_Bq_s =
        non_penetrating_self_s_value(request.nuclide, report.red_marrow_mass_g, database).s_value_Gy_per_Bq_s;
  } else {
    report.s_rm_rm_phantom_Gy_per_Bq_s = *request.s_rm_rm_phantom_Gy_per_Bq_s;
    report.s_rm_rm_patient_Gy_per_Bq_s = scaled_self_s_value(
        report.s_rm_rm_phantom_Gy_per_Bq_s, report.phantom_red_marrow_mass_g, report.red_marrow_mass_g);
  }

  // Remainder of body: S(RM←RB) (given, or from S(RM←TB)) and Ã_RB.
  report.s_rm_rb_Gy_per_Bq_s = request.s_rm_rb_Gy_per_Bq_s;
  if (request.s_rm_tb_Gy_per_Bq_s) {
    report.s_rm_tb_Gy_per_Bq_s = request.s_rm_tb_Gy_per_Bq_s;
    report.phantom_total_body_mass_kg = request.phantom_total_body_mass_kg.value_or(reference_body_kg);
    report.s_rm_rb_Gy_per_Bq_s =
        remainder_of_body_s_value(*request.s_rm_tb_Gy_per_Bq_s, *report.phantom_total_body_mass_kg * kGramsPerKg,
                                  report.s_rm_rm_phantom_Gy_per_Bq_s, report.phantom_red_marrow_mass_g);
  }
  BloodMethodInput input;
  input.blood_tia_concentration_Bq_s_per_ml = report.blood.integral;
  input.rmblr = request.rmblr;
  input.red_marrow_mass_g = report.red_marrow_mass_g;
  input.s_rm_rm_Gy_per_Bq_s = report.s_rm_rm_patient_Gy_per_Bq_s;
  if (report.s_rm_rb_Gy_per_Bq_s) {
    if (!request.remainder_tia_Bq_s)
      throw InvalidInput(
          "S(RM<-RB) is given but not the remainder's TIA: give --remainder-tia-MBq-h, or --summary of a run with a "
          "remainder VOI (--remainder-voi NAME)");
    report.remainder_tia_Bq_s = request.remainder_tia_Bq_s;
    report.remainder_tia_source = request.remainder_tia_source;
    input.remainder_of_body = {*report.remainder_tia_Bq_s, *report.s_rm_rb_Gy_per_Bq_s};
  }
  for (const auto& organ : request.organs) input.organs.push_back(organ.source);
  report.dose = red_marrow_dose_blood_method(input);

  report.image_voi = request.image_voi;
  report.image_scale = request.image_scale;
  if (request.image_voi_mean_dose_Gy) {
    report.image_voi_mean_dose_Gy = *request.image_voi_mean_dose_Gy;
    report.comparison =
        compare_red_marrow_methods(*request.image_voi_mean_dose_Gy, report.dose.total_Gy, request.image_scale);
  }
  return report;
}

}  // namespace rptdose::radiobiology
