#include "rptdose/radiobiology/red_marrow.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"

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

}  // namespace
}  // namespace rptdose::radiobiology
