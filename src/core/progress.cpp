#include "rptdose/core/progress.hpp"

#include <string>

#include "rptdose/core/error.hpp"

namespace rptdose {

void report_progress(const ProgressCallback& callback, double fraction_done, std::string_view stage) {
  if (callback && !callback(fraction_done, stage)) {
    throw Cancelled("operation cancelled by the progress callback during '" + std::string(stage) + "'");
  }
}

}  // namespace rptdose
