#include "rptdose/core/memory.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <string>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace rptdose {

void advise_huge_pages(void* data, std::size_t bytes) {
#ifdef __linux__
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  if (data == nullptr || bytes < kLargeBufferBytes) return;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t last = (begin + bytes) & ~(kHugePage - 1);
  if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

namespace {

/// The first number in a file (a cgroup's limit or usage), nullopt when missing or "max" (no limit).
std::optional<std::uint64_t> number_in(const char* path) {
  std::ifstream in(path);
  std::uint64_t value = 0;
  if (in >> value) return value;
  return std::nullopt;
}

std::optional<std::uint64_t> cgroup_room_bytes() {
  for (const auto& [limit, usage] : {std::pair{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"},
                                     std::pair{"/sys/fs/cgroup/memory/memory.limit_in_bytes",
                                               "/sys/fs/cgroup/memory/memory.usage_in_bytes"}}) {
    const auto l = number_in(limit), u = number_in(usage);
    if (l && u && *l < (std::uint64_t{1} << 60)) return *l > *u ? *l - *u : 0;  // v1 "no limit" is ~2^63
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::uint64_t> available_memory_bytes() {
  std::optional<std::uint64_t> available;
  std::ifstream meminfo("/proc/meminfo");
  for (std::string line; std::getline(meminfo, line);)
    if (line.starts_with("MemAvailable:")) {  // "MemAvailable:   20123456 kB"
      available = std::stoull(line.substr(13)) * 1024;
      break;
    }
  if (const auto room = cgroup_room_bytes()) available = available ? std::min(*available, *room) : *room;
  return available;
}

}  // namespace rptdose
