#include "rptdose/nuclides/nuclide_name.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace rptdose::nuclides {

namespace {

std::string canonical(const std::string& element, const std::string& mass, const std::string& isomer) {
  std::string out;
  out += static_cast<char>(std::toupper(static_cast<unsigned char>(element[0])));
  for (std::size_t n = 1; n < element.size(); ++n) {
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(element[n])));
  }
  const auto first_digit = mass.find_first_not_of('0');
  out += "-" + (first_digit == std::string::npos ? mass : mass.substr(first_digit));
  for (char c : isomer) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::vector<std::string> candidate_nuclide_names(std::string_view name) {
  std::string compact;
  for (char c : name) {
    if (!std::isspace(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
      compact += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  std::vector<std::string> out;
  auto add = [&out](std::string candidate) {
    if (std::find(out.begin(), out.end(), candidate) == out.end()) out.push_back(std::move(candidate));
  };
  std::smatch m;
  // Element first: "lu177", "tc99m".
  static const std::regex element_first("^([a-z]{1,2})([0-9]{1,3})([mn]?)$");
  // Mass first: "177lu", "99mtc" (isomer letter right after the mass) — the 'm' may also start the element.
  static const std::regex mass_first("^([0-9]{1,3})([a-z]{1,3})$");
  if (std::regex_match(compact, m, element_first)) {
    add(canonical(m[1], m[2], m[3]));
  } else if (std::regex_match(compact, m, mass_first)) {
    const std::string mass = m[1];
    const std::string letters = m[2];
    if (letters.size() <= 2) add(canonical(letters, mass, ""));
    if (letters.size() >= 2 && (letters[0] == 'm' || letters[0] == 'n')) {
      add(canonical(letters.substr(1), mass, letters.substr(0, 1)));
    }
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same =
          std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (same ? 0 : 1)});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace rptdose::nuclides
