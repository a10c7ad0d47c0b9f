// Compiles the umbrella header against rptdose::core alone and calls into two of its modules.
#include <rptdose/rptdose.hpp>

#include <cstdio>

int main() {
  const auto& lu = rptdose::nuclides::DecayDatabase::instance().get("Lu-177");
  // 2 Gy at once (G = 1), α/β = 3 Gy: BED = 2 (1 + 2/3) = 3.333 Gy.
  std::printf("rptdose %s: %s half-life %.3f d, BED %.3f Gy\n", rptdose::kVersion, lu.name().c_str(),
              lu.half_life_s() / rptdose::units::kSecondsPerDay, rptdose::radiobiology::bed_Gy(2.0, 1.0, 3.0));
}
