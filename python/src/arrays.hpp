#pragma once
// numpy ⇄ Volume without copies where possible. numpy arrays are indexed [z, y, x] (C order), which is the
// Volume memory layout (x fastest). In Python every per-axis triple is in the order of the array's axes, (z, y, x):
// spacings in mm (a scalar means isotropic voxels), and the origin and direction of an rptdose.Grid (core_bindings
// .cpp); the *_zyx() helpers below turn them into the core's (x, y, z) and back. Wherever a function takes
// spacing_mm, an rptdose.Grid is accepted too (spacing_of()), so a (array, grid) pair from rptdose.read_image
// passes straight in.
//
// Input policy for image-sized arrays (the one documented in docs/python.md):
//  * they must be numpy arrays, C-contiguous (a transposed, Fortran-ordered or strided view is an error that says
//    to pass np.ascontiguousarray(...): rptdose never copies an image behind the caller's back);
//  * of a floating-point dtype for values (float32 is viewed; float64 is viewed by the float64 paths and converted
//    — one documented copy — where the engine computes in float32), of an integer or boolean dtype for labels and
//    masks; any other dtype (integers for values, floats for labels, complex, object) is an error;
//  * 3-D [z, y, x]; NaN and infinite voxels are reported by the library (rptdose.InvalidInput, a ValueError).
// Small inputs (kernels, times, spacings) are converted from any array-like.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rptdose/core/error.hpp"
#include "rptdose/core/volume.hpp"

namespace rptdose::python {

template <typename T>
using CArray = pybind11::array_t<T, pybind11::array::c_style | pybind11::array::forcecast>;

/// The grid of a [z, y, x] array with (x, y, z) spacing in mm.
template <typename T>
Grid grid_of(const CArray<T>& array, const Vector3& spacing_mm, const char* what) {
  if (array.ndim() != 3) {
    std::string shape;
    for (pybind11::ssize_t a = 0; a < array.ndim(); ++a) shape += (a ? ", " : "") + std::to_string(array.shape(a));
    throw InvalidInput(std::string(what) + " must be a 3-D array indexed [z, y, x]; got " +
                       std::to_string(array.ndim()) + " dimensions (shape (" + shape + "))");
  }
  return Grid({static_cast<std::size_t>(array.shape(2)), static_cast<std::size_t>(array.shape(1)),
               static_cast<std::size_t>(array.shape(0))},
              spacing_mm);
}

/// A Volume viewing the array's memory (valid while the array lives; never written through).
template <typename T>
Volume<T> view_of(const CArray<T>& array, const Vector3& spacing_mm, const char* what) {
  return Volume<T>::view(grid_of(array, spacing_mm, what), const_cast<T*>(array.data()));
}

/// A number as %g for messages ("0.001", "4.8", "1e+30").
inline std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

/// "float64", "int32", ... for messages.
inline std::string dtype_name(const pybind11::array& array) {
  return pybind11::str(array.dtype()).cast<std::string>();
}

/// `object` as a numpy array that is C-contiguous; throws InvalidInput naming `what` otherwise.
inline pybind11::array require_c_array(const pybind11::handle& object, const std::string& what) {
  if (!pybind11::isinstance<pybind11::array>(object))
    throw InvalidInput(what + " must be a numpy array, got " +
                       pybind11::str(pybind11::type::handle_of(object).attr("__name__")).cast<std::string>() +
                       ": pass np.asarray(" + what + ", dtype=np.float32)");
  auto array = pybind11::reinterpret_borrow<pybind11::array>(object);
  if (!(array.flags() & pybind11::array::c_style))
    throw InvalidInput(what +
                       " is not C-contiguous (a transposed, Fortran-ordered or strided view): rptdose reads image "
                       "arrays in place and does not copy them silently; pass np.ascontiguousarray(" +
                       what + ")");
  return array;
}

/// A floating-point image: viewed when its dtype is T, converted to T otherwise (float32 <-> float64, a copy).
/// Throws InvalidInput for non-arrays, non-contiguous arrays and non-floating dtypes.
template <typename T>
CArray<T> floating_input(const pybind11::handle& object, const std::string& what) {
  const auto array = require_c_array(object, what);
  if (array.dtype().kind() != 'f')
    throw InvalidInput(what + " must be a float32 or float64 array, got dtype " + dtype_name(array) +
                       ": convert it, e.g. " + what + ".astype(np.float32)");
  return CArray<T>::ensure(array);
}

/// "(3, 3, 4)": a numpy shape for messages.
inline std::string shape_text(const pybind11::array& array) {
  std::string text = "(";
  for (pybind11::ssize_t a = 0; a < array.ndim(); ++a) text += (a ? ", " : "") + std::to_string(array.shape(a));
  return text + (array.ndim() == 1 ? ",)" : ")");
}

/// Throws InvalidInput naming both arrays and their numpy shapes when the shapes differ.
inline void require_same_shape(const pybind11::array& a, const pybind11::array& b, const std::string& what_a,
                               const std::string& what_b) {
  bool same = a.ndim() == b.ndim();
  for (pybind11::ssize_t d = 0; same && d < a.ndim(); ++d) same = a.shape(d) == b.shape(d);
  if (!same)
    throw InvalidInput(what_b + " has shape " + shape_text(b) + " but " + what_a + " has shape " + shape_text(a) +
                       ": both must be on the same [z, y, x] grid (resample one onto the other)");
}

/// A floating-point image viewed as float32 or float64, whichever it is (for paths that have both).
inline bool is_float32(const pybind11::array& array) {
  return array.dtype().kind() == 'f' && array.itemsize() == 4;
}

/// A label map as int32: viewed when it is int32; other integer and boolean dtypes are converted after checking
/// that the labels fit. Throws InvalidInput for non-integer dtypes and labels outside the int32 range.
inline CArray<std::int32_t> label_input(const pybind11::handle& object, const std::string& what) {
  const auto array = require_c_array(object, what);
  const char kind = array.dtype().kind();
  if (kind != 'i' && kind != 'u' && kind != 'b')
    throw InvalidInput(what + " must be an integer label map, got dtype " + dtype_name(array) + ": convert it, e.g. " +
                       what + ".astype(np.int32)");
  if (array.itemsize() >= 4 && !(kind == 'i' && array.itemsize() == 4) && array.size() > 0) {
    const double lo = array.attr("min")().cast<double>(), hi = array.attr("max")().cast<double>();
    if (lo < -2147483648.0 || hi > 2147483647.0)
      throw InvalidInput(what + " has labels outside the int32 range (" + number_text(lo) + " to " + number_text(hi) +
                         "): renumber them");
  }
  return CArray<std::int32_t>::ensure(array);
}

/// A mask as uint8 0/1 (non-zero = inside): bool and uint8 arrays are viewed; other integer dtypes become
/// (mask != 0) (a one-byte copy, never a truncation). Throws InvalidInput for other dtypes.
inline CArray<std::uint8_t> mask_input(const pybind11::handle& object, const std::string& what) {
  auto array = require_c_array(object, what);
  const char kind = array.dtype().kind();
  if (kind == 'b') return CArray<std::uint8_t>::ensure(array.view("uint8"));
  if (kind == 'u' && array.itemsize() == 1) return CArray<std::uint8_t>::ensure(array);
  if (kind != 'i' && kind != 'u')
    throw InvalidInput(what + " must be a boolean or integer array (non-zero = inside), got dtype " +
                       dtype_name(array) + ": pass e.g. " + what + " > 0");
  pybind11::array inside = array.attr("__ne__")(0);
  return CArray<std::uint8_t>::ensure(inside.view("uint8"));
}

/// (z, y, x) as a Python tuple of a core (x, y, z) vector.
inline pybind11::tuple tuple_zyx(const Vector3& xyz) {
  return pybind11::make_tuple(xyz[2], xyz[1], xyz[0]);
}

/// A spacing from Python: a number (isotropic), a sequence (z, y, x) in mm, or an rptdose.Grid (its spacing), as
/// the core's Vector3 (x, y, z). Throws InvalidInput for other lengths and for values that are not positive and
/// finite.
inline Vector3 spacing_of(const pybind11::handle& spacing, const std::string& what = "spacing_mm") {
  if (pybind11::isinstance<Grid>(spacing)) return spacing.cast<const Grid&>().spacing_mm();
  std::array<double, 3> zyx{};
  const auto bad = [&] {
    return InvalidInput(what + " must be one number (isotropic) or three numbers (z, y, x) in mm, got " +
                        pybind11::repr(spacing).cast<std::string>());
  };
  const bool scalar =
      !pybind11::hasattr(spacing, "__len__") || (pybind11::isinstance<pybind11::array>(spacing) &&
                                                 pybind11::reinterpret_borrow<pybind11::array>(spacing).ndim() == 0);
  try {
    if (scalar) {
      zyx.fill(pybind11::float_(pybind11::reinterpret_borrow<pybind11::object>(spacing)).cast<double>());
    } else {
      const auto values = pybind11::cast<std::vector<double>>(spacing);
      if (values.size() != 3) throw bad();
      std::copy(values.begin(), values.end(), zyx.begin());
    }
  } catch (const pybind11::cast_error&) {
    throw bad();
  } catch (const pybind11::error_already_set&) {
    throw bad();
  }
  for (const double v : zyx)
    if (!(std::isfinite(v) && v > 0.0))
      throw InvalidInput(what + " must be positive and finite (mm), got (z, y, x) = (" + number_text(zyx[0]) + ", " +
                         number_text(zyx[1]) + ", " + number_text(zyx[2]) + ")");
  return Vector3(zyx[2], zyx[1], zyx[0]);
}

/// Worker threads from Python: None → 0 (the library default: $RPTDOSE_NUM_THREADS or all cores).
inline unsigned threads_of(const std::optional<unsigned>& threads) {
  return threads.value_or(0u);
}

/// A numpy array [z, y, x] that takes ownership of the volume's memory (no copy).
template <typename T>
pybind11::array_t<T> to_numpy(Volume<T>&& volume) {
  const Size3 size = volume.grid().size();  // a copy: the move below empties `volume`
  auto* owner = new Volume<T>(std::move(volume));
  pybind11::capsule release(owner, [](void* p) { delete static_cast<Volume<T>*>(p); });
  return pybind11::array_t<T>({size[2], size[1], size[0]}, owner->data(), release);
}

}  // namespace rptdose::python
