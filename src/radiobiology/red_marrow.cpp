#include "rptdose/radiobiology/red_marrow.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "rptdose/core/error.hpp"
#include "validation.hpp"

namespace rptdose::radiobiology {

namespace {

void require_non_negative(double value, const std::string& what, const char* unit) {
  if (std::isfinite(value) && value >= 0.0) return;
  throw InvalidInput(what + " is " + format_number(value) + " " + unit + ": give a finite value ≥ 0");
}

}  // namespace

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
