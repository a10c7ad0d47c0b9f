#pragma once
// A small command-line parser for the rptdose subcommands: "--name value", "--name=value" and flags, with
// errors that say which option is wrong and a generated help text. The CLI is a thin shell over the library.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rptdose::cli {

struct OptionSpec {
  std::string name;        ///< without the leading "--"
  std::string value_name;  ///< empty for a flag
  std::string help;
};

class Arguments {
 public:
  /// Parses `args` (after the subcommand) against `specs`. Throws InvalidInput for unknown options, missing
  /// values or unexpected positional arguments beyond `max_positional`.
  Arguments(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs, std::size_t max_positional);

  bool flag(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> value(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

/// "  --name VALUE   help" lines for a subcommand's help text.
std::string format_options(const std::vector<OptionSpec>& specs);

/// The value of a required --`option` of `rptdose <command>`; throws InvalidInput "give --option [hint] (see rptdose
/// <command> --help)" when it is absent.
std::string required_value(const Arguments& parsed, const std::string& option, const std::string& command,
                           const std::string& hint = "");

/// The number `text` given for --`option`; throws InvalidInput ("--option 'x' is not a number") otherwise.
double parse_number(const std::string& text, const std::string& option);

/// Removes every "--name VALUE" / "--name=VALUE" from `args` and returns the values in order, for options that may
/// be repeated (Arguments keeps one value per name). Call before constructing Arguments.
std::vector<std::string> take_repeated(std::vector<std::string>& args, const std::string& name);

/// "NAME:NUMBER" (split at the last ':') → (name, number); throws InvalidInput quoting --`option` and `example`.
std::pair<std::string, double> organ_number(const std::string& text, const std::string& option,
                                            const std::string& example = "kidney:2.6");

/// --threads N: a whole number from 1 to 1024, or 0 (the library default) when absent.
unsigned parse_threads(const Arguments& parsed);

/// printf-style formatting of one number for messages and tables, e.g. format_number("%.4g", 1.5e9).
std::string format_number(const char* pattern, double value);

}  // namespace rptdose::cli
