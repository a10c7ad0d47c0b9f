#include "rptdose/io/dicom_info.hpp"

#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

#include "itk_image_files.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::io {

namespace {

int digits(const std::string& text, std::size_t at, std::size_t count, const std::string& what) {
  if (at + count > text.size()) throw InvalidInput("malformed DICOM " + what + " '" + text + "'");
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i])))
      throw InvalidInput("malformed DICOM " + what + " '" + text + "'");
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

/// Days from 1970-01-01 to a civil date (proleptic Gregorian; H. Hinnant's days_from_civil).
long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

double number(const std::map<std::string, std::string>& tags, const std::string& tag) {
  const std::string& text = tags.at(tag);
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) throw IoError("DICOM tag (" + tag + ") holds '" + text + "', not a number");
  return value;
}

}  // namespace

double dicom_datetime_seconds(const std::string& date, const std::string& time) {
  if (date.size() != 8) throw InvalidInput("malformed DICOM date '" + date + "' (expected YYYYMMDD)");
  const int year = digits(date, 0, 4, "date"), month = digits(date, 4, 2, "date"), day = digits(date, 6, 2, "date");
  if (month < 1 || month > 12 || day < 1 || day > 31) throw InvalidInput("malformed DICOM date '" + date + "'");
  if (time.size() < 2) throw InvalidInput("malformed DICOM time '" + time + "' (expected HHMMSS.FFFFFF)");
  const int hours = digits(time, 0, 2, "time");
  const int minutes = time.size() >= 4 ? digits(time, 2, 2, "time") : 0;
  double seconds = time.size() >= 6 ? digits(time, 4, 2, "time") : 0;
  if (time.size() > 6) {
    if (time[6] != '.') throw InvalidInput("malformed DICOM time '" + time + "'");
    std::string fraction = "0";
    fraction += time.substr(6);
    seconds += std::strtod(fraction.c_str(), nullptr);
  }
  if (hours > 23 || minutes > 59 || seconds >= 61) throw InvalidInput("malformed DICOM time '" + time + "'");
  return static_cast<double>(days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day))) *
             86400.0 +
         hours * 3600.0 + minutes * 60.0 + seconds;
}

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
