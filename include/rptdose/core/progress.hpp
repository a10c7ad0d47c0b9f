#pragma once
// rptdose::core — progress reporting and cancellation for long operations. The library never prints: it calls
// the caller's callback, which may draw a progress bar and may ask to stop.
//
// Module core owns geometry, volumes, units, errors, threads, progress and data paths; it depends on Eigen only (no
// other rptdose module, no ITK or DCMTK).
#include <functional>
#include <string_view>

namespace rptdose {

/// Called with the fraction done (0..1) and the name of the current stage. Return false to cancel: the
/// operation then throws rptdose::Cancelled and leaves its outputs unwritten.
using ProgressCallback = std::function<bool(double fraction_done, std::string_view stage)>;

/// Calls `callback` if set and throws Cancelled when it asks to stop.
void report_progress(const ProgressCallback& callback, double fraction_done, std::string_view stage);

}  // namespace rptdose
