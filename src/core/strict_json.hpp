#pragma once
// Strict reading of rptdose's JSON input files (the study file, the calibration file): unknown keys, duplicate keys
// and values of the wrong type are errors naming the key and where it is. Internal (src/, not installed): it uses
// nlohmann/json, a private dependency of the libraries.
#include <cmath>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "rptdose/core/error.hpp"

namespace rptdose::detail {

using nlohmann::json;

/// Refuses keys outside `known` in object `where` ("the study", "time_points[2]", ...).
inline void require_known_keys(const json& object, const std::set<std::string>& known, const std::string& where) {
  for (const auto& [key, value] : object.items()) {
    if (known.count(key)) continue;
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    throw InvalidInput("unknown key '" + key + "' in " + where + " (known keys: " + list + ")");
  }
}

/// Refuses a key given twice in one object, which JSON leaves undefined (RFC 8259 §4) and nlohmann takes as the
/// last one silently (a study with "nuclide" twice gave the second nuclide's dose). A parser callback: it sees every
/// key as it is read, with the objects and arrays it is in, so the message can say where.
class DuplicateKeyCheck {
 public:
  /// `document`: how messages name the top-level object ("the study", "the calibration file").
  explicit DuplicateKeyCheck(std::string document = "the study") : document_(std::move(document)) {}
  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        frames_.push_back({event == json::parse_event_t::object_start, {}, {}, child_place()});
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (!frames_.empty()) frames_.pop_back();
        break;
      case json::parse_event_t::key: {
        Frame& frame = frames_.back();
        frame.last_key = parsed.get<std::string>();
        if (!frame.keys.insert(frame.last_key).second)
          throw InvalidInput("'" + frame.last_key + "' is given twice in " + frame.place +
                             ": give each key once (JSON takes no duplicate keys)");
        break;
      }
      case json::parse_event_t::value:
        if (!frames_.empty() && !frames_.back().object) ++frames_.back().elements;
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool object;
    std::set<std::string> keys;
    std::string last_key;
    std::string place;  // "the study", "labels.names", "entry 2 of time_points"
    std::size_t elements = 0;
  };
  /// Where an object or array starting now sits, named as the messages of the study name places.
  std::string child_place() {
    if (frames_.empty()) return document_;
    Frame& parent = frames_.back();
    const bool top = frames_.size() == 1;
    if (parent.object) return top ? parent.last_key : parent.place + "." + parent.last_key;
    return "entry " + std::to_string(++parent.elements) + " of " + parent.place;
  }
  std::string document_;
  std::vector<Frame> frames_;
};

inline const json& required(const json& object, const std::string& key, const std::string& where) {
  if (!object.contains(key)) throw InvalidInput("missing key '" + key + "' in " + where);
  return object.at(key);
}

inline double number(const json& value, const std::string& key, const std::string& where) {
  if (!value.is_number()) throw InvalidInput("'" + key + "' in " + where + " must be a number, got " + value.dump());
  const double v = value.get<double>();
  if (!std::isfinite(v)) throw InvalidInput("'" + key + "' in " + where + " must be finite");
  return v;
}

inline double positive(const json& value, const std::string& key, const std::string& where) {
  const double v = number(value, key, where);
  if (!(v > 0)) throw InvalidInput("'" + key + "' in " + where + " must be positive, got " + value.dump());
  return v;
}

inline std::string text(const json& value, const std::string& key, const std::string& where) {
  if (!value.is_string()) throw InvalidInput("'" + key + "' in " + where + " must be a string, got " + value.dump());
  return value.get<std::string>();
}

}  // namespace rptdose::detail
