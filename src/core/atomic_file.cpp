#include "rptdose/core/atomic_file.hpp"

#include <unistd.h>
#include <atomic>
#include <fstream>
#include <string>
#include <system_error>

#include "rptdose/core/error.hpp"

namespace rptdose {

void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& writer,
                           bool binary) {
  static std::atomic<unsigned> counter{0};
  std::filesystem::path temporary = path;
  temporary += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  auto remove_temporary = [&] {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
  };
  try {
    {
      std::ofstream out(temporary, binary ? std::ios::binary | std::ios::trunc : std::ios::trunc);
      if (!out) throw IoError("cannot write " + path.string() + ": the folder does not exist or is not writable");
      writer(out);
      out.flush();
      if (!out) throw IoError("writing " + path.string() + " failed (disk full?)");
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) throw IoError("cannot write " + path.string() + ": " + error.message());
  } catch (...) {
    remove_temporary();
    throw;
  }
}

}  // namespace rptdose
