// Writing a dose map as DICOM RT Dose (io::write_rt_dose: 32-bit pixels, one multi-frame file) and the VOIs as a
// SEG (io::write_seg), against issue 16's target of under 1 s for the RT Dose. Files go to the temporary folder
// (what a run writes into its output folder); the time includes the scaling pass, the pixel conversion and the write.
//   build/bin/rptdose_io_benchmarks
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>

#include <rptdose/io/rt_dose_writer.hpp>
#include <rptdose/io/seg_writer.hpp>

namespace {

rptdose::Grid grid_of(const benchmark::State& state) {
  const auto n = [&](int i) { return static_cast<std::size_t>(state.range(i)); };
  return rptdose::Grid({n(0), n(1), n(2)}, {4.8, 4.8, 4.8}, {-300, -300, -500});
}

std::filesystem::path output(const char* name) {
  return std::filesystem::temp_directory_path() / ("rptdose-bench-" + std::to_string(::getpid()) + name);
}

void BM_WriteRtDose(benchmark::State& state) {
  rptdose::Volume<float> dose(grid_of(state));
  for (std::size_t v = 0; v < dose.size(); ++v) dose[v] = static_cast<float>(20.0 * std::exp(-1e-6 * v));
  const auto reference = rptdose::io::new_dicom_reference();
  const auto path = output("-dose.dcm");
  for (auto _ : state) rptdose::io::write_rt_dose(dose, reference, {}, path);
  state.counters["MB"] = 4.0 * dose.size() / 1e6;
  std::filesystem::remove(path);
}
BENCHMARK(BM_WriteRtDose)->Args({128, 128, 130})->Args({256, 256, 200})->Unit(benchmark::kMillisecond);

void BM_WriteSeg(benchmark::State& state) {
  rptdose::Volume<std::int32_t> labels(grid_of(state));
  const auto& n = labels.grid().size();
  for (std::size_t k = 0; k < n[2]; ++k)  // ten slabs of VOIs, each a tenth of the slices
    for (std::size_t j = n[1] / 4; j < 3 * n[1] / 4; ++j)
      for (std::size_t i = n[0] / 4; i < 3 * n[0] / 4; ++i)
        labels[labels.grid().linear_index(i, j, k)] = static_cast<std::int32_t>(1 + 10 * k / n[2]);
  std::vector<rptdose::io::SegSegment> segments;
  for (int label = 1; label <= 10; ++label) segments.push_back({label, "voi_" + std::to_string(label)});
  const auto reference = rptdose::io::new_dicom_reference();
  const auto path = output("-vois.seg.dcm");
  for (auto _ : state) rptdose::io::write_seg(labels, segments, reference, {}, path);
  std::filesystem::remove(path);
}
BENCHMARK(BM_WriteSeg)->Args({128, 128, 130})->Args({256, 256, 200})->Unit(benchmark::kMillisecond);

}  // namespace
