#pragma once
// Legacy option helpers, kept only while a command still uses them instead of a CommandSpec (options.hpp);
// whoever converts the last of them deletes this file:
//   marrow:    parse_number (its S|auto value)
// Each is a thin adapter over options.hpp, so the values are checked, and the messages worded, as there.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "options.hpp"

namespace rptdose::cli {

struct OptionSpec {
  std::string name;        ///< without the leading "--"
  std::string value_name;  ///< empty for a flag
  std::string help;
};

class Arguments {
 public:
  /// Parses `args` (after the subcommand) against `specs` (each a flag or a text option) with parse_options.
  Arguments(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs, std::size_t max_positional);

  bool flag(const std::string& name) const { return parsed_.flag(name); }
  std::optional<std::string> value(const std::string& name) const { return parsed_.text(name); }
  const std::vector<std::string>& positional() const { return parsed_.positional(); }

 private:
  ParsedOptions parsed_;
};

std::string format_options(const std::vector<OptionSpec>& specs);

/// The value of a required --`option` of `rptdose <command>`; throws InvalidInput "give --option [hint] (see rptdose
/// <command> --help)" when it is absent.
std::string required_value(const Arguments& parsed, const std::string& option, const std::string& command,
                           const std::string& hint = "");

/// The number `text` given for --`option`, read as number() reads it.
double parse_number(const std::string& text, const std::string& option);

/// Removes every "--name VALUE" / "--name=VALUE" from `args` and returns the values in order, for options that may
/// be repeated. Call before constructing Arguments.
std::vector<std::string> take_repeated(std::vector<std::string>& args, const std::string& name);

/// "NAME:NUMBER" → (name, number), read as name_number() reads it.
std::pair<std::string, double> organ_number(const std::string& text, const std::string& option,
                                            const std::string& example = "kidney:2.6");

}  // namespace rptdose::cli
