// rptdose kernel: generate (or import and resample) a voxel S-value kernel and write it as CSV or raw + JSON.
#include <chrono>
#include <iostream>

#include "commands.hpp"
#include "options.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/kernels/kernel_generation.hpp"
#include "rptdose/kernels/kernel_io.hpp"
#include "rptdose/kernels/kernel_resampling.hpp"

namespace rptdose::cli {
namespace {

const CommandSpec kSpec{
    .name = "kernel",
    .description =
        "Voxel S-values in Gy/(Bq*s): mean dose to the voxel at offset (i,j,k) per decay in the centre\n"
        "voxel, for the nuclide and its decay chain (ICRP-107), alpha + electron + photon. Physics and\n"
        "validation: docs/physics.md.",
    .options =
        {text("nuclide", "NAME", "nuclide (its chain is included), e.g. Lu-177, Ac-225, Pb-212")
             .conflicts("from-table"),
         numbers("spacing", "X[,Y,Z]", "voxel size in mm (one value: cubic voxels)", 3, positive()),
         typed("medium", "NAME", "water or soft-tissue (default soft-tissue, 1.04 g/mL)", kernels::parse_medium),
         number("density", "G_PER_ML", "density of the medium (overrides the medium's)", positive()),
         numbers("half-size", "N[,N,N]", "kernel spans -N..N voxels per axis (default 5)", 3,
                 whole_between(0, kernels::kMaxKernelHalfSize))
             .conflicts("radius-mm"),
         number("radius-mm", "R", "kernel reaches R mm along every axis (instead of --half-size)", positive()),
         number("photon-radius-mm", "R", "follow photons to R mm (default: the kernel's corner; 0: no photons)",
                at_least(0.0)),
         typed("component", "NAME", "total, alpha, electron or photon (default total; CSV output only)",
               kernels::parse_component),
         number("max-half-life-d", "DAYS", "follow chain members with half-lives up to DAYS (default 30)", positive()),
         path("from-table", "FILE", "import an 'i j k S' Monte Carlo table instead of generating (octant or full)")
             .needs("table-spacing"),
         numbers("table-spacing", "X[,Y,Z]", "voxel size (mm) of the imported table (then resampled to --spacing)", 3,
                 positive()),
         typed("table-unit", "UNIT", "unit of the imported S values: mGy/(MBq*s) (default) or Gy/(Bq*s)",
               kernels::parse_kernel_unit),
         path("out", "FILE", "output: FILE.csv (i,j,k,S_Gy_per_Bq_s) or FILE.json (+ raw float64 files per component)")
             .required(),
         threads_option()},
    .usage =
        "--nuclide NAME --spacing X[,Y,Z] [--medium water|soft-tissue]\n"
        "         [--density G_PER_ML] [--half-size N | --radius-mm R] [--component C] --out FILE.csv\n"
        "       rptdose kernel --from-table FILE --table-spacing X[,Y,Z] [--table-unit U]\n"
        "         [--spacing X[,Y,Z]] --out FILE.csv",
};

Vector3 vector3(const std::vector<double>& xyz) {
  return {xyz[0], xyz[1], xyz[2]};
}

kernels::DoseKernel import_kernel(const ParsedOptions& parsed) {
  kernels::KernelTableOptions options;
  options.spacing_mm = vector3(parsed.value<std::vector<double>>("table-spacing"));
  options.unit = parsed.get<kernels::KernelUnit>("table-unit").value_or(kernels::KernelUnit::MilliGyPerMBqSecond);
  const auto medium = parsed.get<kernels::Medium>("medium");
  options.info.medium = medium ? std::string(kernels::medium_name(*medium)) : "as in the table";
  options.info.density_g_per_ml = parsed.number("density").value_or(
      kernels::nominal_density_g_per_ml(medium.value_or(kernels::Medium::SoftTissue)));
  auto kernel = kernels::read_kernel_table(parsed.value<std::filesystem::path>("from-table"), options);
  if (const auto spacing = parsed.numbers("spacing")) return kernels::resample_kernel(kernel, vector3(*spacing));
  return kernel;
}

kernels::DoseKernel generate_kernel(const ParsedOptions& parsed) {
  const auto nuclide = parsed.value<std::string>("nuclide");
  kernels::KernelOptions options;
  options.spacing_mm = vector3(parsed.value<std::vector<double>>("spacing"));
  options.medium = parsed.get<kernels::Medium>("medium").value_or(kernels::Medium::SoftTissue);
  if (const auto density = parsed.number("density")) options.density_g_per_ml = *density;
  if (const auto half_size = parsed.numbers("half-size"))
    for (int a = 0; a < 3; ++a) options.half_size[a] = static_cast<int>((*half_size)[a]);
  if (const auto radius_mm = parsed.number("radius-mm"))
    options.half_size = kernels::half_size_for_radius(options.spacing_mm, *radius_mm);
  if (const auto radius_mm = parsed.number("photon-radius-mm")) options.photon_radius_mm = *radius_mm;
  if (const auto days = parsed.number("max-half-life-d"))
    options.chain.max_daughter_half_life_s = *days * units::kSecondsPerDay;
  options.parallel.threads = parsed.whole("threads").value_or(0);
  return kernels::generate_kernel(nuclide, options);
}

}  // namespace

int run_kernel(const std::vector<std::string>& args) {
  const ParsedOptions parsed = kSpec.parse(args);
  const auto out_path = parsed.value<std::filesystem::path>("out");
  const bool raw = out_path.extension() == ".json";
  const auto component = parsed.get<kernels::KernelComponent>("component").value_or(kernels::KernelComponent::Total);
  if (raw && component != kernels::KernelComponent::Total)
    throw InvalidInput("--component applies to CSV output; the JSON output always holds every component");

  const auto started = std::chrono::steady_clock::now();
  const auto kernel = parsed.has("from-table") ? import_kernel(parsed) : generate_kernel(parsed);
  if (raw)
    kernels::write_kernel_raw(out_path, kernel);
  else
    kernels::write_kernel_csv(out_path, kernel, component);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const auto n = kernel.half_size();
  std::cerr << "kernel " << (kernel.info().nuclide.empty() ? kernel.info().source : kernel.info().nuclide) << ": "
            << 2 * n[0] + 1 << "x" << 2 * n[1] + 1 << "x" << 2 * n[2] + 1 << " voxels of "
            << format_number("%g", kernel.spacing_mm()[0]) << "x" << format_number("%g", kernel.spacing_mm()[1]) << "x"
            << format_number("%g", kernel.spacing_mm()[2]) << " mm, " << kernel.info().medium << " at "
            << format_number("%g", kernel.info().density_g_per_ml) << " g/mL\n";
  if (kernel.has_components()) {
    std::cerr << "energy deposited in the kernel per decay (MeV): alpha "
              << format_number("%.5g", kernel.deposited_energy_MeV(kernels::KernelComponent::Alpha)) << ", electron "
              << format_number("%.5g", kernel.deposited_energy_MeV(kernels::KernelComponent::Electron)) << ", photon "
              << format_number("%.5g", kernel.deposited_energy_MeV(kernels::KernelComponent::Photon)) << "\n";
  }
  std::cerr << "wrote " << out_path.string() << " in " << format_number("%.3f", seconds) << " s\n";
  return 0;
}

}  // namespace rptdose::cli
