#pragma once
// rptdose::radiobiology — LQ parameters per tissue (α/β, repair half-time), read from
// data/radiobiology/tissue_parameters.csv (sources in data/SOURCES.md) and overridable in code.
//
// VOI names are matched to tissues by prefix: names are compared after normalisation (lower case, '-' and ' '
// read as '_'), and a VOI matches a prefix when it equals it or starts with it followed by '_' ("kidney" matches
// "kidney", "Kidney_Left", "kidney-right", not "kidneys" unless "kidneys" is a prefix too). The longest matching
// prefix wins.
//
// Module radiobiology owns the radiobiological models and planning; it depends on core, nuclides and timeactivity
// only (no ITK or DCMTK, no output file format).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "rptdose/radiobiology/linear_quadratic.hpp"

namespace rptdose::radiobiology {

struct TissueParameters {
  std::string tissue;                     ///< e.g. "kidney", "red_marrow", "tumour"
  LqParameters lq;                        ///< α/β in Gy, repair half-time in s
  std::vector<std::string> voi_prefixes;  ///< normalised VOI-name prefixes of this tissue
  std::string source;                     ///< citation
  std::string status;                     ///< "cited", "alpha_beta_cited" or "assumed" (see data/SOURCES.md)
};

/// Lower case, '-' and ' ' replaced by '_'.
std::string normalized_name(std::string_view name);
/// Whether `voi_name` is `prefix` or starts with `prefix` + '_' (both normalised).
bool name_matches(std::string_view voi_name, std::string_view prefix);

class TissueTable {
 public:
  TissueTable() = default;
  explicit TissueTable(std::vector<TissueParameters> tissues);

  /// The table shipped with rptdose: data_directory()/radiobiology/tissue_parameters.csv.
  static TissueTable load_default();
  /// Reads a table with the header tissue,alpha_beta_Gy,repair_half_time_h,voi_prefixes,source,status ('#' lines
  /// are comments; prefixes separated by ';'). Throws IoError for unreadable or malformed files (naming the line).
  static TissueTable read(const std::filesystem::path& path);
  /// Parses the text of such a table; `source` names it in messages (read() reads the file and calls this).
  static TissueTable parse(std::string_view csv_text, std::string_view source);

  const std::vector<TissueParameters>& tissues() const { return tissues_; }
  /// The tissue of that name (normalised), or null.
  const TissueParameters* find(std::string_view tissue) const;
  /// The tissue whose prefix matches the VOI name best (longest prefix), or null.
  const TissueParameters* match_voi(std::string_view voi_name) const;
  /// The same, throwing InvalidInput listing the known prefixes when none matches.
  const TissueParameters& for_voi(std::string_view voi_name) const;

  /// Adds a tissue or replaces the one of the same name (its prefixes default to its name).
  void set(TissueParameters tissue);
  /// Overrides α/β (Gy) or the repair half-time (s) of a tissue; InvalidInput for unknown tissues or bad values.
  void set_alpha_beta(std::string_view tissue, double alpha_beta_Gy);
  void set_repair_half_time(std::string_view tissue, double repair_half_time_s);

 private:
  TissueParameters& require(std::string_view tissue);
  std::vector<TissueParameters> tissues_;
};

}  // namespace rptdose::radiobiology
