// The summary side of rptdose marrow (rptdose/results/red_marrow.hpp): marrow and remainder VOIs, their TIAs.
#include "rptdose/results/red_marrow.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rptdose/core/error.hpp"

namespace rptdose::results {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

RunSummary summary(const char* vois) {
  return parse_run_summary(std::string(R"({"schema_version": "1.0", "nuclide": "Lu-177", )") +
                           R"("administered_activity_Bq": 7.4e9, "vois": [)" + vois + "]}");
}

TEST(MarrowSummary, FindsTheMarrowAndRemainderVoisAndTheirTias) {
  const auto s = summary(R"({"name": "liver", "mean_dose_Gy": 1, "tia_Bq_s": 1e12},
      {"name": "red_marrow_L1_L5", "mean_dose_Gy": 0.2}, {"name": "rest_of_body", "mean_dose_Gy": 0.1})");
  EXPECT_EQ(marrow_voi(s, std::nullopt, "--marrow-voi"), &s.vois[1]);
  EXPECT_EQ(marrow_voi(s, "liver", "--marrow-voi"), &s.vois[0]);
  EXPECT_EQ(remainder_voi(s, std::nullopt, "--remainder-voi"), &s.vois[2]);
  EXPECT_EQ(voi_tia_Bq_s(s.vois[0], "x"), 1e12);
  EXPECT_THAT([&] { voi_tia_Bq_s(s.vois[2], "the remainder-of-body cross-dose"); },
              ThrowsMessage<InvalidInput>(HasSubstr("rest_of_body of the summary has no tia_Bq_s (needed for the")));
  EXPECT_THAT([&] { marrow_voi(s, "spine", "--marrow-voi"); },
              ThrowsMessage<InvalidInput>(HasSubstr("--marrow-voi 'spine' is not a VOI")));
  const auto two =
      summary(R"({"name": "red_marrow_a", "mean_dose_Gy": 1}, {"name": "red_marrow_b", "mean_dose_Gy": 1})");
  EXPECT_THAT(
      [&] { marrow_voi(two, std::nullopt, "--marrow-voi"); },
      ThrowsMessage<InvalidInput>(HasSubstr("several marrow VOIs in the summary (red_marrow_a, red_marrow_b)")));
  EXPECT_EQ(remainder_voi(two, std::nullopt, "--remainder-voi"), nullptr);
}

}  // namespace
}  // namespace rptdose::results
