#include "rptdose/convolution/direct_convolution.hpp"

#include <gtest/gtest.h>

#include "convolution_test_support.hpp"

namespace rptdose::convolution {
namespace {

using testing::max_relative_difference;
using testing::random_kernel;
using testing::random_volume;
using testing::reference_convolution;

// The vectorised, threaded engine against the plain quadruple loop; double precision, so to rounding (1e-13).
TEST(DirectConvolution, MatchesThePlainSumOnOddEvenAnisotropicSizes) {
  for (const Size3 size : {Size3{9, 6, 5}, Size3{4, 11, 7}, Size3{1, 1, 8}}) {
    const auto source = random_volume<double>(size, 3, -1.0, 1.0);
    const auto kernel = random_kernel({2, 1, 3}, 4, false);
    EXPECT_LT(max_relative_difference(direct_convolve(source, kernel), reference_convolution(source, kernel)), 1e-13);
  }
}

TEST(DirectConvolution, DeltaReproducesTheKernel) {
  const auto kernel = random_kernel({2, 3, 1}, 5, false);
  Volume<float> delta(Grid({9, 9, 9}, testing::kSpacing), 0.0f);
  delta(4, 4, 4) = 1.0f;
  const auto out = direct_convolve(delta, kernel);
  for (std::size_t k = 0; k < 3; ++k)
    for (std::size_t j = 0; j < 7; ++j)
      for (std::size_t i = 0; i < 5; ++i)
        EXPECT_FLOAT_EQ(out(2 + i, 1 + j, 3 + k), static_cast<float>(kernel(i, j, k)));
  EXPECT_NEAR(out.sum(), kernel.sum(), 1e-5 * kernel.sum());
}

TEST(DirectConvolution, SameResultForAnyThreadCount) {
  const auto source = random_volume<float>({13, 10, 9}, 6);
  const auto kernel = random_kernel({3, 3, 3}, 7, true);
  const auto one = direct_convolve(source, kernel, ParallelOptions{1, 1});
  const auto two = direct_convolve(source, kernel, ParallelOptions{2, 1});
  for (std::size_t n = 0; n < one.size(); ++n) ASSERT_EQ(one[n], two[n]);
}

}  // namespace
}  // namespace rptdose::convolution
