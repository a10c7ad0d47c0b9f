#pragma once
// Internal: the writer stages of a run (run.cpp), each reading the typed values of the stages before it and
// writing its files into the run's output folder (formats in docs/study-file.md, "Outputs"). A new output is a
// new writer here, called from run_study.
#include <string>
#include <vector>

#include "output_folder.hpp"
#include "rptdose/kernels/dose_kernel.hpp"
#include "rptdose/pipeline/run.hpp"
#include "rptdose/results/therapy_comparison.hpp"
#include "rptdose/results/run_summary.hpp"
#include "stage_dose.hpp"
#include "stage_inputs.hpp"
#include "stage_kinetics.hpp"
#include "stage_voi_analysis.hpp"

namespace rptdose::pipeline::detail {

/// What the writers read: the values of a run's stages (references; they live as long as run_study's locals).
struct RunProducts {
  const Study& study;
  const RunInputs& inputs;
  const kernels::DoseKernel* kernel;  ///< none: dose "monte-carlo"
  const VoxelKinetics& kinetics;
  const DoseResult& dose;
  const VoiAnalysis& vois;
};

/// The maps, in the study's image format: dose (total, components, RBE-weighted), BED and its G, TIA and the
/// voxel fits, density, labels; with output.dicom_rt_dose also dose.dcm, dose_rbe_weighted.dcm, bed.dcm (RT Dose) and
/// vois.seg.dcm (SEG) in the Study and Frame of Reference of the study's DICOM CT (docs/dicom.md).
void write_maps(const RunProducts& run, const OutputFolder& out);

/// vois.csv, dvh.csv and tac.csv (with a label map).
void write_tables(const RunProducts& run, const OutputFolder& out);

/// plots/overlay.json, then the figures by `figures` (none given: none drawn, and an error saying so).
FigureResult write_figures(const RunProducts& run, const OutputFolder& out, const FigureMaker& figures);

/// comparison.json (results::comparison_to_json) and comparison.csv, of methods.compare_nuclides; the figures then
/// draw plots/comparison.png from the JSON.
void write_comparison(const results::Comparison& comparison, const OutputFolder& out);

/// summary.json (results::to_json) and report.md, from the finished run's summary (and its comparison, if any).
void write_summary_and_report(const results::RunSummary& summary, const Study& study, const OutputFolder& out,
                              const results::Comparison* comparison = nullptr);

}  // namespace rptdose::pipeline::detail
