// rptdose.convolve and rptdose.Convolver: the convolution engine for numpy arrays.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>

#include "arrays.hpp"
#include "bindings.hpp"
#include "rptdose/convolution/convolver.hpp"

namespace py = pybind11;

namespace rptdose::python {

namespace {

using convolution::ConvolutionOptions;
using convolution::Convolver;

// The engine compares the kernel's spacing to the image's; here both are plain arrays without geometry, so
// both get unit spacing.
const Vector3 kUnitSpacing(1.0, 1.0, 1.0);

convolution::FftLibrary parse_fft_library(const std::string& name) {
  if (name == "default") return convolution::FftLibrary::Default;
  if (name == "fftw") return convolution::FftLibrary::Fftw;
  if (name == "eigen") return convolution::FftLibrary::Eigen;
  throw InvalidInput("unknown FFT library '" + name + "': use default, fftw or eigen");
}

ConvolutionOptions make_options(const std::string& engine, unsigned threads, const std::string& fft_library,
                                std::size_t max_memory_bytes) {
  ConvolutionOptions options;
  options.engine = convolution::parse_engine(engine);
  options.threads = threads;
  options.fft_library = parse_fft_library(fft_library);
  options.max_memory_bytes = max_memory_bytes;
  return options;
}

Volume<double> kernel_volume(const CArray<double>& kernel) {
  return view_of(kernel, kUnitSpacing, "kernel").clone();
}

template <typename T>
py::array_t<T> run(const Convolver& convolver, const CArray<T>& source) {
  const Volume<T> view = view_of(source, kUnitSpacing, "source");
  Volume<T> result;
  {
    py::gil_scoped_release release;
    result = convolver.convolve(view);
  }
  return to_numpy(std::move(result));
}

constexpr const char* kOptionsDoc = R"(
    engine: "automatic" (default), "fft" or "direct".
    threads: worker threads; 0 uses RPTDOSE_NUM_THREADS or all cores.
    fft_library: "default" (FFTW when built with it), "fftw" or "eigen".
    max_memory_bytes: FFT workspace budget; larger problems are convolved in z slabs.)";

}  // namespace

void bind_convolution(py::module_& module) {
  const ConvolutionOptions defaults;
  py::class_<Convolver>(module, "Convolver",
                        (std::string(R"(A kernel prepared for repeated convolutions.

The FFT plans and the kernel spectrum are computed on the first call for an image shape and reused while the
shape stays the same (e.g. every time point of a study).

    kernel: 3-D array [z, y, x] with odd sizes, centred on the source voxel (float64).)") +
                         kOptionsDoc)
                            .c_str())
      .def(py::init([](const CArray<double>& kernel, const std::string& engine, unsigned threads,
                       const std::string& fft_library, std::size_t max_memory_bytes) {
             return std::make_unique<Convolver>(kernel_volume(kernel),
                                                make_options(engine, threads, fft_library, max_memory_bytes));
           }),
           py::arg("kernel"), py::kw_only(), py::arg("engine") = "automatic", py::arg("threads") = 0u,
           py::arg("fft_library") = "default", py::arg("max_memory_bytes") = defaults.max_memory_bytes)
      .def(
          "convolve", [](const Convolver& c, const CArray<float>& source) { return run(c, source); },
          py::arg("source").noconvert())
      .def(
          "convolve", [](const Convolver& c, const CArray<double>& source) { return run(c, source); },
          py::arg("source"),
          "Linear convolution of `source` [z, y, x] with the kernel, cropped to the source shape (nothing wraps "
          "around). float32 in: single precision, float32 out; anything else: float64.");

  module.def(
      "convolve",
      [](const py::array& source, const CArray<double>& kernel, const std::string& engine, unsigned threads,
         const std::string& fft_library, std::size_t max_memory_bytes) -> py::array {
        const Convolver convolver(kernel_volume(kernel), make_options(engine, threads, fft_library, max_memory_bytes));
        if (py::isinstance<py::array_t<float>>(source)) return run(convolver, CArray<float>::ensure(source));
        return run(convolver, CArray<double>::ensure(source));
      },
      py::arg("source"), py::arg("kernel"), py::kw_only(), py::arg("engine") = "automatic", py::arg("threads") = 0u,
      py::arg("fft_library") = "default", py::arg("max_memory_bytes") = defaults.max_memory_bytes,
      (std::string(R"(Linear 3-D convolution of `source` with `kernel`, cropped to the source shape.

    source: 3-D array [z, y, x]; float32 is convolved in single precision (float32 result), anything else in
        float64. Never modified.
    kernel: 3-D array [z, y, x] with odd sizes, centred on the source voxel.)") +
       kOptionsDoc)
          .c_str());
  module.def(
      "fft_library_name", [] { return convolution::fft_library_name(); },
      "The FFT library of this build: 'FFTW 3.3.10-...' or 'Eigen FFT (kissfft)'.");
}

}  // namespace rptdose::python
