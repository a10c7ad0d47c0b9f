#pragma once
// rptdose::core — enum ↔ name tables. Every enum that crosses an edge (study file, CLI options, Python arguments,
// output files) has exactly one table of its names, declared next to the enum; parsing, naming and the list of
// choices in error messages all read it, so a new value is one line in one table and no string is compared
// elsewhere. The first entry of a value is its name (what outputs write); later entries of the same value are
// aliases, accepted when parsing only.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rptdose {

template <typename E>
struct EnumName {
  E value;
  std::string_view name;
};

template <typename E, std::size_t N>
using EnumNames = std::array<EnumName<E>, N>;

/// The name of `value` (its first entry); "?" for a value without one.
template <typename E, std::size_t N>
constexpr std::string_view enum_name(const EnumNames<E, N>& table, E value) {
  for (const auto& entry : table)
    if (entry.value == value) return entry.name;
  return "?";
}

/// The value called `name` (a name or an alias, matched exactly), or nullopt.
template <typename E, std::size_t N>
constexpr std::optional<E> find_enum(const EnumNames<E, N>& table, std::string_view name) {
  for (const auto& entry : table)
    if (entry.name == name) return entry.value;
  return std::nullopt;
}

/// The values of the table in order, each once.
template <typename E, std::size_t N>
std::vector<E> enum_values(const EnumNames<E, N>& table) {
  std::vector<E> values;
  for (const auto& entry : table)
    if (enum_name(table, entry.value) == entry.name) values.push_back(entry.value);
  return values;
}

/// The names (no aliases) for messages: "a, b, c" with `separator`, the last one joined by `last` (e.g. " or ").
template <typename E, std::size_t N>
std::string enum_names_list(const EnumNames<E, N>& table, std::string_view separator = ", ",
                            std::string_view last = ", ") {
  const auto values = enum_values(table);
  std::string list;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) list += i + 1 == values.size() ? last : separator;
    list += enum_name(table, values[i]);
  }
  return list;
}

}  // namespace rptdose
