// rptdose.convolve and rptdose.Convolver: the convolution engine for numpy arrays.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>

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

ConvolutionOptions make_options(const std::string& engine, std::optional<unsigned> threads,
                                const std::string& fft_library, std::size_t max_memory_bytes) {
  ConvolutionOptions options;
  options.engine = convolution::parse_engine(engine);
  options.threads = threads_of(threads);
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

/// float32 sources in single precision, other floating-point sources in double (float64 viewed, others
/// converted); non-floating dtypes and non-contiguous arrays are errors (arrays.hpp).
py::object convolve_any(const Convolver& convolver, const py::object& source_object, const py::object& out) {
  const auto array = require_c_array(source_object, "source");
  if (is_float32(array)) {
    const auto source = floating_input<float>(array, "source");
    if (out.is_none()) return run(convolver, source);
    return run_into(convolver, source, out);
  }
  const auto source = floating_input<double>(array, "source");
  if (out.is_none()) return run(convolver, source);
  return run_into(convolver, source, out);
}

constexpr const char* kOptionsDoc = R"(
    engine: "automatic" (default), "fft" or "direct".
    threads: worker threads; None (or 0) uses $RPTDOSE_NUM_THREADS or all cores. Results do not depend on it.
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
      .def(py::init([](const CArray<double>& kernel, const std::string& engine, std::optional<unsigned> threads,
                       const std::string& fft_library, std::size_t max_memory_bytes) {
             return std::make_unique<Convolver>(kernel_volume(kernel),
                                                make_options(engine, threads, fft_library, max_memory_bytes));
           }),
           py::arg("kernel"), py::kw_only(), py::arg("engine") = "automatic", py::arg("threads") = py::none(),
           py::arg("fft_library") = "default", py::arg("max_memory_bytes") = defaults.max_memory_bytes)
      .def("convolve", &convolve_any, py::arg("source"), py::kw_only(), py::arg("out") = py::none(),
           R"(Linear convolution of `source` [z, y, x] with the kernel, cropped to the source shape (nothing wraps
around). The GIL is released while it runs.

    source: 3-D C-contiguous float array, read in place (never copied when float32 or float64, never modified).
        float32 is convolved in single precision (float32 result), other floats in float64.
    out: an array of the result's dtype and shape to write into (and return) instead of a new one.)")
      .def_property_readonly(
          "kernel", [](const Convolver& c) { return to_numpy(c.kernel().clone()); },
          "A copy of the kernel [z, y, x] (float64).")
      .def_property_readonly(
          "threads", [](const Convolver& c) { return c.options().threads; },
          "Worker threads requested (0: the library default).");

  module.def(
      "convolve",
      [](const py::object& source, const CArray<double>& kernel, const std::string& engine,
         std::optional<unsigned> threads, const std::string& fft_library, std::size_t max_memory_bytes,
         const py::object& out) {
        const Convolver convolver(kernel_volume(kernel), make_options(engine, threads, fft_library, max_memory_bytes));
        return convolve_any(convolver, source, out);
      },
      py::arg("source"), py::arg("kernel"), py::kw_only(), py::arg("engine") = "automatic",
      py::arg("threads") = py::none(), py::arg("fft_library") = "default",
      py::arg("max_memory_bytes") = defaults.max_memory_bytes, py::arg("out") = py::none(),
      (std::string(R"(Linear 3-D convolution of `source` with `kernel`, cropped to the source shape (nothing wraps
around): output[r] = sum_d kernel[d] * source[r - d], the kernel centred on its middle voxel; the same as
scipy.signal.fftconvolve(source, kernel, mode="same") for odd kernels. The GIL is released while it runs.

    source: 3-D C-contiguous float array [z, y, x], read in place (no copy for float32/float64; never
        modified). float32 is convolved in single precision (float32 result), other floats in float64.
        Integer dtypes and non-contiguous views are errors (convert with .astype / np.ascontiguousarray).
    kernel: 3-D array-like [z, y, x] with odd sizes, centred on the source voxel (copied into the engine as
        float64).
    out: an array of the result's dtype and shape to write into (and return) instead of a new one.)") +
       kOptionsDoc)
          .c_str());
  module.def(
      "fft_library_name", [] { return convolution::fft_library_name(); },
      "The FFT library of this build: 'FFTW 3.3.10-...' or 'Eigen FFT (kissfft)'.");
}

}  // namespace rptdose::python
