#include "output_folder.hpp"

#include <chrono>
#include <random>
#include <system_error>

#include "rptdose/core/error.hpp"

namespace rptdose::pipeline::detail {

namespace fs = std::filesystem;

namespace {

fs::path normalised(const fs::path& p) {
  std::error_code ec;
  const fs::path absolute = fs::weakly_canonical(fs::absolute(p), ec);
  return ec ? fs::absolute(p).lexically_normal() : absolute;
}

/// Whether `inner` is `outer` or lies inside it.
bool within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

std::string unique_suffix() {
  std::random_device device;
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  return std::to_string(static_cast<unsigned long long>(now) ^ device());
}

}  // namespace

OutputFolder::OutputFolder(fs::path target, bool force, const std::vector<fs::path>& inputs)
    : target_(normalised(target)) {
  if (target.empty()) throw InvalidInput("no output folder given (--out DIR)");
  std::error_code ec;
  if (fs::exists(target_, ec) && !fs::is_directory(target_, ec))
    throw InvalidInput("the output " + target_.string() + " is a file, not a folder: choose another --out");
  for (const auto& input : inputs) {
    const fs::path in = normalised(input);
    if (within(in, target_) || within(target_, in))
      throw InvalidInput("the output folder " + target_.string() + " would hold or overwrite the input " + in.string() +
                         ": write the results somewhere else");
  }
  if (fs::is_directory(target_, ec) && !fs::is_empty(target_, ec) && !force)
    throw InvalidInput("the output folder " + target_.string() +
                       " is not empty: choose another --out, or pass --force to replace it");
  fs::create_directories(target_.parent_path(), ec);
  if (ec) throw IoError("cannot create the folder " + target_.parent_path().string() + ": " + ec.message());
  temporary_ = target_.parent_path() / ("." + target_.filename().string() + ".partial-" + unique_suffix());
  fs::create_directory(temporary_, ec);
  if (ec) throw IoError("cannot write in " + target_.parent_path().string() + ": " + ec.message());
}

OutputFolder::~OutputFolder() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(temporary_, ec);  // nothing to report from a destructor: the target is untouched either way
}

fs::path OutputFolder::path(const fs::path& relative) const {
  const fs::path p = temporary_ / relative;
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  if (ec) throw IoError("cannot create " + p.parent_path().string() + ": " + ec.message());
  return p;
}

void OutputFolder::commit() {
  std::error_code ec;
  fs::path old;
  if (fs::exists(target_, ec)) {  // empty, or --force: move it aside first so that a failed rename loses nothing
    old = target_.parent_path() / ("." + target_.filename().string() + ".old-" + unique_suffix());
    fs::rename(target_, old, ec);
    if (ec) throw IoError("cannot replace " + target_.string() + ": " + ec.message());
  }
  fs::rename(temporary_, target_, ec);
  if (ec) {
    std::error_code restore;
    if (!old.empty()) fs::rename(old, target_, restore);
    throw IoError("cannot move the results into " + target_.string() + ": " + ec.message());
  }
  committed_ = true;
  if (!old.empty()) fs::remove_all(old, ec);
}

}  // namespace rptdose::pipeline::detail
