#include "rptdose/pipeline/cycles.hpp"

#include <cstdio>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "output_folder.hpp"
#include "result_tables.hpp"
#include "rptdose/analysis/voi_statistics.hpp"
#include "rptdose/core/atomic_file.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/core/volume_checks.hpp"
#include "rptdose/io/image_io.hpp"

namespace rptdose::pipeline {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// The image formats a run writes (Study::OutputSpec::format), in the order they are looked for.
constexpr const char* kImageExtensions[] = {".nii.gz", ".nii", ".nrrd", ".mha"};
/// DVH bins of the cumulative DVH: as many as the run's dvh.csv (src/pipeline/run.cpp), so the two compare.
constexpr std::size_t kDvhBins = 200;

constexpr const char* kAssumption =
    "full repair between cycles: BED_total = sum of the cycles' BEDs (Dale 1985), doses add; no repopulation or "
    "other time factor between cycles; cumulative maps need all cycles on one grid";

std::string number_text(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", x);
  return buffer;
}

std::optional<fs::path> existing(const fs::path& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return path;
  return std::nullopt;
}

std::string grid_text(const Grid& g) {
  return std::to_string(g.size()[0]) + "×" + std::to_string(g.size()[1]) + "×" + std::to_string(g.size()[2]) +
         " voxels of " + number_text(g.spacing_mm().x()) + "×" + number_text(g.spacing_mm().y()) + "×" +
         number_text(g.spacing_mm().z()) + " mm at (" + number_text(g.origin_mm().x()) + ", " +
         number_text(g.origin_mm().y()) + ", " + number_text(g.origin_mm().z()) + ") mm";
}

/// A map of cycle k (0-based) must lie on the grid of cycle 1's dose map.
void require_cycle_grid(const Grid& reference, const Grid& grid, std::size_t k, const std::string& what) {
  if (reference.same_geometry(grid)) return;
  throw InvalidInput("cycle " + std::to_string(k + 1) + " is on another grid (its " + what + ": " + grid_text(grid) +
                     "; cycle 1: " + grid_text(reference) +
                     "): register the cycles' results to one grid first (or write the tables only: --no-maps)");
}

/// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

json optional_json(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

json result_json(const CyclesResult& r) {
  json cycles = json::array();
  for (std::size_t k = 0; k < r.runs.size(); ++k) {
    const auto& run = r.runs[k];
    cycles.push_back({{"cycle", k + 1},
                      {"label", r.labels[k]},
                      {"results", fs::absolute(run.folder).lexically_normal().string()},
                      {"nuclide", run.summary.nuclide},
                      {"administered_activity_Bq", run.summary.administered_activity_Bq},
                      {"administered_activity_MBq", run.summary.administered_activity_Bq / units::kBqPerMBq}});
  }
  json vois = json::array();
  for (std::size_t i = 0; i < r.rows.size();) {
    const std::string& name = r.rows[i].voi;
    json voi = {{"name", name}, {"tissue", nullptr}, {"alpha_beta_Gy", nullptr}, {"cycles", json::array()}};
    const radiobiology::CumulativeRow* last = nullptr;
    for (; i < r.rows.size() && r.rows[i].voi == name; ++i) {
      const auto& row = r.rows[i];
      const auto& run = r.runs[row.cycle_index];
      for (const auto& v : run.summary.vois)
        if (v.name == name && v.radiobiology && voi["tissue"].is_null()) voi["tissue"] = v.radiobiology->tissue;
      if (row.alpha_beta_Gy) voi["alpha_beta_Gy"] = *row.alpha_beta_Gy;
      voi["cycles"].push_back({{"cycle", row.cycle_index + 1},
                               {"label", row.cycle},
                               {"nuclide", run.summary.nuclide},
                               {"administered_activity_MBq", run.summary.administered_activity_Bq / units::kBqPerMBq},
                               {"dose_Gy", row.dose_Gy},
                               {"bed_Gy", optional_json(row.bed_Gy)},
                               {"cumulative_dose_Gy", row.cumulative_dose_Gy},
                               {"cumulative_bed_Gy", optional_json(row.cumulative_bed_Gy)},
                               {"cumulative_eqd2_Gy", optional_json(row.cumulative_eqd2_Gy)}});
      last = &row;
    }
    voi["total_dose_Gy"] = last->cumulative_dose_Gy;
    voi["total_bed_Gy"] = optional_json(last->cumulative_bed_Gy);
    voi["total_eqd2_Gy"] = optional_json(last->cumulative_eqd2_Gy);
    vois.push_back(std::move(voi));
  }
  return {
      {"assumptions", kAssumption}, {"cycles", cycles}, {"vois", vois}, {"files", r.files}, {"warnings", r.warnings}};
}

/// Cycle k's map `name` (dose_Gy, bed_Gy): read, on cycle 1's grid, finite.
Volume<float> read_cycle_map(const fs::path& path, std::size_t k, const Grid& reference, const std::string& name) {
  Volume<float> map = io::read_image(path);
  require_cycle_grid(reference, map.grid(), k, name + " map");
  require_finite(map, "the " + name + " map of cycle " + std::to_string(k + 1) + " (" + path.string() + ")",
                 "fix that run's output");
  return map;
}

/// Voxel sum of the cycles' maps `name`, read one at a time so that memory holds two maps, not one per cycle (the
/// obvious radiobiology::sum_cycle_maps holds them all; a 512×512×400 map is 400 MB).
Volume<float> summed_maps(const std::vector<fs::path>& paths, const Grid& reference, const std::string& name) {
  Volume<float> total(reference, 0.0f);
  for (std::size_t k = 0; k < paths.size(); ++k) {
    total += read_cycle_map(paths[k], k, reference, name);
  }
  return total;
}

}  // namespace

CycleRun read_cycle_run(const fs::path& results) {
  std::error_code ec;
  CycleRun run;
  if (fs::is_directory(results, ec)) {
    run.folder = results;
    run.summary_file = results / "summary.json";
  } else if (fs::is_regular_file(results, ec)) {
    run.summary_file = results;
    run.folder = results.parent_path().empty() ? fs::path(".") : results.parent_path();
  } else {
    throw IoError("the results folder " + results.string() +
                  " does not exist: give the results folder of an rptdose run (with summary.json) or its summary.json");
  }
  run.summary = results::read_run_summary(run.summary_file);
  for (const char* ext : kImageExtensions) {
    if (const auto dose = existing(run.folder / (std::string("dose_Gy") + ext))) {
      run.image_extension = ext;
      run.dose_map = dose;
      run.bed_map = existing(run.folder / (std::string("bed_Gy") + ext));
      run.labels_map = existing(run.folder / (std::string("labels") + ext));
      break;
    }
  }
  return run;
}

std::vector<radiobiology::CumulativeRow> cumulative_rows(const std::vector<CycleRun>& runs,
                                                         const std::vector<std::string>& labels) {
  if (labels.size() != runs.size())
    throw InvalidInput(std::to_string(labels.size()) + " cycle labels for " + std::to_string(runs.size()) +
                       " cycles: give one label per cycle, or none");
  std::vector<radiobiology::Cycle> cycles;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    radiobiology::Cycle cycle{labels[k], {}};
    for (const auto& v : runs[k].summary.vois) {
      radiobiology::CycleVoiDose entry;
      entry.voi = v.name;
      entry.dose_Gy = v.mean_dose_Gy;
      if (const auto& r = v.radiobiology) {
        entry.alpha_beta_Gy = r->alpha_beta_Gy;
        entry.bed_Gy = r->bed_Gy;  // the run's own: alpha parts already enter linearly (RBE_α·D_α)
        entry.g_factor = r->g_factor;
      }
      cycle.vois.push_back(std::move(entry));
    }
    cycles.push_back(std::move(cycle));
  }
  // No α/β function: a VOI without a radiobiology entry in its run gets doses only.
  return radiobiology::cumulative_table(cycles, nullptr);
}

CyclesResult accumulate_cycles(const std::vector<fs::path>& paths, const CyclesOptions& options) {
  if (paths.empty())
    throw InvalidInput("no cycles given: give the results folder of each cycle's rptdose run, in treatment order");
  if (!options.labels.empty() && options.labels.size() != paths.size())
    throw InvalidInput(std::to_string(options.labels.size()) + " --label for " + std::to_string(paths.size()) +
                       " cycles: give one label per cycle, in the same order, or none");
  CyclesResult result;
  for (std::size_t k = 0; k < paths.size(); ++k) {
    result.runs.push_back(read_cycle_run(paths[k]));
    result.labels.push_back(options.labels.empty() ? "cycle " + std::to_string(k + 1) : options.labels[k]);
    std::error_code ec;
    for (std::size_t j = 0; j < k; ++j)
      if (fs::equivalent(result.runs[j].summary_file, result.runs[k].summary_file, ec))
        result.warnings.push_back("cycles " + std::to_string(j + 1) + " and " + std::to_string(k + 1) +
                                  " are the same run (" + result.runs[k].summary_file.string() + ")");
  }
  result.rows = cumulative_rows(result.runs, result.labels);
  // A VOI with a BED in some of its cycles only (a fit without activity in one run): say from when its sum is unknown.
  for (std::size_t i = 0; i < result.rows.size();) {
    std::size_t end = i, with_bed = 0;
    for (; end < result.rows.size() && result.rows[end].voi == result.rows[i].voi; ++end)
      with_bed += result.rows[end].bed_Gy.has_value();
    if (with_bed > 0 && with_bed < end - i) {
      std::size_t first_unknown = i;
      while (result.rows[first_unknown].cumulative_bed_Gy) ++first_unknown;
      result.warnings.push_back("VOI '" + result.rows[i].voi + "' has a BED in " + std::to_string(with_bed) +
                                " of its " + std::to_string(end - i) +
                                " cycles: its cumulative BED is unknown from cycle " +
                                std::to_string(result.rows[first_unknown].cycle_index + 1) + " on");
    }
    i = end;
  }
  if (options.output_folder.empty()) return result;

  std::vector<fs::path> inputs;
  for (const auto& run : result.runs) inputs.push_back(run.folder);
  detail::OutputFolder out(options.output_folder, options.force, inputs);
  result.warnings.insert(result.warnings.end(), out.warnings().begin(), out.warnings().end());

  if (options.maps) {
    std::vector<fs::path> dose_paths, bed_paths;
    for (std::size_t k = 0; k < result.runs.size(); ++k) {
      const auto& run = result.runs[k];
      if (!run.dose_map)
        throw InvalidInput("cycle " + std::to_string(k + 1) + " (" + run.folder.string() +
                           ") has no dose_Gy map: give the run's whole results folder, or pass --no-maps for the "
                           "table only");
      if (!run.labels_map)
        throw InvalidInput("cycle " + std::to_string(k + 1) + " (" + run.folder.string() +
                           ") has no labels map: give the run's whole results folder, or pass --no-maps for the "
                           "table only");
      dose_paths.push_back(*run.dose_map);
      if (run.bed_map) bed_paths.push_back(*run.bed_map);
    }
    const std::string ext = result.runs.front().image_extension;
    // Labels first: they fix the reference grid and are needed for the DVH.
    const Volume<std::int32_t> labels = io::read_labels(*result.runs.front().labels_map);
    const Grid& grid = labels.grid();
    for (std::size_t k = 1; k < result.runs.size(); ++k) {
      const auto other = io::read_labels(*result.runs[k].labels_map);
      require_cycle_grid(grid, other.grid(), k, "label map");
      std::size_t differ = 0;
      for (std::size_t n = 0; n < labels.size(); ++n) differ += labels[n] != other[n];
      if (differ > 0)
        result.warnings.push_back("the label map of cycle " + std::to_string(k + 1) + " differs from cycle 1's in " +
                                  std::to_string(differ) + " voxels: the cumulative DVH uses cycle 1's VOIs");
    }
    const Volume<float> dose = summed_maps(dose_paths, grid, "dose_Gy");
    io::write_image(dose, out.path("cumulative_dose_Gy" + ext));
    result.files.push_back("cumulative_dose_Gy" + ext);
    if (bed_paths.size() == result.runs.size()) {
      io::write_image(summed_maps(bed_paths, grid, "bed_Gy"), out.path("cumulative_bed_Gy" + ext));
      result.files.push_back("cumulative_bed_Gy" + ext);
    } else {
      result.warnings.push_back(
          bed_paths.empty() ? "no run has a bed_Gy map: no cumulative_bed_Gy map (the table has the BEDs)"
                            : "only " + std::to_string(bed_paths.size()) + " of " + std::to_string(result.runs.size()) +
                                  " runs have a bed_Gy map: no cumulative_bed_Gy map (the table has the BEDs)");
    }
    // Cumulative DVH of each VOI of cycle 1 present in its label map, as the run's dvh.csv.
    std::map<std::int32_t, std::size_t> voxels;
    for (const auto v : labels.values()) ++voxels[v];
    std::vector<results::VoiRecord> dvh_vois;
    std::vector<analysis::Dvh> dvhs;
    for (const auto& v : result.runs.front().summary.vois) {
      if (v.label <= 0 || voxels.count(v.label) == 0) continue;
      results::VoiRecord voi;
      voi.label = v.label;
      voi.name = v.name;
      dvh_vois.push_back(std::move(voi));
      dvhs.push_back(analysis::cumulative_dvh(dose, labels, v.label, kDvhBins));
    }
    detail::write_dvh_table(out.path("cumulative_dvh.csv"), dvh_vois, dvhs);
    result.files.push_back("cumulative_dvh.csv");
  }
  result.files.push_back("cumulative.csv");
  result.files.push_back("cumulative.json");
  write_file_atomically(out.path("cumulative.csv"), [&](std::ostream& o) { o << cycles_to_csv(result); });
  write_file_atomically(out.path("cumulative.json"), [&](std::ostream& o) { o << cycles_to_json(result) << "\n"; });
  out.commit();
  result.output_folder = out.final_path("");
  return result;
}

std::string cycles_to_json(const CyclesResult& result, int indent) {
  return result_json(result).dump(indent);
}

std::string cycles_to_csv(const CyclesResult& result) {
  std::ostringstream out;
  out << "voi,cycle,cycle_label,nuclide,administered_activity_MBq,tissue,alpha_beta_Gy,dose_Gy,bed_Gy,"
         "cumulative_dose_Gy,cumulative_bed_Gy,cumulative_eqd2_Gy\n";
  out.precision(10);
  const auto optional = [&](const std::optional<double>& v) {
    out << ',';
    if (v) out << *v;
  };
  for (const auto& row : result.rows) {
    const auto& run = result.runs[row.cycle_index];
    std::string tissue;
    for (const auto& v : run.summary.vois)
      if (v.name == row.voi && v.radiobiology) tissue = v.radiobiology->tissue;
    out << csv_field(row.voi) << ',' << row.cycle_index + 1 << ',' << csv_field(row.cycle) << ','
        << csv_field(run.summary.nuclide) << ',' << run.summary.administered_activity_Bq / units::kBqPerMBq << ',' << csv_field(tissue);
    optional(row.alpha_beta_Gy);
    out << ',' << row.dose_Gy;
    optional(row.bed_Gy);
    out << ',' << row.cumulative_dose_Gy;
    optional(row.cumulative_bed_Gy);
    optional(row.cumulative_eqd2_Gy);
    out << '\n';
  }
  return out.str();
}

}  // namespace rptdose::pipeline
