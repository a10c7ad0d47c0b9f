#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "rptdose/kernels/photon_interactions.hpp"
#include "rptdose/kernels/photon_monte_carlo.hpp"
#include "rptdose/kernels/point_kernel_table.hpp"

namespace rptdose::kernels {
namespace {

// Independent check of the component model against the Hubbell–Seltzer μ_en (not used by the model between
// 50 keV and 5 MeV): μ_tr = photoelectric + incoherent·f_KN + pair·(1 − 2mc²/E) exceeds μ_en only by the
// bremsstrahlung of the secondary electrons (< 1 % below 3 MeV), so they agree within 1.5 %.
TEST(PhotonInteractions, EnergyTransferMatchesHubbellSeltzerEnergyAbsorption) {
  const auto& w = PhotonInteractions::water();
  for (const double e : {0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5, 0.662, 1.0, 1.5, 2.0, 3.0}) {
    const double mu_tr = w.photoelectric(e) + w.incoherent(e) * klein_nishina_energy_transfer_fraction(e) +
                         w.pair(e) * (1.0 - 1.02199790 / e);
    EXPECT_NEAR(mu_tr / w.energy_absorption(e), 1.0, 0.015) << e << " MeV";
  }
}

// The components add up to the attenuation coefficient, and pair production only exists above 2mc².
TEST(PhotonInteractions, ComponentsAddUp) {
  const auto& w = PhotonInteractions::water();
  for (const double e : {0.01, 0.03, 0.1, 1.0, 2.0, 5.0}) {
    const double sum = w.coherent(e) + w.incoherent(e) + w.photoelectric(e) + w.pair(e);
    EXPECT_NEAR(sum / w.attenuation(e), 1.0, 0.002) << e << " MeV";
  }
  EXPECT_EQ(w.pair(1.0), 0.0);
  EXPECT_GT(w.pair(3.0), 0.0);
}

// Klein–Nishina limits: Thomson cross-section (8π/3 r_e²) at low energy; the transfer fraction → 0.
TEST(PhotonInteractions, KleinNishinaLimits) {
  EXPECT_NEAR(klein_nishina_cross_section_cm2(1e-6) / 0.66524587e-24, 1.0, 1e-4);
  EXPECT_LT(klein_nishina_energy_transfer_fraction(1e-3), 0.005);
  // σ_KN(1 MeV) = 0.2112 b per electron (Attix, Introduction to Radiological Physics, table 7.1).
  EXPECT_NEAR(klein_nishina_cross_section_cm2(1.0) / 0.2112e-24, 1.0, 0.002);
}

// In an infinite medium every photon's energy is absorbed somewhere; near the source the deposition density
// per unit μr is the first-collision energy transfer μ_tr/μ (scattered photons add nothing at r → 0), which the
// table must show at x → 0 (first bin, 0–0.02 mfp) within 3 %.
TEST(PhotonMonteCarlo, ConservesEnergyAndStartsAtTheFirstCollisionTransfer) {
  const auto& table = PointKernelTable::photons_in_water();
  const auto& w = PhotonInteractions::water();
  for (const auto& k : table.kernels()) {
    const double total = std::accumulate(k.values.begin(), k.values.end(), 0.0) * k.bin_width + k.fraction_beyond;
    EXPECT_NEAR(total, 1.0, 1e-6) << k.energy_MeV;  // 6 printed digits
    if (k.energy_MeV < 0.05) continue;
    EXPECT_NEAR(k.values[0] / (w.energy_absorption(k.energy_MeV) / w.transport_attenuation(k.energy_MeV)), 1.0, 0.03)
        << k.energy_MeV << " MeV";
  }
}

TEST(PhotonMonteCarlo, ReproducibleAndThreadIndependent) {
  PhotonMonteCarloOptions one;
  one.histories = 20000;
  one.parallel.threads = 1;
  PhotonMonteCarloOptions two = one;
  two.parallel.threads = 2;
  const auto& w = PhotonInteractions::water();
  EXPECT_EQ(simulate_photon_point_kernel(0.2, w, one).values, simulate_photon_point_kernel(0.2, w, two).values);
}

}  // namespace
}  // namespace rptdose::kernels
