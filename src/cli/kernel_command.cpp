// rptdose kernel: generate (or import and resample) a voxel S-value kernel and write it as CSV or raw + JSON.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>

#include "arguments.hpp"
#include "commands.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/kernels/kernel_generation.hpp"
#include "rptdose/kernels/kernel_io.hpp"
#include "rptdose/kernels/kernel_resampling.hpp"

namespace rptdose::cli {
namespace {

const std::vector<OptionSpec> kOptions = {
    {"nuclide", "NAME", "nuclide (its chain is included), e.g. Lu-177, Ac-225, Pb-212"},
    {"spacing", "X[,Y,Z]", "voxel size in mm (one value: cubic voxels)"},
    {"medium", "NAME", "water or soft-tissue (default soft-tissue, 1.04 g/mL)"},
    {"density", "G_PER_ML", "density of the medium (overrides the medium's)"},
    {"half-size", "N[,N,N]", "kernel spans -N..N voxels per axis (default 5)"},
    {"radius-mm", "R", "kernel reaches R mm along every axis (instead of --half-size)"},
    {"photon-radius-mm", "R", "follow photons to R mm (default: the kernel's corner; 0: no photons)"},
    {"component", "NAME", "total, alpha, electron or photon (default total; CSV output only)"},
    {"max-half-life-d", "DAYS", "follow chain members with half-lives up to DAYS (default 30)"},
    {"from-table", "FILE", "import an 'i j k S' Monte Carlo table instead of generating (octant or full)"},
    {"table-spacing", "X[,Y,Z]", "voxel size (mm) of the imported table (then resampled to --spacing)"},
    {"table-unit", "UNIT", "unit of the imported S values: mGy/(MBq*s) (default) or Gy/(Bq*s)"},
    {"out", "FILE", "output: FILE.csv (i,j,k,S_Gy_per_Bq_s) or FILE.json (+ raw float64 files per component)"},
    {"threads", "N", "threads (default: all cores or $RPTDOSE_NUM_THREADS)"},
    {"help", "", "show this help"},
};

std::vector<double> parse_list(const std::string& text, const std::string& option) {
  std::vector<double> values;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) values.push_back(parse_number(item, option));
  if (values.size() != 1 && values.size() != 3)
    throw InvalidInput("--" + option + " takes one value or three comma-separated values (x,y,z), got '" + text + "'");
  if (values.size() == 1) values.assign(3, values[0]);
  return values;
}

Vector3 parse_spacing(const std::string& text, const std::string& option) {
  const auto v = parse_list(text, option);
  for (const double x : v)
    if (!(x > 0.0) || !std::isfinite(x))
      throw InvalidInput("--" + option + " values must be positive voxel sizes in mm, got '" + text + "'");
  return {v[0], v[1], v[2]};
}

}  // namespace

int run_kernel(const std::vector<std::string>& args) {
  const Arguments parsed(args, kOptions, 0);
  if (parsed.flag("help") || args.empty()) {
    std::cout << "usage: rptdose kernel --nuclide NAME --spacing X[,Y,Z] [--medium water|soft-tissue]\n"
                 "         [--density G_PER_ML] [--half-size N | --radius-mm R] [--component C] --out FILE.csv\n"
                 "       rptdose kernel --from-table FILE --table-spacing X[,Y,Z] [--table-unit U]\n"
                 "         [--spacing X[,Y,Z]] --out FILE.csv\n\n"
                 "Voxel S-values in Gy/(Bq*s): mean dose to the voxel at offset (i,j,k) per decay in the centre\n"
                 "voxel, for the nuclide and its decay chain (ICRP-107), alpha + electron + photon. Physics and\n"
                 "validation: docs/physics.md.\n\noptions:\n"
              << format_options(kOptions);
    return parsed.flag("help") ? 0 : 2;
  }
  const auto out = parsed.value("out");
  if (!out) throw InvalidInput("give --out FILE.csv (or FILE.json for raw float64 + JSON)");
  const std::filesystem::path out_path(*out);
  const bool raw = out_path.extension() == ".json";
  const auto component = kernels::parse_component(parsed.value("component").value_or("total"));
  if (raw && component != kernels::KernelComponent::Total)
    throw InvalidInput("--component applies to CSV output; the JSON output always holds every component");

  const auto started = std::chrono::steady_clock::now();
  std::optional<kernels::DoseKernel> kernel;
  if (const auto table = parsed.value("from-table")) {
    if (parsed.value("nuclide")) throw InvalidInput("give either --nuclide (generate) or --from-table (import)");
    const auto table_spacing = parsed.value("table-spacing");
    if (!table_spacing) throw InvalidInput("--from-table needs --table-spacing: the voxel size the table was made for");
    kernels::KernelTableOptions options;
    options.spacing_mm = parse_spacing(*table_spacing, "table-spacing");
    options.unit = kernels::parse_kernel_unit(parsed.value("table-unit").value_or("mGy/(MBq*s)"));
    options.info.medium = parsed.value("medium").value_or("as in the table");
    options.info.density_g_per_ml =
        parsed.value("density")
            ? parse_number(*parsed.value("density"), "density")
            : kernels::nominal_density_g_per_ml(kernels::parse_medium(parsed.value("medium").value_or("soft-tissue")));
    kernel = kernels::read_kernel_table(std::filesystem::path(*table), options);
    if (const auto spacing = parsed.value("spacing"))
      kernel = kernels::resample_kernel(*kernel, parse_spacing(*spacing, "spacing"));
  } else {
    const auto nuclide = parsed.value("nuclide");
    const auto spacing = parsed.value("spacing");
    if (!nuclide || !spacing) throw InvalidInput("give --nuclide NAME and --spacing X[,Y,Z] (mm)");
    kernels::KernelOptions options;
    options.spacing_mm = parse_spacing(*spacing, "spacing");
    options.medium = kernels::parse_medium(parsed.value("medium").value_or("soft-tissue"));
    if (const auto d = parsed.value("density")) options.density_g_per_ml = parse_number(*d, "density");
    if (parsed.value("half-size") && parsed.value("radius-mm"))
      throw InvalidInput("give either --half-size or --radius-mm, not both");
    if (const auto h = parsed.value("half-size")) {
      const auto v = parse_list(*h, "half-size");
      for (int a = 0; a < 3; ++a) {
        if (v[a] != std::floor(v[a]) || v[a] < 0)
          throw InvalidInput("--half-size must be whole numbers ≥ 0 (the kernel is 2N+1 voxels wide), got '" + *h +
                             "'");
        if (v[a] > kernels::kMaxKernelHalfSize)
          throw InvalidInput("--half-size " + *h + " is too large: at most " +
                             std::to_string(kernels::kMaxKernelHalfSize));
        options.half_size[a] = static_cast<int>(v[a]);
      }
    }
    if (const auto r = parsed.value("radius-mm"))
      options.half_size = kernels::half_size_for_radius(options.spacing_mm, parse_number(*r, "radius-mm"));
    if (const auto r = parsed.value("photon-radius-mm"))
      options.photon_radius_mm = parse_number(*r, "photon-radius-mm");
    if (const auto days = parsed.value("max-half-life-d")) {
      const double value = parse_number(*days, "max-half-life-d");
      if (!(value > 0.0)) throw InvalidInput("--max-half-life-d must be positive, got " + *days);
      options.chain.max_daughter_half_life_s = value * units::kSecondsPerDay;
    }
    options.parallel.threads = parse_threads(parsed);
    kernel = kernels::generate_kernel(*nuclide, options);
  }
  if (raw)
    kernels::write_kernel_raw(out_path, *kernel);
  else
    kernels::write_kernel_csv(out_path, *kernel, component);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const auto n = kernel->half_size();
  std::cerr << "kernel " << (kernel->info().nuclide.empty() ? kernel->info().source : kernel->info().nuclide) << ": "
            << 2 * n[0] + 1 << "x" << 2 * n[1] + 1 << "x" << 2 * n[2] + 1 << " voxels of "
            << format_number("%g", kernel->spacing_mm()[0]) << "x" << format_number("%g", kernel->spacing_mm()[1])
            << "x" << format_number("%g", kernel->spacing_mm()[2]) << " mm, " << kernel->info().medium << " at "
            << format_number("%g", kernel->info().density_g_per_ml) << " g/mL\n";
  if (kernel->has_components()) {
    std::cerr << "energy deposited in the kernel per decay (MeV): alpha "
              << format_number("%.5g", kernel->deposited_energy_MeV(kernels::KernelComponent::Alpha)) << ", electron "
              << format_number("%.5g", kernel->deposited_energy_MeV(kernels::KernelComponent::Electron)) << ", photon "
              << format_number("%.5g", kernel->deposited_energy_MeV(kernels::KernelComponent::Photon)) << "\n";
  }
  std::cerr << "wrote " << out_path.string() << " in " << format_number("%.3f", seconds) << " s\n";
  return 0;
}

}  // namespace rptdose::cli
