#include "stage_writers.hpp"

#include <cstdint>
#include <ostream>

#include "plots.hpp"
#include "report.hpp"
#include "result_tables.hpp"
#include "rptdose/core/atomic_file.hpp"
#include "rptdose/io/dicom_folder.hpp"
#include "rptdose/io/image_io.hpp"
#include "rptdose/io/rt_dose_writer.hpp"
#include "rptdose/io/seg_writer.hpp"
#include "voi_radiobiology.hpp"

namespace rptdose::pipeline::detail {

namespace {

/// The DICOM series the RT Dose joins: the CT of the dose grid (ct.image, else the reference time point's ct), else
/// the reference emission image; none of them DICOM: a new Study and Frame of Reference (docs/dicom.md).
io::DicomReference dicom_reference(const Study& study) {
  const auto& reference = study.time_points.at(study.registration.reference_time_point);
  std::vector<std::filesystem::path> candidates;
  if (study.ct) candidates.push_back(study.ct->image);
  if (reference.ct) candidates.push_back(*reference.ct);
  candidates.push_back(reference.image);
  for (const auto& path : candidates)
    if (std::filesystem::is_directory(path) || io::is_dicom_file(path)) return io::read_dicom_reference(path);
  return io::new_dicom_reference();
}

/// dose.dcm (absorbed dose), dose_rbe_weighted.dcm and bed.dcm (when computed) and vois.seg.dcm (with a label map).
void write_dicom_maps(const RunProducts& run, const Volume<float>* rbe_weighted_Gy, const OutputFolder& out) {
  const auto reference = dicom_reference(run.study);
  const std::string nuclide = " (" + run.study.nuclide + ")";
  const bool density = run.study.methods.density_correction;
  // Series numbers above a scanner's usual ones, so that the outputs sort after the CT and SPECT in viewers.
  io::write_rt_dose(run.dose.maps.total, reference,
                    {io::RtDoseType::Physical, "rptdose absorbed dose" + nuclide, "absorbed dose (Gy)", 901, density},
                    out.path("dose.dcm"));
  if (rbe_weighted_Gy)
    io::write_rt_dose(*rbe_weighted_Gy, reference,
                      {io::RtDoseType::Effective, "rptdose RBE-weighted dose" + nuclide,
                       "RBE-weighted: RBE_alpha x D_alpha + D_electron + D_photon (Gy)", 902, density},
                      out.path("dose_rbe_weighted.dcm"));
  if (run.vois.bed_Gy)
    io::write_rt_dose(*run.vois.bed_Gy, reference,
                      {io::RtDoseType::Effective, "rptdose BED" + nuclide,
                       "BED (Gy, LQ model): not a physical dose; 0 outside tissue VOIs", 903, density},
                      out.path("bed.dcm"));
  if (!run.inputs.images.labels || run.vois.vois.empty()) return;
  std::vector<io::SegSegment> segments;
  for (const auto& v : run.vois.vois) segments.push_back({v.label, v.name});
  io::write_seg(*run.inputs.images.labels, segments, reference, {"rptdose VOIs" + nuclide, 904},
                out.path("vois.seg.dcm"));
}

}  // namespace

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
  const auto rbe =
      rbe_weighted_map(dose, in.labels ? &*in.labels : nullptr, run.vois.vois, run.study.methods.rbe_alpha);
  if (rbe) write(*rbe, "dose_rbe_weighted_Gy");
  if (run.dose.monte_carlo) write(run.dose.monte_carlo->relative_uncertainty, "dose_mc_relative_uncertainty");
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
  if (run.study.output.dicom_rt_dose) write_dicom_maps(run, rbe ? &*rbe : nullptr, out);
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

void write_comparison(const results::Comparison& comparison, const OutputFolder& out) {
  write_file_atomically(out.path("comparison.json"),
                        [&](std::ostream& o) { o << results::comparison_to_json(comparison, 2) << "\n"; });
  write_file_atomically(out.path("comparison.csv"),
                        [&](std::ostream& o) { o << results::comparison_to_csv(comparison); });
}

void write_summary_and_report(const results::RunSummary& summary, const Study& study, const OutputFolder& out,
                              const results::Comparison* comparison) {
  write_file_atomically(out.path("summary.json"), [&](std::ostream& o) { o << results::to_json(summary, 2) << "\n"; });
  write_report(out.path("report.md"), summary, study, comparison);
}

}  // namespace rptdose::pipeline::detail
