#include "rptdose/radiobiology/tissue_parameters.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "rptdose/core/data_path.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/units.hpp"
#include "validation.hpp"

namespace rptdose::radiobiology {

namespace {

constexpr const char* kHeader = "tissue,alpha_beta_Gy,repair_half_time_h,voi_prefixes,source,status";

std::string trim(std::string_view text) {
  std::size_t a = 0, b = text.size();
  while (a < b && std::isspace(static_cast<unsigned char>(text[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(text[b - 1]))) --b;
  return std::string(text.substr(a, b - a));
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> fields;
  std::stringstream stream(text);
  std::string field;
  while (std::getline(stream, field, separator)) fields.push_back(trim(field));
  if (!text.empty() && text.back() == separator) fields.emplace_back();
  return fields;
}

double parse_field(const std::string& text, const std::string& where) {
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size() && std::isfinite(value) && value > 0.0) return value;
  } catch (const std::exception&) {
  }
  throw IoError(where + ": '" + text + "' is not a positive number");
}

void validate(const TissueParameters& t) {
  if (t.tissue.empty()) throw InvalidInput("a tissue needs a name");
  require_alpha_beta(t.lq.alpha_beta_Gy);
  require_positive(t.lq.repair_half_time_s, "repair half-time of " + t.tissue, "s", "e.g. 2.8 h for kidney");
}

}  // namespace

std::string normalized_name(std::string_view name) {
  std::string out = trim(name);
  for (char& c : out) {
    if (c == '-' || c == ' ') c = '_';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool name_matches(std::string_view voi_name, std::string_view prefix) {
  const std::string voi = normalized_name(voi_name), p = normalized_name(prefix);
  if (p.empty()) return false;
  return voi == p || (voi.size() > p.size() && voi.compare(0, p.size(), p) == 0 && voi[p.size()] == '_');
}

TissueTable::TissueTable(std::vector<TissueParameters> tissues) {
  for (auto& t : tissues) set(std::move(t));
}

TissueTable TissueTable::load_default() {
  return read(data_directory() / "radiobiology" / "tissue_parameters.csv");
}

TissueTable TissueTable::read(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw IoError("cannot read the tissue table " + path.string() + ": check the path (or RPTDOSE_DATA_DIR)");
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str(), path.string());
}

TissueTable TissueTable::parse(std::string_view csv_text, std::string_view source_view) {
  const std::string source(source_view);
  std::stringstream in{std::string(csv_text)};
  std::string line;
  bool header = false;
  std::vector<TissueParameters> tissues;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    const std::string where = source + " line " + std::to_string(number);
    if (!header) {
      if (trim(line) != kHeader) throw IoError(where + ": expected the header '" + std::string(kHeader) + "'");
      header = true;
      continue;
    }
    const auto fields = split(line, ',');
    if (fields.size() != 6)
      throw IoError(where + ": expected 6 comma-separated fields, got " + std::to_string(fields.size()) +
                    " (use ';' inside a field)");
    TissueParameters t;
    t.tissue = normalized_name(fields[0]);
    t.lq.alpha_beta_Gy = parse_field(fields[1], where + " alpha_beta_Gy");
    t.lq.repair_half_time_s = parse_field(fields[2], where + " repair_half_time_h") * units::kSecondsPerHour;
    for (const auto& prefix : split(fields[3], ';'))
      if (!prefix.empty()) t.voi_prefixes.push_back(normalized_name(prefix));
    t.source = fields[4];
    t.status = fields[5];
    if (t.status != "cited" && t.status != "alpha_beta_cited" && t.status != "assumed")
      throw IoError(where + ": status must be 'cited', 'alpha_beta_cited' or 'assumed', got '" + t.status + "'");
    tissues.push_back(std::move(t));
  }
  if (!header) throw IoError(source + " has no header line '" + std::string(kHeader) + "'");
  return TissueTable(std::move(tissues));
}

const TissueParameters* TissueTable::find(std::string_view tissue) const {
  const std::string name = normalized_name(tissue);
  for (const auto& t : tissues_)
    if (t.tissue == name) return &t;
  return nullptr;
}

const TissueParameters* TissueTable::match_voi(std::string_view voi_name) const {
  const TissueParameters* best = nullptr;
  std::size_t best_length = 0;
  for (const auto& t : tissues_) {
    for (const auto& prefix : t.voi_prefixes) {
      if (prefix.size() > best_length && name_matches(voi_name, prefix)) {
        best = &t;
        best_length = prefix.size();
      }
    }
  }
  return best;
}

const TissueParameters& TissueTable::for_voi(std::string_view voi_name) const {
  if (const auto* t = match_voi(voi_name)) return *t;
  std::string known;
  for (const auto& t : tissues_)
    for (const auto& prefix : t.voi_prefixes) known += (known.empty() ? "" : ", ") + prefix;
  throw InvalidInput("VOI '" + std::string(voi_name) + "' matches no tissue of the radiobiology table (prefixes: " +
                     known + "): rename the VOI or give its α/β and repair half-time");
}

void TissueTable::set(TissueParameters tissue) {
  tissue.tissue = normalized_name(tissue.tissue);
  validate(tissue);
  if (tissue.voi_prefixes.empty()) tissue.voi_prefixes.push_back(tissue.tissue);
  for (auto& p : tissue.voi_prefixes) p = normalized_name(p);
  for (auto& t : tissues_) {
    if (t.tissue == tissue.tissue) {
      t = std::move(tissue);
      return;
    }
  }
  tissues_.push_back(std::move(tissue));
}

TissueParameters& TissueTable::require(std::string_view tissue) {
  const std::string name = normalized_name(tissue);
  for (auto& t : tissues_)
    if (t.tissue == name) return t;
  std::string known;
  for (const auto& t : tissues_) known += (known.empty() ? "" : ", ") + t.tissue;
  throw InvalidInput("unknown tissue '" + std::string(tissue) + "' (known: " + known + "): add it with set()");
}

void TissueTable::set_alpha_beta(std::string_view tissue, double alpha_beta_Gy) {
  require_alpha_beta(alpha_beta_Gy);
  auto& t = require(tissue);
  t.lq.alpha_beta_Gy = alpha_beta_Gy;
  t.source = "overridden by the user";
}

void TissueTable::set_repair_half_time(std::string_view tissue, double repair_half_time_s) {
  require_positive(repair_half_time_s, "repair half-time", "s", "e.g. 2.8 h = 10080 s for kidney");
  auto& t = require(tissue);
  t.lq.repair_half_time_s = repair_half_time_s;
  t.source = "overridden by the user";
}

}  // namespace rptdose::radiobiology
