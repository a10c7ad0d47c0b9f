// Generates the voxel S-value kernel of a nuclide (with its chain) and prints the central values by component.
//   voxel_s_values Lu-177 4.8
#include <cstdio>
#include <cstdlib>
#include <rptdose/rptdose.hpp>

int main(int argc, char** argv) {
  const char* name = argc > 1 ? argv[1] : "Lu-177";
  const double spacing_mm = argc > 2 ? std::atof(argv[2]) : 4.8;
  try {
    rptdose::kernels::KernelOptions options;  // soft tissue (1.04 g/mL), photons to the kernel corner
    options.spacing_mm = {spacing_mm, spacing_mm, spacing_mm};
    options.half_size = {5, 5, 5};
    const auto kernel = rptdose::kernels::generate_kernel(name, options);
    using rptdose::kernels::KernelComponent;
    std::printf("%s, %.3g mm voxels, S in Gy/(Bq*s):\n", kernel.info().nuclide.c_str(), spacing_mm);
    std::printf("%-10s %12s %12s %12s %12s\n", "offset", "total", "alpha", "electron", "photon");
    for (int i = 0; i <= 3; ++i)
      std::printf("(%d,0,0)    %12.4e %12.4e %12.4e %12.4e\n", i, kernel.at(i, 0, 0),
                  kernel.at(i, 0, 0, KernelComponent::Alpha), kernel.at(i, 0, 0, KernelComponent::Electron),
                  kernel.at(i, 0, 0, KernelComponent::Photon));
    std::printf("energy in the kernel: %.5f MeV per decay\n", kernel.deposited_energy_MeV());
  } catch (const rptdose::Error& error) {
    std::fprintf(stderr, "error: %s\n", error.what());
    return 1;
  }
  return 0;
}
