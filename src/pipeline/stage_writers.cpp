#include "stage_writers.hpp"

#include <cstdint>
#include <ostream>

#include "plots.hpp"
#include "report.hpp"
#include "result_tables.hpp"
#include "rptdose/core/atomic_file.hpp"
#include "rptdose/io/image_io.hpp"
#include "voi_radiobiology.hpp"

namespace rptdose::pipeline::detail {

void write_maps(const RunProducts& run, const OutputFolder& out) {
  const auto& in = run.inputs.images;
  const auto& dose = run.dose.maps;
  const auto& tia = run.kinetics.fits;
  const std::string ext = output_extension(run.study.output.format);
  const auto write = [&](const Volume<float>& map, const std::string& name) {
    io::write_image(map, out.path(name + ext));
  };
  write(dose.total, "dose_Gy");
  if (dose.alpha) {
    write(*dose.alpha, "dose_alpha_Gy");
    write(*dose.electron, "dose_electron_Gy");
    write(*dose.photon, "dose_photon_Gy");
  }
  if (const auto rbe =
          rbe_weighted_map(dose, in.labels ? &*in.labels : nullptr, run.vois.vois, run.study.methods.rbe_alpha))
    write(*rbe, "dose_rbe_weighted_Gy");
  if (run.vois.bed_Gy) write(*run.vois.bed_Gy, "bed_Gy");
  if (run.vois.g_factor) write(*run.vois.g_factor, "g_factor");
  write(tia.integral, "tia_Bq_s");
  write(tia.integral_se, "tia_se_Bq_s");
  write(tia.effective_half_life_h, "effective_half_life_h");
  write(tia.r_squared, "fit_r_squared");
  const auto as_labels = [](const Volume<std::uint8_t>& codes) {
    Volume<std::int32_t> labels(codes.grid());
    for (std::size_t v = 0; v < codes.size(); ++v) labels[v] = codes[v];
    return labels;
  };
  io::write_labels(as_labels(tia.status), out.path("fit_status" + ext));
  io::write_labels(as_labels(tia.model), out.path("fit_model" + ext));
  if (in.density_g_per_ml) write(*in.density_g_per_ml, "density_g_per_mL");
  if (in.labels) io::write_labels(*in.labels, out.path("labels" + ext));
}

void write_tables(const RunProducts& run, const OutputFolder& out) {
  if (!run.inputs.images.labels) return;
  const auto& v = run.vois;
  write_voi_table(out.path("vois.csv"), v.vois, run.study.output);
  write_dvh_table(out.path("dvh.csv"), v.vois, v.dvhs);
  write_tac_table(out.path("tac.csv"), v.vois, v.kinetics, run.inputs.lambda_phys_per_s);
}

FigureResult write_figures(const RunProducts& run, const OutputFolder& out, const FigureMaker& figures) {
  const auto& ct = run.inputs.images.ct_HU;
  write_overlay_data(out.path("plots/overlay.json"), run.dose.maps.total, ct ? &*ct : nullptr);
  if (!figures) return {{}, "no figure maker was given (RunOptions::figures)"};
  return figures(out.path(""));
}

void write_summary_and_report(const results::RunSummary& summary, const Study& study, const OutputFolder& out) {
  write_file_atomically(out.path("summary.json"), [&](std::ostream& o) { o << results::to_json(summary, 2) << "\n"; });
  write_report(out.path("report.md"), summary, study);
}

}  // namespace rptdose::pipeline::detail
