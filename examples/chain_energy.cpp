// Prints the decay chain of a nuclide and the energy it emits per parent decay, by category.
//   chain_energy Ac-225
#include <cstdio>
#include <rptdose/rptdose.hpp>

int main(int argc, char** argv) {
  const char* name = argc > 1 ? argv[1] : "Lu-177";
  try {
    const auto chain = rptdose::nuclides::expand_chain(name);
    for (const auto& member : chain.members()) {
      std::printf("%-8s %.6g decays per parent decay\n", member.nuclide->name().c_str(),
                  member.decays_per_parent_decay);
    }
    const auto e = chain.energy_per_parent_decay();
    std::printf("%s chain: alpha %.4f MeV, electron %.4f MeV, photon %.4f MeV per parent decay\n",
                chain.parent().name().c_str(), e.alpha_MeV, e.electron_MeV, e.photon_MeV);
  } catch (const rptdose::Error& error) {
    std::fprintf(stderr, "error: %s\n", error.what());
    return 1;
  }
  return 0;
}
