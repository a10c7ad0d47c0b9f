// DICOM dates and times (DA, TM) as seconds of one clock. Plain C++, apart from dicom_info.cpp's ITK-based reader,
// so that the study parser (which reads ISO date-times through it) builds without ITK (fuzz/CMakeLists.txt).
#include <cctype>
#include <cstdlib>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/io/dicom_info.hpp"

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

double dicom_datetime_seconds(const std::string& date_time) {
  // PS3.5 6.2 DT: YYYYMMDDHHMMSS.FFFFFF&ZZXX, the components after the year optional, '&ZZXX' a UTC offset.
  std::string value = date_time;
  if (const auto zone = value.find_first_of("+-", 4); zone != std::string::npos) value.resize(zone);
  if (value.size() < 8) throw InvalidInput("malformed DICOM date-time '" + date_time + "' (expected YYYYMMDDHHMMSS)");
  const std::string time = value.size() > 8 ? value.substr(8) : "00";
  return dicom_datetime_seconds(value.substr(0, 8), time);
}

}  // namespace rptdose::io
