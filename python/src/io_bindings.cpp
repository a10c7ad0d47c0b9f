// rptdose.read_image, read_labels and write_image: image files (NIfTI, NRRD, MetaImage; DICOM images for reading)
// with their geometry, through rptdose::io (library rptdose::itk, ITK inside). Arrays come back [z, y, x] with an
// rptdose.Grid. rptdose.write_rt_dose: a dose map as DICOM RT Dose (io/rt_dose_writer.hpp, DCMTK inside).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl/filesystem.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "arrays.hpp"
#include "bindings.hpp"
#include "rptdose/io/image_io.hpp"
#include "rptdose/io/rt_dose_writer.hpp"

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
Reads a scalar image: (float32 array [z, y, x], Grid). path: a .nii, .nii.gz, .nrrd, .nhdr, .mha or .mhd file, a
DICOM file (an NM multi-frame reconstruction) or a folder holding one DICOM image series (NM, PET, CT), read with
DCMTK: values with the series' Real World Value Mapping or rescale applied (docs/dicom.md). Any pixel type is
converted to float32; the geometry is the file's (LPS patient space; see rptdose.Grid). Raises rptdose.IoError (an
OSError) for a missing or unreadable file, a file that is not a 3-D scalar image, a folder without exactly one image
series, or a series with missing or unevenly spaced slices; ValueError for another extension.)doc");
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
  module.def(
      "write_rt_dose",
      [](const std::filesystem::path& path, const py::object& dose, const Grid& grid,
         const std::optional<std::filesystem::path>& reference, const std::string& dose_type,
         const std::string& series_description, const std::string& dose_comment, bool density_corrected) {
        const auto array = require_c_array(dose, "dose");
        require_grid_shape(array, grid);
        io::RtDoseDescription description;
        if (dose_type == "physical")
          description.dose_type = io::RtDoseType::Physical;
        else if (dose_type == "effective")
          description.dose_type = io::RtDoseType::Effective;
        else
          throw InvalidInput("dose_type '" + dose_type + "' is not 'physical' or 'effective'");
        description.series_description = series_description;
        description.dose_comment = dose_comment;
        description.density_corrected = density_corrected;
        const auto values = floating_input<float>(array, "dose");
        const auto view = Volume<float>::view(grid, const_cast<float*>(values.data()));
        io::RtDoseWritten written;
        {
          py::gil_scoped_release release;
          const auto linked = reference ? io::read_dicom_reference(*reference) : io::new_dicom_reference();
          written = io::write_rt_dose(view, linked, description, path);
        }
        py::dict result;
        result["sop_instance_uid"] = written.sop_instance_uid;
        result["series_instance_uid"] = written.series_instance_uid;
        result["dose_grid_scaling_Gy"] = written.dose_grid_scaling_Gy;
        return result;
      },
      py::arg("path"), py::arg("dose"), py::arg("grid"), py::kw_only(), py::arg("reference") = py::none(),
      py::arg("dose_type") = "physical", py::arg("series_description") = "", py::arg("dose_comment") = "",
      py::arg("density_corrected") = false, R"doc(
Writes a dose map [z, y, x] in Gy with its Grid as one DICOM RT Dose file, atomically. reference: a DICOM file or
folder of the image series (usually the CT) whose Patient, Study and Frame of Reference the dose joins and whose
images it references, so that viewers place it on that CT; None: a new Study and Frame of Reference, not linked to
any CT. dose_type: 'physical' (absorbed dose) or 'effective' (RBE-weighted, BED, EQD2). Pixels are 32-bit with
DoseGridScaling = max / (2^32 - 1). Returns {'sop_instance_uid', 'series_instance_uid', 'dose_grid_scaling_Gy'}.
Raises ValueError for a grid DICOM cannot express (axes not orthogonal), a shape other than grid.shape or
non-finite doses; rptdose.IoError when the reference cannot be read or the file cannot be written.)doc");
}

}  // namespace rptdose::python
