#include "options.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace rptdose::cli {
namespace {

/// --threads above this is a typo, not a machine (the library caps at the cores it finds anyway).
constexpr unsigned kMaxThreads = 1024;
/// Help and usage lines wrap before this column; option names are padded to kHelpColumn.
constexpr std::size_t kUsageWidth = 112;
constexpr std::size_t kHelpColumn = 28;

std::string quoted(const std::string& option, const std::string& text) {
  return "--" + option + " '" + text + "'";
}

/// What is wrong with `limits` as a phrase after "must be", e.g. "positive", "a whole number from 1 to 1024".
std::string describe(const NumberLimits& limits) {
  const bool has_min = std::isfinite(limits.min);
  const bool has_max =
      std::isfinite(limits.max) && !(limits.whole && limits.max >= std::numeric_limits<unsigned>::max());
  const std::string kind = limits.whole ? "a whole number " : "";
  if (limits.min_exclusive) {
    if (limits.min == 0.0 && !has_max) return kind.empty() ? "positive" : "a positive whole number";
    return kind + "greater than " + format_number("%g", limits.min) +
           (has_max ? " and at most " + format_number("%g", limits.max) : std::string());
  }
  if (has_min && has_max)
    return kind + "from " + format_number("%g", limits.min) + " to " + format_number("%g", limits.max);
  if (has_min) return kind + "≥ " + format_number("%g", limits.min);
  if (has_max) return kind + "≤ " + format_number("%g", limits.max);
  return "a whole number";  // only reached with whole and no bounds
}

/// Reads `text` as a number within `limits` into `value`; returns what is wrong ("is not a number", "must be
/// positive", ...) or nothing.
std::optional<std::string> number_problem(const std::string& text, const NumberLimits& limits, double& value) {
  std::size_t used = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) return "is not a number";
  if (!std::isfinite(value)) return "is not a finite number";
  const bool above_min = limits.min_exclusive ? value > limits.min : value >= limits.min;
  if (!above_min || value > limits.max || (limits.whole && value != std::floor(value)))
    return "must be " + describe(limits);
  return std::nullopt;
}

double read_number(const std::string& option, const std::string& text, const NumberLimits& limits) {
  double value = 0.0;
  if (const auto problem = number_problem(text, limits, value))
    throw InvalidInput(quoted(option, text) + " " + *problem);
  return value;
}

std::string see_help(std::string_view command) {
  return command.empty() ? "(see --help)" : "(see rptdose " + std::string(command) + " --help)";
}

std::string with_value(const std::string& name, const std::string& value_name) {
  return "--" + name + (value_name.empty() ? "" : " " + value_name);
}

Option make_option(std::string name, std::string value_name, std::string help,
                   std::function<std::any(const std::string&)> read) {
  Option option;
  option.name = std::move(name);
  option.value_name = std::move(value_name);
  option.help = std::move(help);
  option.read = std::move(read);
  return option;
}

/// A table error is a bug in the command, not bad input.
void check_table(const std::vector<Option>& options) {
  auto known = [&](const std::string& name) {
    return std::count_if(options.begin(), options.end(), [&](const Option& o) { return o.name == name; });
  };
  for (const auto& option : options) {
    if (known(option.name) != 1) throw std::logic_error("option --" + option.name + " is declared twice");
    for (const auto& other : option.needed)
      if (known(other) != 1) throw std::logic_error("--" + option.name + " needs an undeclared option --" + other);
    for (const auto& other : option.excluded)
      if (known(other) != 1) throw std::logic_error("--" + option.name + " excludes an undeclared option --" + other);
  }
}

}  // namespace

NumberLimits positive() {
  return {0.0, std::numeric_limits<double>::infinity(), true, false};
}
NumberLimits at_least(double min) {
  return {min, std::numeric_limits<double>::infinity(), false, false};
}
NumberLimits between(double min, double max) {
  return {min, max, false, false};
}
NumberLimits whole_between(unsigned min, unsigned max) {
  return {double(min), double(max), false, true};
}

Option Option::required() const {
  Option copy = *this;
  copy.is_required = true;
  return copy;
}

Option Option::repeatable() const {
  Option copy = *this;
  copy.is_repeatable = true;
  return copy;
}

Option Option::needs(std::string other) const {
  Option copy = *this;
  copy.needed.push_back(std::move(other));
  return copy;
}

Option Option::conflicts(std::string other) const {
  Option copy = *this;
  copy.excluded.push_back(std::move(other));
  return copy;
}

Option flag(std::string name, std::string help) {
  return make_option(std::move(name), "", std::move(help), {});
}

Option number(std::string name, std::string value_name, std::string help, NumberLimits limits) {
  return make_option(name, std::move(value_name), std::move(help),
                     [name, limits](const std::string& text) -> std::any { return read_number(name, text, limits); });
}

Option whole(std::string name, std::string value_name, std::string help, unsigned min, unsigned max) {
  const NumberLimits limits = whole_between(min, max);
  return make_option(name, std::move(value_name), std::move(help), [name, limits](const std::string& text) -> std::any {
    return static_cast<unsigned>(read_number(name, text, limits));
  });
}

Option choice(std::string name, std::string value_name, std::string help, std::vector<std::string> names) {
  return make_option(name, std::move(value_name), std::move(help), [name, names](const std::string& text) -> std::any {
    const auto it = std::find(names.begin(), names.end(), text);
    if (it != names.end()) return static_cast<std::size_t>(it - names.begin());
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    throw InvalidInput(quoted(name, text) + " must be one of: " + list);
  });
}

Option path(std::string name, std::string value_name, std::string help) {
  return make_option(name, std::move(value_name), std::move(help),
                     [](const std::string& text) -> std::any { return std::filesystem::path(text); });
}

Option text(std::string name, std::string value_name, std::string help) {
  return make_option(name, std::move(value_name), std::move(help),
                     [](const std::string& value) -> std::any { return value; });
}

Option name_number(std::string name, std::string value_name, std::string help, std::string example) {
  return make_option(
      name, std::move(value_name), std::move(help), [name, example](const std::string& text) -> std::any {
        const auto colon = text.rfind(':');
        double value = 0.0;
        if (colon == std::string::npos || colon == 0 || number_problem(text.substr(colon + 1), {}, value))
          throw InvalidInput(quoted(name, text) + ": expected NAME:NUMBER, e.g. " + example);
        return NameNumber{text.substr(0, colon), value};
      });
}

Option numbers(std::string name, std::string value_name, std::string help, std::size_t count, NumberLimits limits) {
  return make_option(name, std::move(value_name), std::move(help),
                     [name, count, limits](const std::string& text) -> std::any {
                       std::vector<std::string> items(1);
                       for (const char c : text) {
                         if (c == ',')
                           items.emplace_back();
                         else
                           items.back().push_back(c);
                       }
                       if (items.size() != 1 && items.size() != count)
                         throw InvalidInput(quoted(name, text) + " must be one value or " + std::to_string(count) +
                                            " comma-separated values" + (count == 3 ? " (x,y,z)" : ""));
                       if (items.size() == 1) return std::vector<double>(count, read_number(name, text, limits));
                       std::vector<double> values(count);
                       for (std::size_t k = 0; k < count; ++k)
                         if (const auto problem = number_problem(items[k], limits, values[k]))
                           throw InvalidInput(quoted(name, text) + ": '" + items[k] + "' " + *problem);
                       return values;
                     });
}

Option threads_option() {
  return whole("threads", "N", "worker threads (default: all cores, or $RPTDOSE_NUM_THREADS)", 1, kMaxThreads);
}

bool ParsedOptions::flag(std::string_view name) const {
  return has(name);
}

const ParsedOptions::Entry& ParsedOptions::entry(std::string_view name) const {
  for (const auto& e : entries_)
    if (e.name == name) return e;
  throw std::logic_error("rptdose " + command_ + " reads an undeclared option --" + std::string(name));
}

void ParsedOptions::wrong_type(std::string_view name) const {
  throw std::logic_error("rptdose " + command_ + " reads --" + std::string(name) + " as another type than it declared");
}

void ParsedOptions::missing(const Entry& absent) const {
  throw InvalidInput("give " + with_value(absent.name, absent.value_name) + " " + see_help(command_));
}

ParsedOptions parse_options(std::string_view command, const std::vector<Option>& options, const Positionals& positional,
                            const std::vector<std::string>& args) {
  check_table(options);
  ParsedOptions parsed;
  parsed.command_ = std::string(command);
  for (const auto& option : options) parsed.entries_.push_back({option.name, option.value_name, {}});
  const std::string see = see_help(command);
  for (std::size_t n = 0; n < args.size(); ++n) {
    const std::string& arg = args[n];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      parsed.positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const auto it = std::find_if(options.begin(), options.end(), [&](const Option& o) { return o.name == name; });
    if (it == options.end()) throw InvalidInput("unknown option --" + name + " " + see);
    const Option& option = *it;
    auto& values = parsed.entries_[static_cast<std::size_t>(it - options.begin())].values;
    if (!values.empty() && !option.is_repeatable) throw InvalidInput("--" + name + " is given twice: give it once");
    if (!option.read) {
      if (inline_value) throw InvalidInput("option --" + name + " takes no value");
      values.emplace_back(true);
      continue;
    }
    if (!inline_value && n + 1 < args.size()) inline_value = args[++n];
    if (!inline_value || inline_value->empty())
      throw InvalidInput("option --" + name + " needs a value: " + with_value(name, option.value_name));
    values.push_back(option.read(*inline_value));
  }
  if (parsed.positional_.size() > positional.max)
    throw InvalidInput("unexpected argument '" + parsed.positional_[positional.max] + "' " + see);
  if (parsed.positional_.size() < positional.min) throw InvalidInput("give " + positional.names + " " + see);
  for (const auto& option : options) {
    const bool given = parsed.has(option.name);
    if (option.is_required && !given)
      throw InvalidInput("give " + with_value(option.name, option.value_name) + " " + see);
    if (!given) continue;
    for (const auto& other : option.needed) {
      const auto& needed =
          *std::find_if(options.begin(), options.end(), [&](const Option& o) { return o.name == other; });
      if (!parsed.has(other))
        throw InvalidInput("--" + option.name + " needs " + with_value(other, needed.value_name) + " too " + see);
    }
    for (const auto& other : option.excluded)
      if (parsed.has(other)) throw InvalidInput("give either --" + option.name + " or --" + other + ", not both");
  }
  return parsed;
}

std::string CommandSpec::help() const {
  std::vector<std::string> words;
  if (!positional.names.empty()) words.push_back(positional.names);
  for (const auto& option : options) {
    const std::string form = with_value(option.name, option.value_name);
    if (option.is_required)
      words.push_back(form + (option.is_repeatable ? " [--" + option.name + " ...]" : ""));
    else
      words.push_back("[" + form + (option.is_repeatable ? " ..." : "") + "]");
  }
  std::string out = "usage: rptdose " + name;
  if (!usage.empty()) {
    out += ' ';
    out += usage;
  } else {
    std::size_t line_start = 0;
    for (const auto& word : words) {
      if (out.size() - line_start + 1 + word.size() > kUsageWidth) {
        line_start = out.size() + 1;
        out += "\n        ";
      }
      out += ' ';
      out += word;
    }
  }
  out += "\n\n";
  if (!description.empty()) out += description + "\n\n";
  std::vector<Option> listed = options;
  listed.push_back(flag("help", "show this help"));
  return out + "options:\n" + format_options(listed);
}

ParsedOptions CommandSpec::parse(const std::vector<std::string>& args) const {
  if (std::find(args.begin(), args.end(), "--help") != args.end()) throw HelpRequested{help(), 0};
  const bool needs_arguments =
      positional.min > 0 || std::any_of(options.begin(), options.end(), [](const Option& o) { return o.is_required; });
  if (args.empty() && needs_arguments) throw HelpRequested{help(), 2};
  return parse_options(name, options, positional, args);
}

std::string format_options(const std::vector<Option>& options) {
  std::string out;
  for (const auto& option : options) {
    std::string left = "  " + with_value(option.name, option.value_name);
    if (left.size() < kHelpColumn)
      left.resize(kHelpColumn, ' ');
    else
      left += "  ";
    out += left + option.help + (option.is_repeatable ? " (repeatable)" : "") + "\n";
  }
  return out;
}

std::string format_number(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

}  // namespace rptdose::cli
