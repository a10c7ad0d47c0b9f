// rptdose.read_image, read_labels and write_image: image files (NIfTI, NRRD, MetaImage; DICOM series for reading)
// with their geometry, through rptdose::io (library rptdose::itk, ITK inside). Arrays come back [z, y, x] with an rptdose.Grid.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl/filesystem.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "arrays.hpp"
#include "bindings.hpp"
#include "rptdose/io/image_io.hpp"

namespace py = pybind11;

namespace rptdose::python {

namespace {

/// (array, grid): the array takes over the volume's memory (no copy).
template <typename T>
py::tuple array_and_grid(Volume<T>&& volume) {
  const Grid grid = volume.grid();
  return py::make_tuple(to_numpy(std::move(volume)), grid);
}

/// Throws InvalidInput unless `array` has the grid's shape.
void require_grid_shape(const py::array& array, const Grid& grid) {
  const auto& n = grid.size();
  if (array.ndim() != 3 || static_cast<std::size_t>(array.shape(0)) != n[2] ||
      static_cast<std::size_t>(array.shape(1)) != n[1] || static_cast<std::size_t>(array.shape(2)) != n[0])
    throw InvalidInput("image has shape " + shape_text(array) + " but grid.shape is (" + std::to_string(n[2]) + ", " +
                       std::to_string(n[1]) + ", " + std::to_string(n[0]) +
                       "): pass the Grid of this array (rptdose.read_image returns both)");
}

}  // namespace

void bind_io(py::module_& module) {
  module.def(
      "read_image",
      [](const std::filesystem::path& path) {
        Volume<float> image;
        {
          py::gil_scoped_release release;
          image = io::read_image(path);
        }
        return array_and_grid(std::move(image));
      },
      py::arg("path"), R"doc(
Reads a scalar image: (float32 array [z, y, x], Grid). path: a .nii, .nii.gz, .nrrd, .nhdr, .mha or .mhd file, or
a folder holding one DICOM series. Any pixel type is converted to float32; the geometry is the file's (ITK's LPS
patient space; see rptdose.Grid). Raises rptdose.IoError (an OSError) for a missing or unreadable file, a file that
is not a 3-D scalar image, or a folder without exactly one series; ValueError for another extension.)doc");
  module.def(
      "read_labels",
      [](const std::filesystem::path& path) {
        Volume<std::int32_t> labels;
        {
          py::gil_scoped_release release;
          labels = io::read_labels(path);
        }
        return array_and_grid(std::move(labels));
      },
      py::arg("path"), R"doc(
Reads a label map: (int32 array [z, y, x], Grid). Formats as read_image. Raises rptdose.IoError as read_image, and
when a voxel value is not an integer.)doc");
  module.def(
      "write_image",
      [](const std::filesystem::path& path, const py::object& image, const Grid& grid) {
        const auto array = require_c_array(image, "image");
        require_grid_shape(array, grid);
        const char kind = array.dtype().kind();
        if (kind == 'f') {
          const auto values = floating_input<float>(array, "image");
          const auto view = Volume<float>::view(grid, const_cast<float*>(values.data()));
          py::gil_scoped_release release;
          io::write_image(view, path);
        } else {
          const auto labels = label_input(array, "image");
          const auto view = Volume<std::int32_t>::view(grid, const_cast<std::int32_t*>(labels.data()));
          py::gil_scoped_release release;
          io::write_labels(view, path);
        }
      },
      py::arg("path"), py::arg("image"), py::arg("grid"), R"doc(
Writes an array [z, y, x] with its Grid, atomically, in the format of the extension (.nii, .nii.gz, .nrrd, .nhdr,
.mha, .mhd; not DICOM). Floating-point arrays are written as float32 (float64 converted), integer and boolean arrays
as an int32 label map. Raises ValueError when the array's shape is not grid.shape, for a non-contiguous array, an
unsupported dtype or extension; rptdose.IoError when the folder does not exist or the write fails.)doc");
}

}  // namespace rptdose::python
