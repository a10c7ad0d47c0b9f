#pragma once
// Internal: the study's VOIs (labels.image: a label map, an RTSTRUCT, a SEG or a NIfTI mask folder) as one label map
// on the dose grid, with the VOI names (docs/study-file.md, "labels").
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rptdose/core/volume.hpp"
#include "rptdose/pipeline/study.hpp"

namespace rptdose::pipeline::detail {

struct StudyLabels {
  Volume<std::int32_t> labels;                ///< on the dose grid
  std::map<std::int32_t, std::string> names;  ///< every label present
  std::vector<std::string> warnings;
};

/// Reads `study.labels` onto `dose_grid` (an RTSTRUCT rasterised on up to `threads` threads, 0: default). Throws
/// InvalidInput / IoError (exit 2) naming the file and the problem.
StudyLabels load_study_labels(const Study& study, const Grid& dose_grid, unsigned threads);

}  // namespace rptdose::pipeline::detail
