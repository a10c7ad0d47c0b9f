#include "rptdose/convolution/convolver.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "convolution_test_support.hpp"
#include "rptdose/convolution/direct_convolution.hpp"
#include "rptdose/convolution/fft_size.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::convolution {
namespace {

using testing::max_relative_difference;
using testing::random_kernel;
using testing::random_volume;
using testing::reference_convolution;

ConvolutionOptions fft_options(FftLibrary library, unsigned threads = 0) {
  ConvolutionOptions o;
  o.engine = ConvolutionEngine::Fft;
  o.fft_library = library;
  o.threads = threads;
  return o;
}

TEST(FftSize, NextFastSizeHasOnlySmallFactors) {
  EXPECT_EQ(next_fast_fft_size(0), 1u);
  EXPECT_EQ(next_fast_fft_size(1), 1u);
  EXPECT_EQ(next_fast_fft_size(11), 12u);
  EXPECT_EQ(next_fast_fft_size(281), 288u);  // 282..287 have factors 47, 283, 71, 19, 11·13, 41
  EXPECT_EQ(next_fast_fft_size(343), 360u);  // 7³ is not taken: 2³·3²·5
  EXPECT_EQ(next_fast_fft_size(125), 125u);
  EXPECT_EQ(next_fast_even_fft_size(133), 144u);  // not 140 = 4·5·7
  EXPECT_EQ(next_fast_even_fft_size(261), 288u);  // not 270: its half, 135, is odd
  EXPECT_EQ(next_fast_even_fft_size(281), 288u);
  EXPECT_EQ(next_fast_even_fft_size(1), 1u);
}

TEST(FftSize, PaddedLengthAvoidsWrapAroundOfTheCroppedOutput) {
  // Same-size output needs n + h (not n + 2h); the full linear result needs n + 2h.
  EXPECT_EQ(padded_length(256, 25, 0, 256), 288u);
  EXPECT_EQ(padded_length(256, 25, -25, 306), next_fast_even_fft_size(306));
}

class FftEngine : public ::testing::TestWithParam<FftLibrary> {};

INSTANTIATE_TEST_SUITE_P(Libraries, FftEngine, ::testing::Values(FftLibrary::Default, FftLibrary::Eigen),
                         [](const auto& test_param) {
                           return test_param.param == FftLibrary::Eigen ? "Eigen" : "Default";
                         });

// The criterion: FFT = direct to 1e-5 of the largest value in single precision, on odd, even and
// anisotropic sizes, point-symmetric (real spectrum) and asymmetric (complex spectrum) kernels, and a kernel
// larger than the image.
TEST_P(FftEngine, EqualsTheDirectEngineInSinglePrecision) {
  struct Case {
    Size3 size;
    std::array<std::size_t, 3> half;
    bool symmetric;
  };
  for (const Case c : {Case{{17, 12, 9}, {3, 2, 4}, true}, Case{{32, 20, 21}, {5, 5, 5}, false},
                       Case{{10, 7, 5}, {7, 6, 9}, true}, Case{{1, 9, 16}, {2, 3, 1}, false}}) {
    const auto source = random_volume<float>(c.size, 11);
    const auto kernel = random_kernel(c.half, 12, c.symmetric);
    const auto fft = Convolver(kernel, fft_options(GetParam())).convolve(source);
    const auto direct = direct_convolve(source, kernel);
    EXPECT_LT(max_relative_difference(fft, direct), 1e-5) << c.size[0] << "x" << c.size[1] << "x" << c.size[2];
  }
}

TEST_P(FftEngine, DoublePrecisionMatchesThePlainSumTo1e12) {
  const auto source = random_volume<double>({14, 9, 11}, 13, -1.0, 1.0);
  const auto kernel = random_kernel({4, 2, 3}, 14, false);
  EXPECT_LT(max_relative_difference(Convolver(kernel, fft_options(GetParam())).convolve(source),
                                    reference_convolution(source, kernel)),
            1e-12);
}

TEST_P(FftEngine, DeltaReproducesTheKernel) {
  const auto kernel = random_kernel({3, 2, 4}, 15, true);
  Volume<float> delta(Grid({16, 15, 20}, testing::kSpacing), 0.0f);
  delta(8, 7, 10) = 1.0f;
  const auto out = Convolver(kernel, fft_options(GetParam())).convolve(delta);
  double largest = 0.0;
  for (const double v : kernel.values()) largest = std::max(largest, v);
  for (std::size_t z = 0; z < 20; ++z)
    for (std::size_t y = 0; y < 15; ++y)
      for (std::size_t x = 0; x < 16; ++x) {
        const long dx = static_cast<long>(x) - 8, dy = static_cast<long>(y) - 7, dz = static_cast<long>(z) - 10;
        const bool inside = std::labs(dx) <= 3 && std::labs(dy) <= 2 && std::labs(dz) <= 4;
        const double expected = inside ? kernel(static_cast<std::size_t>(dx + 3), static_cast<std::size_t>(dy + 2),
                                                static_cast<std::size_t>(dz + 4))
                                       : 0.0;
        ASSERT_NEAR(out(x, y, z), expected, 1e-6 * largest) << x << " " << y << " " << z;
      }
}

TEST_P(FftEngine, IsLinear) {
  const auto a = random_volume<double>({12, 13, 10}, 16);
  const auto b = random_volume<double>({12, 13, 10}, 17);
  const auto kernel = random_kernel({3, 3, 3}, 18, true);
  const Convolver convolver(kernel, fft_options(GetParam()));
  Volume<double> combined = a.clone();
  combined *= 2.5;
  combined.add_scaled(b, -0.75);
  Volume<double> expected = convolver.convolve(a);
  expected *= 2.5;
  expected.add_scaled(convolver.convolve(b), -0.75);
  EXPECT_LT(max_relative_difference(convolver.convolve(combined), expected), 1e-12);
}

// Moving the source moves the result, as long as nothing reaches an edge.
TEST_P(FftEngine, IsShiftEquivariantAwayFromEdges) {
  const Grid grid({24, 24, 24}, testing::kSpacing);
  Volume<double> source(grid, 0.0), shifted(grid, 0.0);
  const auto blob = random_volume<double>({4, 4, 4}, 19);
  for (std::size_t k = 0; k < 4; ++k)
    for (std::size_t j = 0; j < 4; ++j)
      for (std::size_t i = 0; i < 4; ++i) {
        source(8 + i, 8 + j, 8 + k) = blob(i, j, k);
        shifted(10 + i, 7 + j, 11 + k) = blob(i, j, k);
      }
  const Convolver convolver(random_kernel({3, 3, 3}, 20, false), fft_options(GetParam()));
  const auto a = convolver.convolve(source), b = convolver.convolve(shifted);
  for (std::size_t z = 0; z + 3 < 24; ++z)
    for (std::size_t y = 1; y < 24; ++y)
      for (std::size_t x = 0; x + 2 < 24; ++x) ASSERT_NEAR(b(x + 2, y - 1, z + 3), a(x, y, z), 1e-12);
}

// A source in the corner voxel: the image receives exactly the part of the kernel that lands inside it (the
// octant of non-negative offsets), nothing wraps around to the far side.
TEST_P(FftEngine, EdgeVoxelsReceiveOnlyWhatFallsInside) {
  const auto kernel = random_kernel({4, 4, 4}, 21, true);
  Volume<double> corner(Grid({12, 10, 11}, testing::kSpacing), 0.0);
  corner(0, 0, 0) = 1.0;
  const auto out = Convolver(kernel, fft_options(GetParam())).convolve(corner);
  double inside = 0.0;
  for (std::size_t k = 4; k < 9; ++k)
    for (std::size_t j = 4; j < 9; ++j)
      for (std::size_t i = 4; i < 9; ++i) inside += kernel(i, j, k);
  EXPECT_NEAR(out.sum(), inside, 1e-12 * inside);
  EXPECT_NEAR(out(11, 9, 10), 0.0, 1e-15);
}

// Blocked (z slabs, overlap-add) and one-piece convolutions agree; a budget too small for one plane is refused.
TEST_P(FftEngine, SlabsWithinAMemoryBudgetGiveTheSameResult) {
  const auto source = random_volume<float>({20, 18, 40}, 22);
  const auto kernel = random_kernel({4, 3, 6}, 23, true);
  ConvolutionOptions small = fft_options(GetParam());
  const Convolver whole(kernel, small);
  small.max_memory_bytes = whole.fft_memory_bytes(source.grid().size()) / 3;
  const Convolver blocked(kernel, small);
  EXPECT_LE(blocked.fft_memory_bytes(source.grid().size()), small.max_memory_bytes);
  EXPECT_LT(max_relative_difference(blocked.convolve(source), whole.convolve(source)), 1e-5);
  EXPECT_LT(max_relative_difference(blocked.convolve(source), direct_convolve(source, kernel)), 1e-5);
  small.max_memory_bytes = 1024;
  EXPECT_THROW(Convolver(kernel, small).convolve(source), InvalidInput);
}

TEST_P(FftEngine, SameResultForAnyThreadCountAndRepeatedCalls) {
  const auto source = random_volume<float>({21, 16, 13}, 24);
  const auto kernel = random_kernel({5, 4, 3}, 25, true);
  const Convolver one(kernel, fft_options(GetParam(), 1)), two(kernel, fft_options(GetParam(), 2));
  const auto a = one.convolve(source), b = two.convolve(source), c = two.convolve(source);
  for (std::size_t n = 0; n < a.size(); ++n) {
    ASSERT_EQ(a[n], b[n]);
    ASSERT_EQ(b[n], c[n]);
  }
}

TEST(Convolver, AutomaticChoiceTakesDirectForTinyKernelsAndFftForLargeOnes) {
  Volume<double> delta(Grid({3, 3, 3}, testing::kSpacing), 0.0);
  delta(1, 1, 1) = 2.0;
  EXPECT_EQ(Convolver(delta).engine_for({128, 128, 128}), ConvolutionEngine::Direct);
  EXPECT_EQ(Convolver(random_kernel({25, 25, 25}, 26, true)).engine_for({128, 128, 128}), ConvolutionEngine::Fft);
  ConvolutionOptions forced;
  forced.engine = ConvolutionEngine::Fft;
  EXPECT_EQ(Convolver(delta, forced).engine_for({128, 128, 128}), ConvolutionEngine::Fft);
}

TEST(Convolver, InputIsNotModified) {
  const auto source = random_volume<float>({9, 8, 7}, 27);
  const auto copy = source.clone();
  Convolver(random_kernel({2, 2, 2}, 28, true), fft_options(FftLibrary::Default)).convolve(source);
  for (std::size_t n = 0; n < source.size(); ++n) ASSERT_EQ(source[n], copy[n]);
}

TEST(Convolver, RejectsNonFiniteVoxelsNamingHowManyAndWhere) {
  auto source = random_volume<float>({6, 5, 4}, 29);
  source(2, 3, 1) = std::numeric_limits<float>::quiet_NaN();
  source(5, 4, 3) = std::numeric_limits<float>::infinity();
  const Convolver convolver(random_kernel({1, 1, 1}, 30, true));
  try {
    convolver.convolve(source);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("2 NaN or infinite voxels"), std::string::npos) << message;
    EXPECT_NE(message.find("(2, 3, 1)"), std::string::npos) << message;
  }
}

TEST(Convolver, RejectsMismatchedSpacingEvenKernelsAndEmptyImages) {
  const auto kernel = random_kernel({1, 1, 1}, 31, true);
  Volume<float> other_spacing(Grid({5, 5, 5}, Vector3(2.0, 3.0, 4.5)), 1.0f);
  EXPECT_THROW(Convolver(kernel).convolve(other_spacing), InvalidInput);
  EXPECT_THROW(Convolver(Volume<double>(Grid({4, 3, 3}, testing::kSpacing), 1.0)), InvalidInput);
  Volume<float> empty(Grid({0, 5, 5}, testing::kSpacing));
  EXPECT_THROW(Convolver(kernel).convolve(empty), InvalidInput);
  EXPECT_THROW(parse_engine("fast"), InvalidInput);
  EXPECT_EQ(parse_engine("direct"), ConvolutionEngine::Direct);
}

TEST(Convolver, NamesItsFftLibrary) {
  EXPECT_EQ(fft_library_name(FftLibrary::Eigen), "Eigen FFT (kissfft)");
  if (fft_library_available(FftLibrary::Fftw))
    EXPECT_EQ(fft_library_name(FftLibrary::Fftw).rfind("FFTW 3", 0), 0u);
  else
    EXPECT_THROW(Convolver(random_kernel({1, 1, 1}, 32, true), fft_options(FftLibrary::Fftw)), InvalidInput);
}

}  // namespace
}  // namespace rptdose::convolution
