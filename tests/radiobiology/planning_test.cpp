#include "rptdose/radiobiology/planning.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/radiobiology/dose_protraction.hpp"
#include "rptdose/radiobiology/linear_quadratic.hpp"

namespace rptdose::radiobiology {
namespace {

constexpr double kHour = units::kSecondsPerHour;
constexpr double kGBq = 1e9;

// One 177Lu-like cycle: kidneys ~0.6 Gy/GBq (T_eff 50 h), red marrow 0.03 Gy/GBq, a tumour 4 Gy/GBq.
PlanRequest lutetium_request() {
  const double g_kidney = g_factor(Kinetics{50.0 * kHour, std::nullopt}, 2.8 * kHour);
  const double g_kidney_r = g_factor(Kinetics{45.0 * kHour, 2.0 * kHour}, 2.8 * kHour);
  const double g_marrow = g_factor(Kinetics{30.0 * kHour, std::nullopt}, 0.5 * kHour);
  const double g_tumour = g_factor(Kinetics{90.0 * kHour, std::nullopt}, 1.5 * kHour);
  PlanRequest r;
  r.vois = {
      {"kidney_left", 0.62 / kGBq, g_kidney, 2.6, 2.8 * kHour, "kidney", false},
      {"kidney_right", 0.70 / kGBq, g_kidney_r, 2.6, 2.8 * kHour, "kidney", false},
      {"red_marrow", 0.03 / kGBq, g_marrow, 10.0, 0.5 * kHour, "red_marrow", false},
      {"tumour_1", 4.0 / kGBq, g_tumour, 10.0, 1.5 * kHour, "tumour", true},
  };
  r.limits = {{"kidney", LimitKind::Bed, 40.0}, {"red-marrow", LimitKind::AbsorbedDose, 2.0}};
  return r;
}

double bed_of(const PlanVoi& v, double activity_Bq) {
  return bed_Gy(v.dose_per_activity_Gy_per_Bq * activity_Bq, *v.g_factor, *v.alpha_beta_Gy);
}

TEST(Planning, RespectsEveryLimitAndTheLimitingOrganIsExactlyAtItsLimit) {
  // The planned activity makes the limiting VOI's BED equal its limit (1e-9 relative) and every other limited VOI
  // stay below (independent recomputation of BED with bed_Gy).
  const auto request = lutetium_request();
  const auto plan = plan_activity(request);
  EXPECT_EQ(plan.limiting_voi, "kidney_right");  // higher Gy/GBq
  EXPECT_EQ(plan.limiting_limit.organ, "kidney");
  EXPECT_NEAR(bed_of(request.vois[1], plan.activity_Bq) / 40.0, 1.0, 1e-9);
  EXPECT_LT(bed_of(request.vois[0], plan.activity_Bq), 40.0);
  EXPECT_LT(request.vois[2].dose_per_activity_Gy_per_Bq * plan.activity_Bq, 2.0);
  // Independently: the textbook root x = (−1 + √(1 + 4·G·40/(α/β)))/(2G/(α/β)) of G x²/(α/β) + x = 40 is the
  // kidney_right dose, A = x/d (no cancellation at these magnitudes). Below the dose-only answer 40/0.7 GBq.
  const double g = *request.vois[1].g_factor, x = (-1.0 + std::sqrt(1.0 + 4.0 * g * 40.0 / 2.6)) / (2.0 * g / 2.6);
  EXPECT_NEAR(plan.activity_Bq / (x / request.vois[1].dose_per_activity_Gy_per_Bq), 1.0, 1e-12);
  EXPECT_LT(plan.activity_Bq, 40.0 / 0.7 * kGBq);
  // Each VOI is reported; the tumour BED follows from the same activity.
  ASSERT_EQ(plan.vois.size(), 4u);
  EXPECT_NEAR(*plan.vois[3].bed_per_cycle_Gy, bed_of(request.vois[3], plan.activity_Bq), 1e-9);
  EXPECT_EQ(plan.vois[1].limits.size(), 1u);
  EXPECT_NEAR(plan.vois[1].limits[0].total_at_plan_Gy, 40.0, 1e-8);
}

TEST(Planning, AlphaDoseEntersTheBedLinearlyWithItsRbe) {
  // 225Ac-like kidney: 95 % of the dose is alpha. BED(A) = RBE·d_α·A + d_low·A·(1 + G·d_low·A/(α/β)); at the planned
  // activity the kidney sits exactly at its limit (recomputed with mixed_let_bed_Gy, 1e-9), and far below the
  // activity a beta-only reading of the same dose would allow (it ignores RBE 5): 69 MBq (8.3 Gy) against 227 MBq
  // (27.2 Gy, where the quadratic term brings BED to 40 Gy).
  const double g = g_factor(Kinetics{60.0 * kHour, std::nullopt}, 2.8 * kHour);
  PlanVoi kidney{"kidney_left", 0.12 / 1e6, g, 2.6, 2.8 * kHour, "kidney", false};  // 0.12 Gy/MBq
  kidney.alpha_dose_per_activity_Gy_per_Bq = 0.95 * kidney.dose_per_activity_Gy_per_Bq;
  kidney.rbe_alpha = 5.0;
  PlanRequest request;
  request.vois = {kidney};
  request.limits = {{"kidney", LimitKind::Bed, 40.0}};
  const auto plan = plan_activity(request);
  const double d = kidney.dose_per_activity_Gy_per_Bq * plan.activity_Bq;
  const double d_alpha = kidney.alpha_dose_per_activity_Gy_per_Bq * plan.activity_Bq;
  EXPECT_NEAR(mixed_let_bed_Gy(d_alpha, d - d_alpha, g, 2.6, 5.0) / 40.0, 1.0, 1e-9);
  EXPECT_NEAR(*plan.vois[0].bed_per_cycle_Gy, 40.0, 1e-8);
  PlanRequest beta_only = request;
  beta_only.vois[0].alpha_dose_per_activity_Gy_per_Bq = 0.0;
  EXPECT_LT(plan.activity_Bq, 0.35 * plan_activity(beta_only).activity_Bq);
  // A lower RBE allows more activity; an alpha part larger than the dose is refused.
  request.vois[0].rbe_alpha = 2.0;
  EXPECT_GT(plan_activity(request).activity_Bq, plan.activity_Bq);
  request.vois[0].alpha_dose_per_activity_Gy_per_Bq = 2.0 * kidney.dose_per_activity_Gy_per_Bq;
  EXPECT_THROW(plan_activity(request), InvalidInput);
}

TEST(Planning, EqualActivityOverNCyclesSharesTheMargin) {
  auto request = lutetium_request();
  request.cycles = 4;
  const auto plan = plan_activity(request);
  EXPECT_NEAR(4.0 * bed_of(request.vois[1], plan.activity_Bq) / 40.0, 1.0, 1e-9);
  // Fractionation: four cycles allow more total activity than one.
  const auto single = plan_activity(lutetium_request());
  EXPECT_GT(4.0 * plan.activity_Bq, single.activity_Bq);
}

TEST(Planning, ReceivedBedAndDoseLimitsBindExactly) {
  auto request = lutetium_request();
  request.received = {{"kidney", LimitKind::Bed, 30.0}};
  request.limits.push_back({"red_marrow", LimitKind::AbsorbedDose, 0.2});
  request.received.push_back({"red_marrow", LimitKind::AbsorbedDose, 0.05});
  const auto plan = plan_activity(request);
  // Marrow: (0.2 − 0.05)/0.03 GBq = 5 GBq; kidney margin 10 Gy BED allows more (~13.5 GBq).
  EXPECT_EQ(plan.limiting_voi, "red_marrow");
  EXPECT_NEAR(plan.activity_Bq / (5.0 * kGBq), 1.0, 1e-12);
  EXPECT_NEAR(*plan.vois[1].total_bed_Gy, 30.0 + bed_of(request.vois[1], plan.activity_Bq), 1e-9);
  EXPECT_LT(*plan.vois[1].total_bed_Gy, 40.0);
}

TEST(Planning, QuadraticRootIsAccurateWhenTheQuadraticTermIsTiny) {
  // G·d·A/(α/β) ~ 1e-10: the naive (−b + √(b² + 4ac))/2a loses all digits; the stable form gives A = c/d(1 − ε).
  const double d = 1e-9, g = 1e-10, ab = 2.6, c = 2.0;
  const double a = max_activity_Bq(d, g, ab, c, 1, LimitKind::Bed);
  EXPECT_NEAR(bed_Gy(d * a, g, ab) / c, 1.0, 1e-14);
  EXPECT_NEAR(max_activity_Bq(d, 1.0, ab, c, 1, LimitKind::AbsorbedDose), c / d, 1e-3);
}

TEST(Planning, RejectsUnknownOrgansExceededLimitsAndMissingParameters) {
  auto message = [](const PlanRequest& r) {
    try {
      plan_activity(r);
    } catch (const InvalidInput& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  auto r = lutetium_request();
  r.limits.push_back({"spleen", LimitKind::Bed, 30.0});
  EXPECT_NE(message(r).find("matches no VOI"), std::string::npos) << message(r);

  r = lutetium_request();
  r.received = {{"kidney", LimitKind::Bed, 41.0}};
  EXPECT_NE(message(r).find("already received"), std::string::npos) << message(r);

  r = lutetium_request();
  r.received = {{"liver", LimitKind::Bed, 1.0}};
  EXPECT_NE(message(r).find("matches no VOI"), std::string::npos);

  r = lutetium_request();
  r.vois[0].g_factor.reset();
  EXPECT_NE(message(r).find("kinetics"), std::string::npos);

  r = lutetium_request();
  r.limits.clear();
  EXPECT_NE(message(r).find("no limits"), std::string::npos);

  r = lutetium_request();
  r.cycles = 0;
  EXPECT_NE(message(r).find("cycle"), std::string::npos);
}

TEST(Planning, ParsesOrganLimits) {
  const auto limit = parse_organ_value("kidney:bed:40", "--limit");
  EXPECT_EQ(limit.organ, "kidney");
  EXPECT_EQ(limit.kind, LimitKind::Bed);
  EXPECT_DOUBLE_EQ(limit.value_Gy, 40.0);
  EXPECT_EQ(parse_organ_value("red-marrow:dose:2", "--limit").kind, LimitKind::AbsorbedDose);
  for (const char* bad : {"kidney:40", "kidney:bed:x", "kidney:volume:4", ":bed:4", "kidney:bed:-1", "a:b:c:d"})
    EXPECT_THROW(parse_organ_value(bad, "--limit"), InvalidInput) << bad;
}

}  // namespace
}  // namespace rptdose::radiobiology
