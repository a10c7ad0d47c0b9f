#pragma once
// numpy ⇄ Volume without copies where possible. numpy arrays are indexed [z, y, x] (C order), which is the
// Volume memory layout (x fastest); spacings cross the boundary as (x, y, z) in mm.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>
#include <utility>

#include "rptdose/core/error.hpp"
#include "rptdose/core/volume.hpp"

namespace rptdose::python {

template <typename T>
using CArray = pybind11::array_t<T, pybind11::array::c_style | pybind11::array::forcecast>;

/// The grid of a [z, y, x] array with (x, y, z) spacing in mm.
template <typename T>
Grid grid_of(const CArray<T>& array, const Vector3& spacing_mm, const char* what) {
  if (array.ndim() != 3)
    throw InvalidInput(std::string(what) + " must be a 3-D array indexed [z, y, x]; got " +
                       std::to_string(array.ndim()) + " dimensions");
  return Grid({static_cast<std::size_t>(array.shape(2)), static_cast<std::size_t>(array.shape(1)),
               static_cast<std::size_t>(array.shape(0))},
              spacing_mm);
}

/// A Volume viewing the array's memory (valid while the array lives; never written through).
template <typename T>
Volume<T> view_of(const CArray<T>& array, const Vector3& spacing_mm, const char* what) {
  return Volume<T>::view(grid_of(array, spacing_mm, what), const_cast<T*>(array.data()));
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
