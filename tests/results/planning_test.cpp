#include "rptdose/results/planning.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/radiobiology/dose_protraction.hpp"
#include "rptdose/results/run_summary.hpp"

namespace rptdose::results {
namespace {

using namespace rptdose::radiobiology;

constexpr double kHour = units::kSecondsPerHour;

const char* kSummary = R"({
  "schema_version": "1.0", "nuclide": "Lu-177", "administered_activity_Bq": 7.4e9,
  "vois": [
    {"name": "kidney_left", "mean_dose_Gy": 3.1, "mass_g": 150, "effective_half_life_h": 50.2, "uptake_half_time_h": null},
    {"name": "kidney_right", "mean_dose_Gy": 3.4, "mass_g": 160, "effective_half_life_h": 48.0, "uptake_half_time_h": 2.0},
    {"name": "red_marrow", "mean_dose_Gy": 0.25, "effective_half_life_h": 30.0},
    {"name": "tumour_liver_1", "mean_dose_Gy": 25.0, "effective_half_life_h": 90.0, "max_dose_Gy": 60},
    {"name": "spleen", "mean_dose_Gy": 4.0}
  ]})";

TEST(PlanFromSummary, ParsesTheSummarySchema) {
  const auto s = parse_run_summary(kSummary);
  EXPECT_EQ(s.nuclide, "Lu-177");
  EXPECT_DOUBLE_EQ(s.administered_activity_Bq, 7.4e9);
  ASSERT_EQ(s.vois.size(), 5u);
  EXPECT_DOUBLE_EQ(*s.vois[0].effective_half_life_h, 50.2);
  EXPECT_FALSE(s.vois[0].uptake_half_time_h);
  EXPECT_DOUBLE_EQ(*s.vois[1].uptake_half_time_h, 2.0);
  EXPECT_FALSE(s.vois[4].effective_half_life_h);
  EXPECT_DOUBLE_EQ(*s.vois[0].mass_g, 150.0);
  EXPECT_FALSE(s.vois[2].mass_g);
}

TEST(PlanFromSummary, VoisTakeTissueParametersByPrefixAndOverrides) {
  const auto s = parse_run_summary(kSummary);
  const auto tissues = TissueTable::load_default();
  TissueOverrides overrides;
  overrides.alpha_beta_Gy = {{"tumour", 8.0}, {"kidney_right", 3.0}};
  const auto vois = plan_vois(s, tissues, overrides);
  ASSERT_EQ(vois.size(), 5u);
  EXPECT_EQ(vois[0].tissue, "kidney");
  EXPECT_DOUBLE_EQ(*vois[0].alpha_beta_Gy, 2.6);
  EXPECT_DOUBLE_EQ(*vois[1].alpha_beta_Gy, 3.0);
  EXPECT_NEAR(vois[0].dose_per_activity_Gy_per_Bq, 3.1 / 7.4e9, 1e-25);
  EXPECT_DOUBLE_EQ(*vois[0].g_factor, g_factor(Kinetics{50.2 * kHour, std::nullopt}, 2.8 * kHour));
  EXPECT_DOUBLE_EQ(*vois[1].g_factor, g_factor(Kinetics{48.0 * kHour, 2.0 * kHour}, 2.8 * kHour));
  EXPECT_TRUE(vois[3].tumour);
  EXPECT_DOUBLE_EQ(*vois[3].alpha_beta_Gy, 8.0);
  EXPECT_TRUE(vois[4].tissue.empty());  // spleen: no tissue, no kinetics
  EXPECT_FALSE(vois[4].g_factor);

  overrides.alpha_beta_Gy = {{"lung", 3.0}};
  EXPECT_THROW(plan_vois(s, tissues, overrides), InvalidInput);  // a typo is not ignored
}

TEST(PlanFromSummary, AnAlphaEmittersAlphaDoseAndRbeReachThePlan) {
  // A 225Ac run's VOI: mean_alpha_dose_Gy is the alpha part of mean_dose_Gy, rbe_alpha the RBE the run used.
  const auto s =
      parse_run_summary(R"({"schema_version": "1.0", "nuclide": "Ac-225", "administered_activity_Bq": 8e6, "vois": [
    {"name": "kidney_left", "mean_dose_Gy": 1.0, "mean_alpha_dose_Gy": 0.96, "rbe_alpha": 3, "effective_half_life_h": 60},
    {"name": "liver", "mean_dose_Gy": 0.8, "mean_alpha_dose_Gy": null, "effective_half_life_h": 70}]})");
  const auto vois = plan_vois(s, TissueTable::load_default());
  EXPECT_NEAR(vois[0].alpha_dose_per_activity_Gy_per_Bq, 0.96 / 8e6, 1e-20);
  EXPECT_EQ(vois[0].rbe_alpha, 3.0);
  EXPECT_EQ(vois[1].alpha_dose_per_activity_Gy_per_Bq, 0.0);
  EXPECT_EQ(vois[1].rbe_alpha, 5.0);  // not given: MIRD Pamphlet 22's
  EXPECT_THROW(
      parse_run_summary(R"({"schema_version": "1.0", "nuclide": "Ac-225", "administered_activity_Bq": 8e6, "vois": [
    {"name": "kidney_left", "mean_dose_Gy": 1.0, "mean_alpha_dose_Gy": 1.5}]})"),
      InvalidInput);
}

TEST(PlanFromSummary, PlanJsonHasTheLimitingOrganAndTumourBed) {
  const auto s = parse_run_summary(kSummary);
  PlanRequest request;
  request.vois = plan_vois(s, TissueTable::load_default());
  request.limits = {parse_organ_value("kidney:bed:40", "--limit"), parse_organ_value("red-marrow:dose:2", "--limit")};
  request.cycles = 3;
  const auto json = nlohmann::json::parse(plan_to_json(plan_activity(request), "Lu-177"));
  // Marrow: 2 Gy over 3 cycles at 0.25/7.4 Gy/GBq allows 19.7 GBq per cycle; the kidneys would allow ~26 GBq.
  EXPECT_EQ(json["limiting"]["voi"], "red_marrow");
  EXPECT_EQ(json["limiting"]["kind"], "dose");
  EXPECT_NEAR(json["activity_GBq"].get<double>(), 2.0 / (3.0 * 0.25 / 7.4), 1e-9);
  EXPECT_EQ(json["cycles"], 3);
  EXPECT_EQ(json["tumours"].size(), 1u);
  EXPECT_EQ(json["tumours"][0]["name"], "tumour_liver_1");
  EXPECT_TRUE(json["vois"][4]["bed_per_cycle_Gy"].is_null());
  EXPECT_NEAR(json["vois"][2]["limits"][0]["total_at_plan_Gy"].get<double>(), 2.0, 1e-12);
  EXPECT_LT(json["vois"][1]["limits"][0]["total_at_plan_Gy"].get<double>(), 40.0);
}

TEST(PlanFromSummary, RejectsMissingKeysNamingThem) {
  const auto message = [](const char* text) {
    try {
      parse_run_summary(text, "summary.json");
    } catch (const InvalidInput& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  EXPECT_NE(message(R"({"schema_version": "1.0", "nuclide": "Lu-177", "vois": []})").find("administered_activity_Bq"),
            std::string::npos);
  EXPECT_NE(message(R"({"schema_version": "1.0", "nuclide": "Lu-177", "administered_activity_Bq": 1e9, "vois": []})")
                .find("vois"),
            std::string::npos);
  EXPECT_NE(
      message(
          R"({"schema_version": "1.0", "nuclide": "Lu-177", "administered_activity_Bq": 1e9, "vois": [{"name": "k"}]})")
          .find("mean_dose_Gy"),
      std::string::npos);
  EXPECT_NE(
      message(
          R"({"schema_version": "1.0", "nuclide": "Lu-177", "administered_activity_Bq": 1e9, "vois": [{"name": "k", "mean_dose_Gy": -2}]})")
          .find("≥ 0"),
      std::string::npos);
  EXPECT_NE(message("{not json").find("not valid JSON"), std::string::npos);
  EXPECT_THROW(read_run_summary("/nonexistent/summary.json"), IoError);
}

TEST(PlanFromSummary, ReadsTiasAndFindsVoisByNormalizedName) {
  const auto s =
      parse_run_summary(R"({"schema_version": "1.0", "nuclide": "Ac-225", "administered_activity_Bq": 8e6, "vois": [
      {"name": "kidney_left", "mean_dose_Gy": 1.0, "mass_g": 150, "tia_Bq_s": 2.5e10},
      {"name": "liver", "mean_dose_Gy": 0.5, "tia_Bq_s": 0},
      {"name": "spleen", "mean_dose_Gy": 0.2, "tia_Bq_s": null}]})");
  EXPECT_DOUBLE_EQ(*s.vois[0].tia_Bq_s, 2.5e10);
  EXPECT_DOUBLE_EQ(*s.vois[1].tia_Bq_s, 0.0);  // a TIA may be 0
  EXPECT_FALSE(s.vois[2].tia_Bq_s);
  EXPECT_EQ(find_voi(s, "Kidney-Left"), &s.vois[0]);
  EXPECT_EQ(find_voi(s, "kidney"), nullptr);  // names, not prefixes
  try {
    require_voi(s, "kidney", "--to");
    ADD_FAILURE() << "no error for an unknown VOI";
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what())
                  .find("--to 'kidney' is not a VOI of the summary (VOIs: kidney_left, liver, "
                        "spleen)"),
              std::string::npos);
  }
  EXPECT_THROW(
      parse_run_summary(R"({"schema_version": "1.0", "nuclide": "Lu-177", "administered_activity_Bq": 1, "vois": [
      {"name": "a", "mean_dose_Gy": 1, "tia_Bq_s": -1}]})"),
      InvalidInput);
}

}  // namespace
}  // namespace rptdose::results
