#include "rptdose/radiobiology/red_marrow.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/chain.hpp"
#include "rptdose/nuclides/decay_database.hpp"

namespace rptdose::radiobiology {
namespace {

constexpr double kHour = units::kSecondsPerHour;
const double kLambdaLu177 = std::log(2.0) / (6.647 * 24.0 * kHour);

TEST(RedMarrow, BloodCurveIntegralOfASyntheticCurveIsItsAnalyticIntegral) {
  // c(t) = 5 kBq/mL·e^{−λt}, λ = λ_phys + ln2/20 h: ∫c dt = c0/λ. Noise-free samples, the model given (automatic
  // selection is meant for noisy data: on exact samples AICc is degenerate), fit exactly: 1e-6 relative.
  const double lambda = kLambdaLu177 + std::log(2.0) / (20.0 * kHour);
  std::vector<double> t, c;
  for (const double h : {0.5, 1.0, 4.0, 24.0, 48.0, 96.0}) {
    t.push_back(h * kHour);
    c.push_back(5e3 * std::exp(-lambda * h * kHour));
  }
  timeactivity::FitOptions mono;
  mono.model = timeactivity::Model::MonoExponential;
  const auto fit = integrate_blood_curve(t, c, kLambdaLu177, mono);
  EXPECT_NEAR(fit.integral / (5e3 / lambda), 1.0, 1e-6);

  // A fast + slow washout (typical of peptides in blood): c0 split 80 % / 20 % between 1.5 h and 40 h
  // biological half-lives; the analytic integral is Σ c_i/λ_i. 1e-4 relative (fit of 8 noise-free samples).
  const double l1 = kLambdaLu177 + std::log(2.0) / (1.5 * kHour), l2 = kLambdaLu177 + std::log(2.0) / (40.0 * kHour);
  t.clear();
  c.clear();
  for (const double h : {0.1, 0.5, 1.0, 2.0, 4.0, 24.0, 72.0, 144.0}) {
    t.push_back(h * kHour);
    c.push_back(4e3 * std::exp(-l1 * h * kHour) + 1e3 * std::exp(-l2 * h * kHour));
  }
  timeactivity::FitOptions washout;
  washout.model = timeactivity::Model::BiExponentialWashout;
  const auto bi = integrate_blood_curve(t, c, kLambdaLu177, washout);
  EXPECT_NEAR(bi.integral / (4e3 / l1 + 1e3 / l2), 1.0, 1e-4);
}

TEST(RedMarrow, BloodMethodAddsSelfAndCrossDoses) {
  // EANM guideline (Hindorf et al. 2010): Ã_RM = [Ã_blood]·RMBLR·m_RM; D = Ã_RM S(RM←RM) + Ã_RB S(RM←RB) + Σ Ã_h S.
  BloodMethodInput in;
  in.blood_tia_concentration_Bq_s_per_ml = 2.0e6;
  in.rmblr = 1.0;
  in.red_marrow_mass_g = kRedMarrowMassAdultMale_g;  // 1170 g, ICRP 89
  in.s_rm_rm_Gy_per_Bq_s = 4.0e-14;
  in.remainder_of_body = {5.0e12, 1.0e-16};
  in.organs = {{1.0e12, 2.0e-16}};
  const auto d = red_marrow_dose_blood_method(in);
  EXPECT_DOUBLE_EQ(d.red_marrow_tia_Bq_s, 2.0e6 * 1170.0);
  EXPECT_NEAR(d.self_dose_Gy, 2.34e9 * 4.0e-14, 1e-18);
  EXPECT_NEAR(d.remainder_cross_dose_Gy, 5.0e-4, 1e-18);
  EXPECT_NEAR(d.organ_cross_dose_Gy, 2.0e-4, 1e-18);
  EXPECT_NEAR(d.total_Gy, 9.36e-5 + 5.0e-4 + 2.0e-4, 1e-15);
}

TEST(RedMarrow, RemainderOfBodySValueRecoversTheRemainderFromAUniformTotalBody) {
  // A uniform total-body source puts m_h/m_TB of its decays in each region, so S(RM←TB) = (m_RM S_RM←RM +
  // m_RB S_RM←RB)/m_TB; the remainder-of-body correction must return S_RM←RB (1e-12 relative).
  const double m_rm = 1170.0, m_tb = 73000.0, s_rm_rm = 3.0e-13, s_rm_rb = 2.0e-15;
  const double s_rm_tb = (m_rm * s_rm_rm + (m_tb - m_rm) * s_rm_rb) / m_tb;
  EXPECT_NEAR(remainder_of_body_s_value(s_rm_tb, m_tb, s_rm_rm, m_rm) / s_rm_rb, 1.0, 1e-12);
  EXPECT_THROW(remainder_of_body_s_value(s_rm_tb, 1000.0, s_rm_rm, m_rm), InvalidInput);  // m_RM ≥ m_TB
}

TEST(RedMarrow, MassScalingAndImageBasedComparison) {
  EXPECT_NEAR(scaled_red_marrow_mass_g(kRedMarrowMassAdultMale_g, 80.0, kReferenceBodyMassAdultMale_kg),
              1170.0 * 80.0 / 73.0, 1e-12);
  EXPECT_NEAR(scaled_self_s_value(4.0e-14, 1170.0, 1300.0), 4.0e-14 * 1170.0 / 1300.0, 1e-27);
  const auto c = compare_red_marrow_methods(0.12, 0.08);
  EXPECT_DOUBLE_EQ(c.image_based_Gy, 0.12);
  EXPECT_NEAR(c.ratio_image_to_blood, 1.5, 1e-15);
  EXPECT_NEAR(compare_red_marrow_methods(0.12, 0.08, 0.5).image_based_Gy, 0.06, 1e-15);
  EXPECT_TRUE(std::isinf(compare_red_marrow_methods(0.12, 0.0).ratio_image_to_blood));
}

TEST(RedMarrow, RejectsMissingSValuesAndBadInputs) {
  BloodMethodInput in;
  in.blood_tia_concentration_Bq_s_per_ml = 1e6;
  EXPECT_THROW(red_marrow_dose_blood_method(in), InvalidInput);  // S(RM←RM) is required
  in.s_rm_rm_Gy_per_Bq_s = 1e-14;
  in.rmblr = 0.0;
  EXPECT_THROW(red_marrow_dose_blood_method(in), InvalidInput);
  in.rmblr = 1.0;
  in.blood_tia_concentration_Bq_s_per_ml = -1.0;
  EXPECT_THROW(red_marrow_dose_blood_method(in), InvalidInput);
  const std::vector<double> t{2.0, 1.0}, c{1.0, 1.0};
  EXPECT_THROW(integrate_blood_curve(t, c, kLambdaLu177), InvalidInput);
  EXPECT_THROW(compare_red_marrow_methods(-0.1, 0.1), InvalidInput);
}

TEST(RedMarrow, BloodSamplesCsvFollowsTheHeaderConventionAndConvertsUnits) {
  // time_h and kBq_per_mL (case-insensitive), an ignored id column, comments, a UTF-8 BOM and CRLF line ends.
  const auto s = parse_blood_samples_csv(
      "\xEF\xBB\xBFsample,Time_h,kBq_per_mL\r\n# drawn from the arm opposite the injection\r\n"
      "a,0.5,12.5\r\nb,4,3\r\n\r\nc,24,0.4\r\n");
  ASSERT_EQ(s.times_s.size(), 3u);
  EXPECT_DOUBLE_EQ(s.times_s[1], 4.0 * kHour);
  EXPECT_DOUBLE_EQ(s.concentration_Bq_per_ml[0], 12.5e3);
  EXPECT_DOUBLE_EQ(s.concentration_Bq_per_ml[2], 400.0);
  EXPECT_DOUBLE_EQ(parse_blood_samples_csv("time_h,MBq_per_mL\n1,2\n2,1\n").concentration_Bq_per_ml[0], 2e6);
  EXPECT_DOUBLE_EQ(parse_blood_samples_csv("Bq_per_mL,time_h\n7,1\n5,2\n").concentration_Bq_per_ml[1], 5.0);
}

TEST(RedMarrow, BloodSamplesCsvRejectsWhatCannotBeASampledBloodCurve) {
  const auto message = [](const char* text) {
    try {
      parse_blood_samples_csv(text, "blood.csv");
    } catch (const InvalidInput& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("time_min,Bq_per_mL\n1,2\n2,1\n").find("no time_h column (found: time_min, Bq_per_mL)"),
            std::string::npos);
  EXPECT_NE(message("time_h,counts\n1,2\n2,1\n").find("no concentration column"), std::string::npos);
  EXPECT_NE(message("time_h,Bq_per_mL,kBq_per_mL\n1,2,3\n").find("two concentration columns"), std::string::npos);
  EXPECT_NE(message("time_h,Bq_per_mL\n2,2\n1,1\n").find("line 3: time_h 1 is before the previous sample"),
            std::string::npos);
  EXPECT_NE(message("time_h,Bq_per_mL\n1,2\n1,1\n").find("repeats"), std::string::npos);
  EXPECT_NE(message("time_h,Bq_per_mL\n-1,2\n1,1\n").find("before the injection"), std::string::npos);
  EXPECT_NE(message("time_h,Bq_per_mL\n1,2\n2,-1\n").find("is negative"), std::string::npos);
  EXPECT_NE(message("time_h,Bq_per_mL\n1,2\n2,x\n").find("'x' is not a finite number"), std::string::npos);
  EXPECT_NE(message("time_h,Bq_per_mL\n1,2\n2\n").find("1 fields but the header has 2"), std::string::npos);
  EXPECT_NE(message("time_h,Bq_per_mL\n1,2\n").find("at least 2 blood samples"), std::string::npos);
  EXPECT_NE(message("").find("is empty"), std::string::npos);
  EXPECT_THROW(read_blood_samples_csv("/nonexistent/blood.csv"), IoError);
}

TEST(RedMarrow, NonPenetratingSelfSValueIsTheLocalEnergyPerDecayOverTheMass) {
  // 177Lu (ICRP 107 in data/): no alphas, so S = E_electron / m. The electron energy per decay is read from the
  // nuclide record independently of the chain route the function takes; 1e-12 relative.
  const auto& lu = nuclides::DecayDatabase::instance().get("Lu-177");
  const double e_electron = lu.energy_per_decay().electron_MeV;
  EXPECT_NEAR(e_electron, 0.1479, 5e-4);  // β⁻ mean 0.1334 MeV + IC/Auger ≈ 0.0146 MeV (ICRP 107)
  const auto s = non_penetrating_self_s_value("177Lu", kRedMarrowMassAdultMale_g);
  EXPECT_NEAR(s.energy_per_decay_MeV / e_electron, 1.0, 1e-12);
  EXPECT_NEAR(s.s_value_Gy_per_Bq_s / (e_electron * units::kJoulePerMeV / 1.170), 1.0, 1e-12);
  // ≈ 2.03e-5 mGy/(MBq·s) for 1170 g; ∝ 1/m.
  EXPECT_NEAR(s.s_value_Gy_per_Bq_s / units::kGyPerBqSecondPerMilliGyPerMBqSecond, 2.03e-5, 0.01e-5);
  EXPECT_NEAR(non_penetrating_self_s_value("Lu-177", 900.0).s_value_Gy_per_Bq_s / s.s_value_Gy_per_Bq_s, 1170.0 / 900.0,
              1e-12);
  // 225Ac: the whole chain in equilibrium, alpha + recoil + electron energy per parent decay (≈ 28 MeV of alphas).
  const auto chain = nuclides::expand_chain("Ac-225").energy_per_parent_decay();
  const auto ac = non_penetrating_self_s_value("Ac-225", 1000.0);
  EXPECT_NEAR(ac.energy_per_decay_MeV / (chain.alpha_MeV + chain.alpha_recoil_MeV + chain.electron_MeV), 1.0, 1e-12);
  EXPECT_GT(ac.energy_per_decay_MeV, 27.0);
  EXPECT_THROW(non_penetrating_self_s_value("Lu-177", 0.0), InvalidInput);
  EXPECT_THROW(non_penetrating_self_s_value("Xx-999", 1000.0), UnknownNuclide);
}

TEST(RedMarrow, ReportScalesTheSelfSValueByMassAndCorrectsTheRemainderOfBody) {
  // Phantom: ICRP 89 male (1170 g marrow, 73 kg body), S(RM←RM) 4e-14, S(RM←TB) 2e-15 Gy/(Bq·s). Patient marrow
  // 585 g: S ∝ 1/m doubles the self S value. Remainder by hand: S(RM←RB) = (S_TB m_TB − S_RM m_RM) / (m_TB − m_RM).
  RedMarrowRequest request;
  request.nuclide = "Lu-177";
  for (const double h : {1.0, 4.0, 24.0, 96.0}) {
    request.blood.times_s.push_back(h * kHour);
    request.blood.concentration_Bq_per_ml.push_back(2e3 * std::exp(-kLambdaLu177 * h * kHour));
  }
  request.blood_model = timeactivity::Model::MonoExponential;
  request.red_marrow_mass_g = 585.0;
  request.s_rm_rm_phantom_Gy_per_Bq_s = 4e-14;
  request.s_rm_tb_Gy_per_Bq_s = 2e-15;
  request.remainder_tia_Bq_s = 1e12;
  request.remainder_tia_source = "test";
  request.organs.push_back({"liver", {5e11, 1e-15}});
  const auto report = red_marrow_report(request);
  EXPECT_DOUBLE_EQ(report.phantom_red_marrow_mass_g, kRedMarrowMassAdultMale_g);
  EXPECT_DOUBLE_EQ(report.s_rm_rm_patient_Gy_per_Bq_s, 8e-14);
  const double s_rb = (2e-15 * 73000.0 - 4e-14 * 1170.0) / (73000.0 - 1170.0);
  ASSERT_TRUE(report.s_rm_rb_Gy_per_Bq_s);
  EXPECT_NEAR(*report.s_rm_rb_Gy_per_Bq_s, s_rb, 1e-12 * s_rb);
  EXPECT_NEAR(report.dose.remainder_cross_dose_Gy, 1e12 * s_rb, 1e-12 * 1e12 * s_rb);
  const double a_rm = report.blood.integral * 585.0;  // RMBLR 1
  EXPECT_NEAR(report.blood.integral, 2e3 / kLambdaLu177, 1e-6 * 2e3 / kLambdaLu177);
  EXPECT_NEAR(report.dose.self_dose_Gy, a_rm * 8e-14, 1e-12 * a_rm * 8e-14);
  EXPECT_NEAR(report.dose.organ_cross_dose_Gy, 5e11 * 1e-15, 1e-15);
  EXPECT_NEAR(report.dose.total_Gy,
              report.dose.self_dose_Gy + report.dose.remainder_cross_dose_Gy + report.dose.organ_cross_dose_Gy, 1e-12);
  EXPECT_FALSE(report.comparison);

  // By body mass: 1170 g × 36.5/73 = 585 g again; the image VOI is compared.
  request.red_marrow_mass_g.reset();
  request.body_mass_kg = 36.5;
  request.image_voi = "red_marrow_L1_L5";
  request.image_voi_mean_dose_Gy = 2.0 * report.dose.total_Gy;
  const auto scaled = red_marrow_report(request);
  EXPECT_DOUBLE_EQ(scaled.red_marrow_mass_g, 585.0);
  EXPECT_EQ(scaled.red_marrow_mass_source, "ICRP 89 male scaled by body mass 36.5 kg / 73 kg");
  ASSERT_TRUE(scaled.comparison);
  EXPECT_NEAR(scaled.comparison->ratio_image_to_blood, 2.0, 1e-9);

  // An S(RM←RB) without the remainder's TIA is an error, not a silent zero.
  request.remainder_tia_Bq_s.reset();
  EXPECT_THROW(red_marrow_report(request), InvalidInput);
}

}  // namespace
}  // namespace rptdose::radiobiology
