#pragma once
// Internal: the tables of a run's output folder (formats in docs/study-file.md, "Outputs").
#include <filesystem>
#include <vector>

#include "rptdose/analysis/voi_statistics.hpp"
#include "rptdose/pipeline/study.hpp"
#include "rptdose/results/run_summary.hpp"
#include "rptdose/timeactivity/voi_fit.hpp"

namespace rptdose::pipeline::detail {

/// vois.csv: one row per VOI (volume, mass, dose statistics, components, TIA, residence time, fit).
void write_voi_table(const std::filesystem::path& path, const std::vector<results::VoiRecord>& vois,
                     const OutputSpec& spec);

/// dvh.csv: voi, label, dose_Gy, volume_fraction (cumulative DVH of each VOI).
void write_dvh_table(const std::filesystem::path& path, const std::vector<results::VoiRecord>& vois,
                     const std::vector<analysis::Dvh>& dvhs);

/// tac.csv: voi, label, kind ("measured" or "fit"), time_h, activity_MBq — the measured TAC of each VOI and its
/// fitted curve (`kinetics`: the fit of each VOI, as `vois`) sampled densely from injection to 1.5× the last time
/// (for the TAC plot).
void write_tac_table(const std::filesystem::path& path, const std::vector<results::VoiRecord>& vois,
                     const std::vector<timeactivity::VoiFitResult>& kinetics, double lambda_phys_per_s);

/// The fitted curve of a VOI at time t (s): the exponential model, or the trapezoid's lines, head and tail.
double fitted_activity(const timeactivity::VoiFitResult& voi, double lambda_phys_per_s, double t_s);

}  // namespace rptdose::pipeline::detail
