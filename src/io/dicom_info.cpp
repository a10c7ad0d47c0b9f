#include "rptdose/io/dicom_info.hpp"

#include <cstdlib>
#include <string>
#include <vector>

#include "itk_image_files.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::io {

namespace {

double number(const std::map<std::string, std::string>& tags, const std::string& tag) {
  const std::string& text = tags.at(tag);
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) throw IoError("DICOM tag (" + tag + ") holds '" + text + "', not a number");
  return value;
}

}  // namespace

DicomInfo read_dicom_info(const std::filesystem::path& folder) {
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error))
    throw IoError("cannot read DICOM from " + folder.string() + ": not a folder");
  const std::vector<std::string> wanted{"0008|0060", "0008|0022", "0008|0032", "0008|0021", "0008|0031",
                                        "0054|1001", "0054|1102", "0028|1053", "0028|1052", "0018|1242"};
  const auto tags = detail::read_dicom_tags(folder.string(), wanted);
  const auto has = [&](const char* tag) { return tags.count(tag) > 0; };
  DicomInfo info;
  if (has("0008|0060")) info.modality = tags.at("0008|0060");
  try {
    if (has("0008|0022") && has("0008|0032"))
      info.acquisition_time_s = dicom_datetime_seconds(tags.at("0008|0022"), tags.at("0008|0032"));
    else if (has("0008|0021") && has("0008|0031"))
      info.acquisition_time_s = dicom_datetime_seconds(tags.at("0008|0021"), tags.at("0008|0031"));
  } catch (const InvalidInput& e) {
    throw IoError("the DICOM series in " + folder.string() + " has an unusable acquisition time: " + e.what());
  }
  if (has("0054|1001")) info.units = tags.at("0054|1001");
  if (has("0054|1102")) info.decay_correction = tags.at("0054|1102");
  if (has("0028|1053")) info.rescale_slope = number(tags, "0028|1053");
  if (has("0028|1052")) info.rescale_intercept = number(tags, "0028|1052");
  if (has("0018|1242")) info.frame_duration_s = number(tags, "0018|1242") / 1000.0;
  return info;
}

}  // namespace rptdose::io
