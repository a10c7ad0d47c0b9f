#pragma once
// The figures of `rptdose run` and `rptdose demo`: python/rptdose/plots.py (installed as
// share/rptdose/plot_study.py) run as a separate process on the run's tables, so the C++ program needs no plotting
// library, and a missing Python or matplotlib costs the plots (a warning), never the dose.
#include "rptdose/pipeline/run.hpp"

namespace rptdose::cli {

/// A figure maker that runs the plot script with an interpreter: $RPTDOSE_PYTHON, else the one found at build time.
/// The script: $RPTDOSE_PLOT_SCRIPT, else the installed one next to the data folder, else the source tree's.
pipeline::FigureMaker plot_script_figures();

}  // namespace rptdose::cli
