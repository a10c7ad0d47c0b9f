#include "report.hpp"

#include <cstdio>
#include <ostream>

#include "rptdose/core/atomic_file.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/dose/dose_method.hpp"

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

/// The candidates of methods.compare_nuclides at their organ-limited activity (comparison.json has everything).
void write_comparison_section(std::ostream& out, const results::Comparison& c) {
  out << "## Candidate therapies for this patient (methods.compare_nuclides)\n\n"
      << "Each candidate predicted from this study's voxel kinetics (measured with " << c.measured_nuclide
      << "), planned to the organ limits over " << c.cycles << " cycle" << (c.cycles > 1 ? "s" : "")
      << "; the therapeutic index is the lowest tumour BED at that activity.\n\n"
      << "| candidate | activity per cycle (GBq) | limited by | therapeutic index: tumour BED (Gy) | rank"
      << (c.rbe_alpha_range || !c.daughters.empty() ? " | ranks over the sensitivity ranges" : "") << " |\n"
      << "|---|---:|---|---:|---:" << (c.rbe_alpha_range || !c.daughters.empty() ? "|---:" : "") << "|\n";
  for (const auto& k : c.candidates) {
    out << "| " << k.dosimetry.nuclide << " | " << general(k.activity_Bq / units::kBqPerGBq) << " | "
        << (k.limiting_voi.empty()
                ? "–"
                : k.limiting_voi + " (" + std::string(radiobiology::limit_kind_name(k.limiting_limit.kind)) + " " +
                      general(k.limiting_limit.value_Gy) + " Gy)")
        << " | "
        << (k.therapeutic_index_Gy ? fixed(*k.therapeutic_index_Gy, 1) + " (" + k.therapeutic_index_voi + ")" : "–")
        << " | " << (k.rank ? std::to_string(k.rank) : "–");
    if (c.rbe_alpha_range || !c.daughters.empty())
      out << " | " << k.sensitivity.best_rank << "–" << k.sensitivity.worst_rank;
    out << " |\n";
  }
  out << "\nAssumptions:\n\n";
  for (const auto& a : c.assumptions) out << "- " << a << "\n";
  out << "\nPer VOI and candidate: [comparison.csv](comparison.csv), [comparison.json](comparison.json).\n\n";
}

}  // namespace

void write_report(const std::filesystem::path& path, const results::RunSummary& s, const Study& study,
                  const results::Comparison* comparison) {
  write_file_atomically(path, [&](std::ostream& out) {
    const auto& m = s.methods;
    out << "# rptdose dosimetry report\n\n"
        << "| | |\n|---|---|\n"
        << "| study | " << (s.study_file.empty() ? "(in memory)" : s.study_file) << " |\n"
        << "| nuclide | " << s.nuclide << " (T½ " << general(s.half_life_h) << " h) |\n"
        << "| administered activity | " << general(s.administered_activity_Bq / units::kBqPerMBq) << " MBq |\n"
        << "| time points | ";
    for (std::size_t i = 0; i < s.inputs.time_points.size(); ++i)
      out << (i ? ", " : "") << fixed(s.inputs.time_points[i].hours_after_injection, 1) << " h";
    out << " |\n"
        << "| integration | " << m.integration << ", " << m.route << " route |\n";
    if (const auto& stp = m.single_time_point)
      out << "| single time point | " << stp->method << ": " << stp->assumptions << " |\n";
    out << "| dose | " << dose::dose_method_description(study.methods.dose) << " (" << m.convolution << ")"
        << (m.density_correction ? ", density-corrected" : "") << " |\n"
        << "| partial volume | " << (m.partial_volume ? m.partial_volume->description : "not corrected") << " |\n";
    if (const auto& mc = m.monte_carlo)
      out << "| Monte Carlo | materials " << mc->materials << ", " << mc->decays_simulated << " decays (seed "
          << mc->seed << "), " << fixed(mc->seconds, 1) << " s; the mean doses below carry their statistical "
          << "uncertainty (1 SD) |\n";
    out << "| registration | " << m.registration << " |\n"
        << "| rptdose | " << s.rptdose_version << " |\n\n";

    if (!s.vois.empty()) {
      out << "## Volumes of interest\n\n"
          << "| VOI | volume (mL) | mass (g) | mean dose (Gy) | D98 / D2 (Gy) | BED (Gy): of mean / voxel mean | "
             "TIA (MBq·h) | T_eff (h) | "
             "model |\n"
          << "|---|---:|---:|---:|---:|---:|---:|---:|---|\n";
      for (const auto& v : s.vois) {
        const auto at = [&](double x) {
          const auto it = v.dose_at_volume_percent_Gy.find(x);
          return it == v.dose_at_volume_percent_Gy.end() ? std::string("–") : fixed(it->second, 2);
        };
        out << "| " << v.name << " | " << fixed(v.volume_mL, 1) << " | " << fixed(v.mass_g.value(), 1) << " | "
            << fixed(v.mean_dose_Gy, 2)
            << (v.monte_carlo_relative_uncertainty ? " ± " + fixed(100 * *v.monte_carlo_relative_uncertainty, 1) + " %"
                                                   : "")
            << " | " << at(98) << " / " << at(2) << " | "
            << (v.radiobiology ? fixed(v.radiobiology->bed_Gy, 2) + " / " +
                                     fixed(v.radiobiology->mean_voxel_bed_Gy, 2) + " (" + v.radiobiology->tissue + ")"
                               : "–")
            << " | " << general(v.tia_Bq_s.value() / units::kBqSecondsPerMBqHour)
            << (v.partial_volume
                    ? " (as imaged: " + general(v.partial_volume->tia_uncorrected_Bq_s / units::kBqSecondsPerMBqHour) +
                          ")"
                    : "")
            << " | " << (v.effective_half_life_h ? fixed(*v.effective_half_life_h, 1) : "–") << " | " << v.fit.model
            << " |\n";
      }
      if (m.single_time_point) {
        out << "\nSingle time point: each VOI's T_eff and where it came from:\n\n";
        for (const auto& v : s.vois)
          if (const auto& stp = v.fit.single_time_point)
            out << "- " << v.name << ": " << fixed(stp->effective_half_life_h, 1) << " h, " << stp->half_life_source
                << "\n";
      }
      out << "\nBED: linear-quadratic with the G factor of each VOI's fitted curve and the tissue's α/β and repair "
             "half-time (data/radiobiology/tissue_parameters.csv; docs/radiobiology.md): of the VOI's mean dose, and "
             "the "
             "mean of the voxel BED map (bed_Gy), which is larger for a non-uniform dose.\n";
      out << "\nThe full table is in [vois.csv](vois.csv), the DVHs in [dvh.csv](dvh.csv), the curves in "
             "[tac.csv](tac.csv), everything machine-readable in [summary.json](summary.json).\n\n";
    }
    if (comparison) write_comparison_section(out, *comparison);
    if (!s.plots.empty()) {
      out << "## Plots\n\n";
      for (const auto& p : s.plots) out << "![" << p << "](" << p << ")\n\n";
    }
    if (!s.warnings.empty()) {
      out << "## Warnings\n\n";
      for (const auto& w : s.warnings) out << "- " << w << "\n";
      out << "\n";
    }
    // Every stage in run order, then the total.
    out << "## Time per stage (s)\n\n";
    for (const auto& [stage, seconds] : s.timing_s) out << "- " << stage << ": " << fixed(seconds, 2) << "\n";
  });
}

}  // namespace rptdose::pipeline::detail
