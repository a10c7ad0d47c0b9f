#include "arguments.hpp"

#include <any>

#include "rptdose/core/error.hpp"

namespace rptdose::cli {
namespace {

std::vector<Option> table(const std::vector<OptionSpec>& specs) {
  std::vector<Option> options;
  for (const auto& spec : specs)
    options.push_back(spec.value_name.empty() ? flag(spec.name, spec.help)
                                              : text(spec.name, spec.value_name, spec.help));
  return options;
}

}  // namespace

Arguments::Arguments(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs,
                     std::size_t max_positional)
    : parsed_(parse_options("", table(specs), Positionals{"", 0, max_positional}, args)) {}

std::string format_options(const std::vector<OptionSpec>& specs) {
  return format_options(table(specs));
}

std::string required_value(const Arguments& parsed, const std::string& option, const std::string& command,
                           const std::string& hint) {
  const auto value = parsed.value(option);
  if (!value)
    throw InvalidInput("give --" + option + (hint.empty() ? "" : " " + hint) + " (see rptdose " + command + " --help)");
  return *value;
}

double parse_number(const std::string& text, const std::string& option) {
  return std::any_cast<double>(number(option, "", "").read(text));
}

std::vector<std::string> take_repeated(std::vector<std::string>& args, const std::string& name) {
  std::vector<std::string> values, rest;
  const std::string dashed = "--" + name;
  for (std::size_t n = 0; n < args.size(); ++n) {
    if (args[n] == dashed) {
      if (n + 1 >= args.size()) throw InvalidInput("option " + dashed + " needs a value (see --help)");
      values.push_back(args[++n]);
    } else if (args[n].rfind(dashed + "=", 0) == 0) {
      values.push_back(args[n].substr(dashed.size() + 1));
    } else {
      rest.push_back(args[n]);
    }
  }
  args = std::move(rest);
  return values;
}

std::pair<std::string, double> organ_number(const std::string& text, const std::string& option,
                                            const std::string& example) {
  auto value = std::any_cast<NameNumber>(name_number(option, "", "", example).read(text));
  return {std::move(value.name), value.value};
}

}  // namespace rptdose::cli
