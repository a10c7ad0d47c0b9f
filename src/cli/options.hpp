#pragma once
// rptdose CLI options: every subcommand declares its options once, in a table of typed validators (in the spirit of
// gemmi's prog/options.h), and parses its arguments against it. So every value is checked the same way in every
// command, with the same messages, and the help text is generated from the table. The CLI is a thin shell over the
// library: a subcommand is a table, one parse, one library call and the printing of its result.
//
// How to declare a command (bed_command.cpp is a complete one):
//
//   const CommandSpec kSpec{
//       .name = "bed",
//       .description = "Biologically effective dose of ...",
//       .options = {number("dose", "GY", "absorbed dose (Gy)").required(),
//                   number("rbe-alpha", "X", "RBE of the alpha dose (default 5)", positive()).needs("alpha-dose"),
//                   flag("json", "print JSON")}};
//
//   int run_bed(const std::vector<std::string>& args) {
//     const ParsedOptions options = kSpec.parse(args);  // --help: throws HelpRequested, which main() prints
//     const double dose_Gy = options.value<double>("dose");
//     const double rbe = options.number("rbe-alpha").value_or(radiobiology::kDefaultAlphaRbe);
//     ... one library call, then print ...
//   }
//
// Validators, and what the accessors return: flag → flag(); number → double; whole → unsigned; choice → the index
// into its names; typed → whatever the given parser returns (a library parser such as kernels::parse_medium, so the
// names live in one place); path → std::filesystem::path; text → std::string; name_number → NameNumber;
// numbers → std::vector<double>. Modifiers: .required(), .repeatable() (read every value with all<T>()),
// .needs("other") and .conflicts("other"). --help is added to every table.
//
// Messages (each an InvalidInput, exit code 2): "--dose 'two' is not a number", "--threads '0' must be a whole
// number from 1 to 1024", "--spacing '0' must be positive", "give --dose GY (see rptdose bed --help)", "unknown
// option --bogus (see rptdose bed --help)", "--dose is given twice: give it once", "--rbe-alpha needs --alpha-dose
// GY too (see rptdose bed --help)", "give either --half-size or --radius-mm, not both".
#include <any>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "rptdose/core/error.hpp"

namespace rptdose::cli {

/// What a number option accepts (also each value of a numbers option): finite numbers from min to max, above min
/// when min_exclusive, whole numbers only when whole.
struct NumberLimits {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  bool whole = false;
};
NumberLimits positive();                                 ///< > 0
NumberLimits at_least(double min);                       ///< ≥ min
NumberLimits between(double min, double max);            ///< min to max
NumberLimits whole_between(unsigned min, unsigned max);  ///< a whole number from min to max

/// The value of a NAME:NUMBER option, e.g. kidney:2.6.
struct NameNumber {
  std::string name;
  double value = 0.0;
};

/// One row of a command's option table. Build rows with the functions below, not by hand.
struct Option {
  std::string name;        ///< without the leading "--"
  std::string value_name;  ///< e.g. "GY", "FILE"; empty for a flag
  std::string help;
  /// Checks one value and converts it (into the type the accessors return); throws InvalidInput. Empty for a flag.
  std::function<std::any(const std::string& text)> read;
  bool is_required = false;
  bool is_repeatable = false;
  std::vector<std::string> needed;    ///< options that must be given with this one
  std::vector<std::string> excluded;  ///< options that must not be given with this one

  Option required() const;
  Option repeatable() const;
  Option needs(std::string other) const;
  Option conflicts(std::string other) const;
};

Option flag(std::string name, std::string help);
Option number(std::string name, std::string value_name, std::string help, NumberLimits limits = {});
/// A whole number from min to max, read as unsigned.
Option whole(std::string name, std::string value_name, std::string help, unsigned min,
             unsigned max = std::numeric_limits<unsigned>::max());
/// One of `names`, read as its index.
Option choice(std::string name, std::string value_name, std::string help, std::vector<std::string> names);
Option path(std::string name, std::string value_name, std::string help);
Option text(std::string name, std::string value_name, std::string help);
/// NAME:NUMBER, split at the last ':'; the message for a malformed value quotes `example`.
Option name_number(std::string name, std::string value_name, std::string help, std::string example);
/// One value (used for all) or `count` comma-separated values, each within `limits`; read as `count` numbers.
Option numbers(std::string name, std::string value_name, std::string help, std::size_t count, NumberLimits limits = {});
/// A value read by `parse` (std::string_view → T, throwing InvalidInput), e.g. kernels::parse_medium; its message
/// is prefixed with the option's name.
template <class Parse>
Option typed(std::string name, std::string value_name, std::string help, Parse parse);
/// --threads N: worker threads, 1 to 1024 (absent: the library default, all cores or $RPTDOSE_NUM_THREADS).
Option threads_option();

/// The positional arguments of a command, e.g. {"NAME", 1, 1} or {"RUN1 [RUN2 ...]", 1, SIZE_MAX}.
struct Positionals {
  std::string names;  ///< as the usage line shows them
  std::size_t min = 0;
  std::size_t max = 0;
};

/// The values of one parse. Accessors take an option's name without "--"; asking for a name that is not in the
/// table, or as the wrong type, is a bug in the command and throws std::logic_error (an internal error).
class ParsedOptions {
 public:
  bool flag(std::string_view name) const;
  bool has(std::string_view name) const { return !entry(name).values.empty(); }
  std::optional<double> number(std::string_view name) const { return get<double>(name); }
  std::optional<unsigned> whole(std::string_view name) const { return get<unsigned>(name); }
  std::optional<std::size_t> choice(std::string_view name) const { return get<std::size_t>(name); }
  std::optional<std::filesystem::path> path(std::string_view name) const { return get<std::filesystem::path>(name); }
  std::optional<std::string> text(std::string_view name) const { return get<std::string>(name); }
  std::optional<std::vector<double>> numbers(std::string_view name) const { return get<std::vector<double>>(name); }
  std::optional<NameNumber> name_number(std::string_view name) const { return get<NameNumber>(name); }

  /// The value of an option, if given.
  template <class T>
  std::optional<T> get(std::string_view name) const;
  /// The value of an option that this use of the command needs; throws InvalidInput "give --NAME VALUE (see
  /// rptdose COMMAND --help)" when it is absent.
  template <class T>
  T value(std::string_view name) const;
  /// Every value of a repeatable option, in the order given.
  template <class T>
  std::vector<T> all(std::string_view name) const;

  const std::vector<std::string>& positional() const { return positional_; }

 private:
  friend ParsedOptions parse_options(std::string_view, const std::vector<Option>&, const Positionals&,
                                     const std::vector<std::string>&);
  struct Entry {
    std::string name;
    std::string value_name;
    std::vector<std::any> values;
  };
  const Entry& entry(std::string_view name) const;
  [[noreturn]] void wrong_type(std::string_view name) const;
  [[noreturn]] void missing(const Entry& absent) const;
  template <class T>
  T cast(std::string_view name, const std::any& value) const;

  std::string command_;
  std::vector<Entry> entries_;
  std::vector<std::string> positional_;
};

/// Thrown by CommandSpec::parse for --help (exit code 0) or for no arguments to a command that needs some (exit
/// code 2); main() prints `text` to stdout and exits with `exit_code`.
struct HelpRequested {
  std::string text;
  int exit_code = 0;
};

/// A subcommand: its name, what it does, its options and positional arguments.
struct CommandSpec {
  std::string name;         ///< e.g. "bed" for rptdose bed
  std::string description;  ///< printed under the usage line
  std::vector<Option> options;
  Positionals positional{};
  std::string_view usage{};  ///< what follows "usage: rptdose NAME" when the generated form says too little

  /// "usage: ...", the description and the options, one per line.
  std::string help() const;
  /// Parses the arguments after the subcommand's name. Throws HelpRequested (see there) or InvalidInput.
  ParsedOptions parse(const std::vector<std::string>& args) const;
};

/// The parse behind CommandSpec::parse, without --help handling: checks every value, the positional count,
/// required options and needs/conflicts. `command` names the command in messages (empty: "see --help").
ParsedOptions parse_options(std::string_view command, const std::vector<Option>& options, const Positionals& positional,
                            const std::vector<std::string>& args);

/// "  --name VALUE   help" lines for a help text.
std::string format_options(const std::vector<Option>& options);

/// printf-style formatting of one number for messages and tables, e.g. format_number("%.4g", 1.5e9).
std::string format_number(const char* pattern, double value);

// ---- implementation of the templates ----

template <class Parse>
Option typed(std::string name, std::string value_name, std::string help, Parse parse) {
  using T = std::decay_t<std::invoke_result_t<Parse, std::string_view>>;
  Option option;
  option.name = name;
  option.value_name = std::move(value_name);
  option.help = std::move(help);
  option.read = [name, parse](const std::string& value) -> std::any {
    try {
      return T(parse(std::string_view(value)));
    } catch (const InvalidInput& error) {
      const std::string message = error.what(), flag = "--" + name;
      if (message.rfind(flag + " ", 0) == 0) throw;  // the parser named the option already
      throw InvalidInput(flag + ": " + message);
    }
  };
  return option;
}

template <class T>
T ParsedOptions::cast(std::string_view name, const std::any& value) const {
  const T* typed_value = std::any_cast<T>(&value);
  if (typed_value == nullptr) wrong_type(name);
  return *typed_value;
}

template <class T>
std::optional<T> ParsedOptions::get(std::string_view name) const {
  const auto& given = entry(name).values;
  if (given.empty()) return std::nullopt;
  return cast<T>(name, given.back());
}

template <class T>
T ParsedOptions::value(std::string_view name) const {
  const Entry& given = entry(name);
  if (given.values.empty()) missing(given);
  return cast<T>(name, given.values.back());
}

template <class T>
std::vector<T> ParsedOptions::all(std::string_view name) const {
  std::vector<T> out;
  for (const auto& value : entry(name).values) out.push_back(cast<T>(name, value));
  return out;
}

}  // namespace rptdose::cli
