#include "rptdose/radiobiology/linear_quadratic.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"

namespace rptdose::radiobiology {
namespace {

constexpr double kHour = units::kSecondsPerHour;
const LqParameters kKidney{2.6, 2.8 * kHour};  // Wessels et al. 2008 (MIRD Pamphlet No. 20)

TEST(Bed, InstantaneousLimitIsDTimesOnePlusDOverAlphaBeta) {
  // T_eff → 0 (λ → ∞): G → 1 and BED → D(1 + D/(α/β)) (the acute single-fraction LQ BED). 1e-6 relative.
  for (const double d : {0.5, 5.0, 23.0}) {
    const auto r = bed(d, kKidney, Kinetics{1e-7 * kHour, std::nullopt});
    EXPECT_NEAR(r.bed_Gy / (d * (1.0 + d / 2.6)), 1.0, 1e-6) << d;
  }
}

TEST(Bed, SlowDecayLimitIsTheAbsorbedDose) {
  // T_eff → ∞ (λ → 0): G = T_rep/(T_rep + T_eff) → 0 and BED → D (all sublethal damage repaired). At T_eff = 1e9 h,
  // G = 2.8e-9 and BED/D − 1 = G·D/(α/β) = 2.5e-8: within 1e-6 relative.
  const auto r = bed(23.0, kKidney, Kinetics{1e9 * kHour, std::nullopt});
  EXPECT_NEAR(r.bed_Gy / 23.0, 1.0, 1e-6);
  EXPECT_LT(r.g_factor, 1e-8);
  // The approach is monotonic: slower delivery, lower BED.
  EXPECT_LT(bed(23.0, kKidney, Kinetics{1e3 * kHour, std::nullopt}).bed_Gy,
            bed(23.0, kKidney, Kinetics{1e2 * kHour, std::nullopt}).bed_Gy);
}

TEST(Bed, Lu177KidneyWorkedExampleFollowsFromTheDaleFormula) {
  // Worked example recomputed by hand from its inputs (not a number copied from a table): 177Lu in kidney, T_eff =
  // 50 h, T_rep = 2.8 h, α/β = 2.6 Gy (the kidney values of Wessels et al. 2008 / Bodei et al. 2008), D = 23 Gy.
  // Mono-exponential: G = T_rep/(T_rep + T_eff) = 2.8/52.8 = 0.0530303; BED = 23·(1 + 0.0530303·23/2.6)
  // = 23·1.4691142 = 33.78963 Gy; EQD2 = BED/(1 + 2/2.6) = 33.78963/1.7692308 = 19.09848 Gy. Tolerance 1e-12
  // relative (the arithmetic is exact up to rounding).
  const auto r = bed(23.0, kKidney, Kinetics{50.0 * kHour, std::nullopt});
  const double g = 2.8 / 52.8;
  EXPECT_NEAR(r.g_factor, g, 1e-15);
  EXPECT_NEAR(r.bed_Gy, 23.0 * (1.0 + g * 23.0 / 2.6), 1e-12);
  EXPECT_NEAR(r.bed_Gy, 33.78963, 5e-5);
  EXPECT_NEAR(r.eqd2_Gy, 19.09848, 5e-5);
}

TEST(Bed, MixedLetBedIsLinearInTheAlphaDoseAndTheUsualBedWithoutAlphas) {
  // RBE_α·D_α + D_low(1 + G·D_low/(α/β)): no alpha dose gives bed_Gy exactly; each Gy of alpha adds RBE_α Gy.
  EXPECT_EQ(mixed_let_bed_Gy(0.0, 23.0, 0.053, 2.6, 5.0), bed_Gy(23.0, 0.053, 2.6));
  const double a = mixed_let_bed_Gy(1.0, 2.0, 0.053, 2.6, 5.0), b = mixed_let_bed_Gy(3.0, 2.0, 0.053, 2.6, 5.0);
  EXPECT_NEAR(b - a, 2.0 * 5.0, 1e-12);
  EXPECT_NEAR(mixed_let_bed_Gy(2.0, 0.0, 0.053, 2.6, 4.0), 8.0, 1e-15);
  EXPECT_THROW(mixed_let_bed_Gy(-1.0, 2.0, 0.053, 2.6, 5.0), InvalidInput);
  EXPECT_THROW(mixed_let_bed_Gy(1.0, 2.0, 0.053, 2.6, 0.0), InvalidInput);
  EXPECT_THROW(mixed_let_bed_Gy(1.0, 2.0, 0.053, 2.6, std::nan("")), InvalidInput);
}

TEST(Eqd2, TwoGrayFractionsGiveTheirTotalDose) {
  // n acute 2-Gy fractions with full repair between them: BED = n·2·(1 + 2/(α/β)), EQD2 = 2n exactly. For the
  // kidney, 23 Gy in 2-Gy fractions is BED 40.69 Gy: the external-beam tolerance behind the 40-Gy BED limit.
  const double n = 11.5, alpha_beta = 2.6;
  const double bed_total = n * bed_Gy(2.0, 1.0, alpha_beta);
  EXPECT_NEAR(bed_total, 23.0 * (1.0 + 2.0 / 2.6), 1e-12);
  EXPECT_NEAR(eqd2_Gy(bed_total, alpha_beta), 23.0, 1e-12);
}

TEST(Bed, RejectsNegativeDoseNonFiniteValuesAndNonPositiveAlphaBeta) {
  const auto message = [](auto&& call) {
    try {
      call();
    } catch (const InvalidInput& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  EXPECT_NE(message([] { bed_Gy(-1.0, 0.5, 2.6); }).find("dose is -1 Gy"), std::string::npos);
  EXPECT_NE(message([] { bed_Gy(NAN, 0.5, 2.6); }).find("finite"), std::string::npos);
  EXPECT_NE(message([] { bed_Gy(1.0, 0.5, 0.0); }).find("α/β is 0 Gy"), std::string::npos);
  EXPECT_NE(message([] { bed_Gy(1.0, 0.5, -2.0); }).find("α/β"), std::string::npos);
  EXPECT_NE(message([] { bed_Gy(1.0, 1.5, 2.6); }).find("G factor"), std::string::npos);
  EXPECT_NE(message([] {
              bed(1.0, LqParameters{2.6, 0.0}, Kinetics{kHour, std::nullopt});
            }).find("repair"),
            std::string::npos);
  EXPECT_THROW(eqd2_Gy(INFINITY, 2.6), InvalidInput);
}

Grid small_grid() {
  return Grid({3, 2, 2}, Vector3(4.0, 4.0, 4.0));
}

TEST(BedMap, UniformGMatchesTheScalarFormulaPerVoxel) {
  Volume<float> dose(small_grid());
  for (std::size_t n = 0; n < dose.size(); ++n) dose[n] = static_cast<float>(n);
  const auto map = bed_map(dose, 0.05, 2.6);
  for (std::size_t n = 0; n < dose.size(); ++n) EXPECT_NEAR(map[n], bed_Gy(dose[n], 0.05, 2.6), 1e-5 * (1 + n));
  EXPECT_TRUE(map.grid().same_geometry(dose.grid()));
}

TEST(BedMap, PerVoxelGAndPerLabelParameters) {
  Volume<float> dose(small_grid(), 4.0f), g(small_grid(), 0.1f);
  g[3] = 1.0f;
  const auto per_voxel = bed_map(dose, g, 2.0);
  EXPECT_NEAR(per_voxel[0], 4.0 * (1 + 0.1 * 4.0 / 2.0), 1e-5);
  EXPECT_NEAR(per_voxel[3], 4.0 * (1 + 4.0 / 2.0), 1e-5);

  Volume<std::int32_t> labels(small_grid(), 0);
  labels[1] = 1;
  labels[2] = 2;
  const std::map<std::int32_t, VoiBedParameters> table{{1, {0.05, 2.6}}, {2, {0.2, 10.0}}};
  EXPECT_THROW(bed_map(dose, labels, table), InvalidInput);  // label 0 has no parameters and no fallback
  const auto per_label = bed_map(dose, labels, table, VoiBedParameters{0.0, 3.0});
  EXPECT_NEAR(per_label[0], 4.0, 1e-6);
  EXPECT_NEAR(per_label[1], bed_Gy(4.0, 0.05, 2.6), 1e-5);
  EXPECT_NEAR(per_label[2], bed_Gy(4.0, 0.2, 10.0), 1e-5);
}

TEST(BedMap, RejectsNegativeVoxelsAndMapsOnOtherGrids) {
  Volume<float> dose(small_grid(), 1.0f);
  dose[5] = -0.1f;
  try {
    bed_map(dose, 0.1, 2.6);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("1 negative voxel"), std::string::npos) << e.what();
  }
  dose[5] = 1.0f;
  const Volume<float> other(Grid({3, 2, 2}, Vector3(4.0, 4.0, 5.0)), 0.1f);
  EXPECT_THROW(bed_map(dose, other, 2.6), InvalidInput);
}

}  // namespace
}  // namespace rptdose::radiobiology
