#include "arguments.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "rptdose/core/error.hpp"

namespace rptdose::cli {

Arguments::Arguments(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs,
                     std::size_t max_positional) {
  for (std::size_t n = 0; n < args.size(); ++n) {
    const std::string& arg = args[n];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const auto spec = std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.name == name; });
    if (spec == specs.end()) throw InvalidInput("unknown option --" + name + " (see --help)");
    if (spec->value_name.empty()) {
      if (inline_value) throw InvalidInput("option --" + name + " takes no value");
      values_[name] = "";
    } else if (inline_value) {
      values_[name] = *inline_value;
    } else {
      if (n + 1 >= args.size())
        throw InvalidInput("option --" + name + " needs a value: --" + name + " " + spec->value_name);
      values_[name] = args[++n];
    }
  }
  if (positional_.size() > max_positional) {
    throw InvalidInput("unexpected argument '" + positional_[max_positional] + "' (see --help)");
  }
}

std::optional<std::string> Arguments::value(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string format_options(const std::vector<OptionSpec>& specs) {
  std::string out;
  for (const auto& spec : specs) {
    std::string left = "  --" + spec.name + (spec.value_name.empty() ? "" : " " + spec.value_name);
    if (left.size() < 28)
      left.resize(28, ' ');
    else
      left += "  ";
    out += left + spec.help + "\n";
  }
  return out;
}

std::string required_value(const Arguments& parsed, const std::string& option, const std::string& command,
                           const std::string& hint) {
  const auto value = parsed.value(option);
  if (!value)
    throw InvalidInput("give --" + option + (hint.empty() ? "" : " " + hint) + " (see rptdose " + command + " --help)");
  return *value;
}

double parse_number(const std::string& text, const std::string& option) {
  std::size_t used = 0;
  double value = 0.0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) throw InvalidInput("--" + option + " '" + text + "' is not a number");
  return value;
}

std::vector<std::string> take_repeated(std::vector<std::string>& args, const std::string& name) {
  std::vector<std::string> values, rest;
  const std::string flag = "--" + name;
  for (std::size_t n = 0; n < args.size(); ++n) {
    if (args[n] == flag) {
      if (n + 1 >= args.size()) throw InvalidInput("option " + flag + " needs a value (see --help)");
      values.push_back(args[++n]);
    } else if (args[n].rfind(flag + "=", 0) == 0) {
      values.push_back(args[n].substr(flag.size() + 1));
    } else {
      rest.push_back(args[n]);
    }
  }
  args = std::move(rest);
  return values;
}

std::pair<std::string, double> organ_number(const std::string& text, const std::string& option,
                                            const std::string& example) {
  const auto colon = text.rfind(':');
  const std::string expected = "--" + option + " '" + text + "': expected NAME:NUMBER, e.g. " + example;
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) throw InvalidInput(expected);
  try {
    std::size_t used = 0;
    const std::string number = text.substr(colon + 1);
    const double value = std::stod(number, &used);
    if (used != number.size()) throw std::invalid_argument(number);
    return {text.substr(0, colon), value};
  } catch (const std::exception&) {
    throw InvalidInput(expected);
  }
}

unsigned parse_threads(const Arguments& parsed) {
  const auto text = parsed.value("threads");
  if (!text) return 0;
  const double value = parse_number(*text, "threads");
  if (value < 1 || value > 1024 || value != std::floor(value))
    throw InvalidInput("--threads '" + *text + "' must be a whole number from 1 to 1024");
  return static_cast<unsigned>(value);
}

std::string format_number(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

}  // namespace rptdose::cli
