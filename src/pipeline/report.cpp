#include "report.hpp"

#include <cstdio>
#include <ostream>

#include "rptdose/core/atomic_file.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/timeactivity/models.hpp"
#include "rptdose/version.hpp"

namespace rptdose::pipeline::detail {

namespace {

std::string fixed(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

std::string general(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

}  // namespace

void write_report(const std::filesystem::path& path, const RunRecord& r) {
  write_file_atomically(path, [&](std::ostream& out) {
    const auto& s = r.study;
    out << "# rptdose dosimetry report\n\n"
        << "| | |\n|---|---|\n"
        << "| study | " << (s.file.empty() ? "(in memory)" : s.file.string()) << " |\n"
        << "| nuclide | " << s.nuclide << " (T½ " << general(r.chain.parent().half_life_s() / units::kSecondsPerHour)
        << " h) |\n"
        << "| administered activity | " << general(s.administered_activity_Bq / units::kBqPerMBq) << " MBq |\n"
        << "| time points | ";
    for (std::size_t i = 0; i < s.time_points.size(); ++i)
      out << (i ? ", " : "") << fixed(s.time_points[i].time_after_injection_s / units::kSecondsPerHour, 1) << " h";
    out << " |\n"
        << "| integration | " << timeactivity::model_choice_name(s.methods.integration) << ", "
        << route_name(s.methods.route) << " route |\n"
        << "| dose | " << dose::dose_method_description(s.methods.dose) << " (" << r.dose.report.method << ")"
        << (s.methods.density_correction ? ", density-corrected" : "") << " |\n"
        << "| registration | " << registration_method_name(s.registration.method) << " |\n"
        << "| rptdose | " << kVersion << " |\n\n";

    if (!r.result.vois.empty()) {
      out << "## Volumes of interest\n\n"
          << "| VOI | volume (mL) | mass (g) | mean dose (Gy) | D98 / D2 (Gy) | BED (Gy): of mean / voxel mean | "
             "TIA (MBq·h) | T_eff (h) | "
             "model |\n"
          << "|---|---:|---:|---:|---:|---:|---:|---:|---|\n";
      for (const auto& v : r.result.vois) {
        const auto& d = v.dose_Gy;
        const auto at = [&](double x) {
          const auto it = d.dose_at_volume_percent.find(x);
          return it == d.dose_at_volume_percent.end() ? std::string("–") : fixed(it->second, 2);
        };
        const auto& fit = v.kinetics.fit;
        out << "| " << v.name << " | " << fixed(d.volume_ml, 1) << " | " << fixed(d.mass_g, 1) << " | "
            << fixed(d.mean, 2) << " | " << at(98) << " / " << at(2) << " | "
            << (v.radiobiology ? fixed(v.radiobiology->bed_Gy, 2) + " / " +
                                     fixed(v.radiobiology->mean_voxel_bed_Gy, 2) + " (" + v.radiobiology->tissue + ")"
                               : "–")
            << " | " << general(fit.integral / units::kBqSecondsPerMBqHour) << " | "
            << fixed(fit.effective_half_life_s() / units::kSecondsPerHour, 1) << " | "
            << timeactivity::model_name(fit.model) << " |\n";
      }
      out << "\nBED: linear-quadratic with the G factor of each VOI's fitted curve and the tissue's α/β and repair "
             "half-time (data/radiobiology/tissue_parameters.csv; docs/radiobiology.md): of the VOI's mean dose, and "
             "the "
             "mean of the voxel BED map (bed_Gy), which is larger for a non-uniform dose.\n";
      out << "\nThe full table is in [vois.csv](vois.csv), the DVHs in [dvh.csv](dvh.csv), the curves in "
             "[tac.csv](tac.csv), everything machine-readable in [summary.json](summary.json).\n\n";
    }
    if (!r.plots.empty()) {
      out << "## Plots\n\n";
      for (const auto& p : r.plots) out << "![" << p << "](" << p << ")\n\n";
    }
    if (!r.result.warnings.empty()) {
      out << "## Warnings\n\n";
      for (const auto& w : r.result.warnings) out << "- " << w << "\n";
      out << "\n";
    }
    out << "## Time per stage (s)\n\n";
    for (const auto& stage : r.result.stages) out << "- " << stage.stage << ": " << fixed(stage.seconds, 2) << "\n";
    out << "- total: " << fixed(r.result.total_seconds, 2) << "\n";
  });
}

}  // namespace rptdose::pipeline::detail
