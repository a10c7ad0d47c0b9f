#pragma once
// rptdose::core — parallel loops over index ranges with std::thread. Work is split into chunks whose bounds
// depend only on the range and the grain size, never on the thread count, so a reduction over chunks (combined
// in chunk order) gives bit-identical results for any number of threads.
#include <cstddef>
#include <functional>
#include <vector>

namespace rptdose {

/// Threads used when a caller passes 0: $RPTDOSE_NUM_THREADS if set to a positive integer, else the hardware
/// concurrency (at least 1).
unsigned default_thread_count();

struct ParallelOptions {
  unsigned threads = 0;      ///< 0: default_thread_count()
  std::size_t grain = 4096;  ///< indices per chunk (fixed chunking makes reductions deterministic)
};

/// Calls body(chunk_begin, chunk_end) for consecutive chunks covering [begin, end). Chunks run concurrently on
/// up to `options.threads` threads; `body` must only write data owned by its chunk. The first exception thrown by
/// a body is rethrown in the caller after all threads have stopped.
void parallel_for(std::size_t begin, std::size_t end,
                  const std::function<void(std::size_t chunk_begin, std::size_t chunk_end)>& body,
                  ParallelOptions options = {});

/// Deterministic sum: body returns the partial sum of one chunk; partial sums are added in chunk order.
double parallel_sum(std::size_t begin, std::size_t end,
                    const std::function<double(std::size_t chunk_begin, std::size_t chunk_end)>& body,
                    ParallelOptions options = {});

}  // namespace rptdose
