// rptdose.Grid: the geometry of a [z, y, x] array (the core's Grid), in the package's (z, y, x) convention.
//
// The core's Grid is (x, y, z) throughout: point = origin + direction · diag(spacing) · (i, j, k), in the patient
// space of the image file (ITK's LPS, as DICOM). In Python every triple follows the array's axes, so the same
// relation holds with every vector and both indices of the matrix reversed:
//
//     point_zyx = origin_mm + direction @ (spacing_mm * (k, j, i))      for array[k, j, i]
//
// origin_mm = (o_z, o_y, o_x) and direction[a][b] = D[2 − a][2 − b] (column b: array axis b as a unit vector in
// patient (z, y, x) coordinates). docs/python.md states this convention with an example.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "arrays.hpp"
#include "bindings.hpp"
#include "rptdose/core/grid.hpp"

namespace py = pybind11;

namespace rptdose::python {

namespace {

/// A (z, y, x) triple of finite numbers from Python as a core (x, y, z) vector.
Vector3 vector_of(const py::handle& object, const char* what) {
  std::vector<double> zyx;
  try {
    zyx = py::cast<std::vector<double>>(object);
  } catch (const py::cast_error&) {
  }
  if (zyx.size() != 3)
    throw InvalidInput(std::string(what) + " must be three numbers (z, y, x), got " +
                       py::repr(object).cast<std::string>());
  return Vector3(zyx[2], zyx[1], zyx[0]);
}

/// A 3×3 direction matrix in (z, y, x) order from Python as the core's (x, y, z) matrix.
Matrix3 direction_of(const py::handle& object) {
  if (object.is_none()) return Matrix3::Identity();
  const auto array = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(object);
  if (!array || array.ndim() != 2 || array.shape(0) != 3 || array.shape(1) != 3)
    throw InvalidInput("direction must be a 3×3 matrix (rows and columns in (z, y, x) order), got " +
                       py::repr(object).cast<std::string>());
  Matrix3 xyz;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) xyz(2 - a, 2 - b) = array.at(a, b);
  return xyz;
}

/// The (z, y, x) direction matrix of a grid as a new float64 numpy array.
py::array_t<double> direction_zyx(const Grid& grid) {
  py::array_t<double> out({3, 3});
  auto m = out.mutable_unchecked<2>();
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) m(a, b) = grid.direction()(2 - a, 2 - b);
  return out;
}

Size3 shape_of(const py::handle& object) {
  std::vector<long long> zyx;
  try {
    zyx = py::cast<std::vector<long long>>(object);
  } catch (const py::cast_error&) {
  }
  if (zyx.size() != 3 || zyx[0] < 0 || zyx[1] < 0 || zyx[2] < 0)
    throw InvalidInput("shape must be three voxel counts (z, y, x) ≥ 0, as numpy's array.shape, got " +
                       py::repr(object).cast<std::string>());
  return {static_cast<std::size_t>(zyx[2]), static_cast<std::size_t>(zyx[1]), static_cast<std::size_t>(zyx[0])};
}

/// "(1.5, 2.0, 3.0)": Python's shortest round-trip repr of each number.
std::string repr_triple(const py::tuple& values) {
  std::string text = "(";
  for (std::size_t n = 0; n < values.size(); ++n) text += (n ? ", " : "") + py::repr(values[n]).cast<std::string>();
  return text + ")";
}

}  // namespace

void bind_core(py::module_& module) {
  py::class_<Grid>(module, "Grid", R"doc(
The geometry of an image array indexed [z, y, x]: shape, spacing, origin and direction, every triple in (z, y, x)
order (the order of the array's axes), lengths in mm, points in the patient space of the image file (ITK's LPS,
as DICOM), so that the centre of voxel array[k, j, i] lies at

    origin_mm + direction @ (spacing_mm * (k, j, i))      (a point (z, y, x) in mm)

origin_mm is the centre of voxel [0, 0, 0]; column b of direction is array axis b as a unit vector. DICOM's
ImagePositionPatient (x, y, z) is origin_mm[::-1]. rptdose.read_image returns one with the array; every function
that takes spacing_mm also takes a Grid (its spacing). Equality is exact; same_geometry compares with tolerances.)doc")
      .def(py::init([](const py::object& shape, const py::object& spacing_mm, const py::object& origin_mm,
                       const py::object& direction) {
             return Grid(shape_of(shape), spacing_of(spacing_mm), vector_of(origin_mm, "origin_mm"),
                         direction_of(direction));
           }),
           py::arg("shape"), py::arg("spacing_mm"), py::arg("origin_mm") = py::make_tuple(0.0, 0.0, 0.0),
           py::arg("direction") = py::none(),
           "shape (z, y, x) voxels; spacing_mm: one number or (z, y, x) mm; origin_mm: (z, y, x) mm of voxel [0, 0, "
           "0]; direction: 3×3 in (z, y, x) order (default identity). Raises ValueError for a spacing that is not "
           "positive, a non-finite origin or a singular direction.")
      .def_property_readonly(
          "shape", [](const Grid& g) { return py::make_tuple(g.size()[2], g.size()[1], g.size()[0]); },
          "Voxels along (z, y, x): the shape of the array.")
      .def_property_readonly(
          "spacing_mm", [](const Grid& g) { return tuple_zyx(g.spacing_mm()); }, "Voxel size (z, y, x) in mm.")
      .def_property_readonly(
          "origin_mm", [](const Grid& g) { return tuple_zyx(g.origin_mm()); },
          "Centre of voxel [0, 0, 0], (z, y, x) in mm (patient LPS space).")
      .def_property_readonly("direction", &direction_zyx,
                             "Direction cosines, 3×3 in (z, y, x) order: column b is array axis b (a new array).")
      .def_property_readonly("voxel_volume_ml", &Grid::voxel_volume_ml, "Voxel volume in mL (mm³ / 1000).")
      .def("same_geometry", &Grid::same_geometry, py::arg("other"), py::arg("tolerance_mm") = 1e-4,
           py::arg("tolerance_direction") = 1e-6,
           "Same shape, and spacing, origin and direction equal within the tolerances (absolute; mm and direction "
           "cosines): for grids read back from files, whose geometry is stored in float32.")
      .def(
          "__eq__",
          [](const Grid& a, const Grid& b) {
            return a.size() == b.size() && a.spacing_mm() == b.spacing_mm() && a.origin_mm() == b.origin_mm() &&
                   a.direction() == b.direction();
          },
          py::is_operator())
      .def(py::pickle(  // for Dask workers and copy.copy: the four triples, exactly
          [](const Grid& g) {
            return py::make_tuple(py::make_tuple(g.size()[2], g.size()[1], g.size()[0]), tuple_zyx(g.spacing_mm()),
                                  tuple_zyx(g.origin_mm()), direction_zyx(g));
          },
          [](const py::tuple& state) {
            if (state.size() != 4) throw InvalidInput("rptdose.Grid: a pickled state has 4 parts");
            return Grid(shape_of(state[0]), spacing_of(state[1]), vector_of(state[2], "origin_mm"),
                        direction_of(state[3]));
          }))
      .def("__repr__", [](const Grid& g) {
        const py::object self = py::cast(g);
        std::string direction = "(";
        const auto d = direction_zyx(g).unchecked<2>();
        for (int a = 0; a < 3; ++a)
          direction += (a ? ", " : "") + repr_triple(py::make_tuple(d(a, 0), d(a, 1), d(a, 2)));
        return "Grid(shape=" + repr_triple(self.attr("shape")) +
               ", spacing_mm=" + repr_triple(tuple_zyx(g.spacing_mm())) +
               ", origin_mm=" + repr_triple(tuple_zyx(g.origin_mm())) + ", direction=" + direction + "))";
      });
}

}  // namespace rptdose::python
