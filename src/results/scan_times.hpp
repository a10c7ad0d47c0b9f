#pragma once
// Internal to src/results: the first and last scan of a run, in hours after injection.
#include <algorithm>
#include <cmath>
#include <limits>

#include "rptdose/results/run_summary.hpp"
#include "rptdose/results/therapy_comparison.hpp"

namespace rptdose::results {

/// [first, last] scan time (h) over inputs.time_points and the VOIs' tac; [0, 0] when the summary has none.
inline Interval scan_range_h(const RunSummary& summary) {
  double first = std::numeric_limits<double>::infinity(), last = 0.0;
  const auto add = [&](double t) {
    first = std::min(first, t);
    last = std::max(last, t);
  };
  for (const auto& t : summary.inputs.time_points) add(t.hours_after_injection);
  for (const auto& v : summary.vois)
    for (const auto& p : v.tac) add(p.time_h);
  return std::isfinite(first) ? Interval{first, last} : Interval{0.0, 0.0};
}

}  // namespace rptdose::results
