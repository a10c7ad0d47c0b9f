#pragma once
// Test fixture: writes a DICOM series with ITK/GDCM (an independent writer) so that read_image can be checked on
// it. Plain types only: this header is included next to rptdose headers (see src/io/itk_image_files.hpp on why
// ITK and rptdose's Eigen do not share a translation unit).
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rptdose::io::testing {

/// One file per slice, IM0.dcm, IM1.dcm, ... in `folder` (created). direction: row-major, columns = image axes.
void write_dicom_series(const std::string& folder, const std::array<unsigned, 3>& size,
                        const std::array<double, 3>& spacing_mm, const std::array<double, 3>& origin_mm,
                        const std::array<double, 9>& direction, const std::int16_t* values,
                        const std::vector<std::pair<std::string, std::string>>& extra_tags = {});

}  // namespace rptdose::io::testing
