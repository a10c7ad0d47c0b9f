#include "rptdose/core/parallel.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "rptdose/core/error.hpp"
#include "rptdose/core/progress.hpp"

namespace rptdose {
namespace {

TEST(Parallel, EveryIndexVisitedOnce) {
  std::vector<int> visits(100003, 0);
  parallel_for(0, visits.size(),
               [&](std::size_t b, std::size_t e) {
                 for (std::size_t n = b; n < e; ++n) ++visits[n];
               },
               {4, 1000});
  for (int v : visits) ASSERT_EQ(v, 1);
}

TEST(Parallel, SumIsBitIdenticalForAnyThreadCount) {
  auto body = [](std::size_t b, std::size_t e) {
    double s = 0.0;
    for (std::size_t n = b; n < e; ++n) s += std::sin(static_cast<double>(n)) * 1e-3 + 1.0 / (1.0 + n);
    return s;
  };
  const double one = parallel_sum(0, 1000000, body, {1, 777});
  for (unsigned threads : {2u, 3u, 8u}) EXPECT_EQ(parallel_sum(0, 1000000, body, {threads, 777}), one);
}

TEST(Parallel, ExceptionsReachTheCaller) {
  EXPECT_THROW(parallel_for(0, 1000,
                            [](std::size_t b, std::size_t) {
                              if (b >= 500) throw InvalidInput("bad chunk");
                            },
                            {2, 10}),
               InvalidInput);
}

TEST(Progress, CallbackCanCancel) {
  EXPECT_NO_THROW(report_progress(nullptr, 0.5, "stage"));
  EXPECT_NO_THROW(report_progress([](double, std::string_view) { return true; }, 0.5, "stage"));
  EXPECT_THROW(report_progress([](double, std::string_view) { return false; }, 0.5, "fit"), Cancelled);
}

}  // namespace
}  // namespace rptdose
