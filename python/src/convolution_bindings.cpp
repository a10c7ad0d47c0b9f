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

/// The same into the caller's array `out` (C-contiguous, writable, the source's dtype and shape): no allocation,
/// which saves the page faults of fresh memory when the same shape is convolved again and again.
template <typename T>
py::object run_into(const Convolver& convolver, const CArray<T>& source, const py::object& out) {
  using Output = py::array_t<T, py::array::c_style>;
  if (!py::isinstance<Output>(out))
    throw InvalidInput(std::string("out must be a C-contiguous ") + (sizeof(T) == 4 ? "float32" : "float64") +
                       " array like the result; use out=None to get a new array");
  auto target_array = py::reinterpret_borrow<Output>(out);
  if (!target_array.writeable()) throw InvalidInput("out is read-only: pass a writable array");
  const Volume<T> view = view_of(source, kUnitSpacing, "source");
  if (target_array.ndim() != 3 || target_array.shape(0) != source.shape(0) ||
      target_array.shape(1) != source.shape(1) || target_array.shape(2) != source.shape(2))
    throw InvalidInput("out must have the source's shape");
  Volume<T> target = Volume<T>::view(view.grid(), target_array.mutable_data());
  {
    py::gil_scoped_release release;
    convolver.convolve_into(view, target);
  }
  return out;
}

template <typename T>
py::object run_maybe_into(const Convolver& convolver, const CArray<T>& source, const py::object& out) {
  if (out.is_none()) return run(convolver, source);
  return run_into(convolver, source, out);
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
          "convolve",
          [](const Convolver& c, const CArray<float>& source, const py::object& out) {
            return run_maybe_into(c, source, out);
          },
          py::arg("source").noconvert(), py::kw_only(), py::arg("out") = py::none())
      .def(
          "convolve",
          [](const Convolver& c, const CArray<double>& source, const py::object& out) {
            return run_maybe_into(c, source, out);
          },
          py::arg("source"), py::kw_only(), py::arg("out") = py::none(),
          "Linear convolution of `source` [z, y, x] with the kernel, cropped to the source shape (nothing wraps "
          "around). float32 in: single precision, float32 out; anything else: float64. `out`: an array of the "
          "result's dtype and shape to write into (returned), instead of a new one.");

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
