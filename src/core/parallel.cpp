#include "rptdose/core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <string>
#include <thread>

#include "rptdose/core/error.hpp"

namespace rptdose {

unsigned default_thread_count() {
  if (const char* env = std::getenv("RPTDOSE_NUM_THREADS")) {
    char* end = nullptr;
    const long requested = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && requested > 0) return static_cast<unsigned>(requested);
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

void parallel_for(std::size_t begin, std::size_t end, const std::function<void(std::size_t, std::size_t)>& body,
                  ParallelOptions options) {
  if (end <= begin) return;
  const std::size_t grain = std::max<std::size_t>(1, options.grain);
  const std::size_t chunks = (end - begin + grain - 1) / grain;
  const unsigned threads = static_cast<unsigned>(
      std::min<std::size_t>(chunks, options.threads == 0 ? default_thread_count() : options.threads));
  if (threads <= 1) {
    for (std::size_t c = 0; c < chunks; ++c) {
      const std::size_t b = begin + c * grain;
      body(b, std::min(end, b + grain));
    }
    return;
  }
  // Threads take chunks from a shared counter; which thread runs a chunk does not change what it computes.
  std::atomic<std::size_t> next_chunk{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto worker = [&] {
    for (;;) {
      const std::size_t c = next_chunk.fetch_add(1);
      if (c >= chunks || failed.load()) return;
      const std::size_t b = begin + c * grain;
      try {
        body(b, std::min(end, b + grain));
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        failed = true;
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();
  if (first_error) std::rethrow_exception(first_error);
}

double parallel_sum(std::size_t begin, std::size_t end, const std::function<double(std::size_t, std::size_t)>& body,
                    ParallelOptions options) {
  if (end <= begin) return 0.0;
  const std::size_t grain = std::max<std::size_t>(1, options.grain);
  const std::size_t chunks = (end - begin + grain - 1) / grain;
  std::vector<double> partial(chunks, 0.0);
  parallel_for(
      0, chunks,
      [&](std::size_t c0, std::size_t c1) {
        for (std::size_t c = c0; c < c1; ++c) {
          const std::size_t b = begin + c * grain;
          partial[c] = body(b, std::min(end, b + grain));
        }
      },
      ParallelOptions{options.threads, 1});
  double total = 0.0;
  for (double p : partial) total += p;
  return total;
}

}  // namespace rptdose
