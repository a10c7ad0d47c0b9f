// Image files through the installed rptdose::io (the 0.1 name of rptdose::itk): writes an oblique NIfTI, reads it
// back and resamples it onto itself (registration/resample.hpp is in the same library).
#include <rptdose/io/image_io.hpp>
#include <rptdose/registration/resample.hpp>

#include <cstdio>
#include <filesystem>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  rptdose::Matrix3 direction;
  direction << 0, -1, 0, 1, 0, 0, 0, 0, 1;  // 90° about z
  const rptdose::Grid grid({4, 3, 2}, rptdose::Vector3(1.5, 2.0, 3.0), rptdose::Vector3(-10, 20, 5), direction);
  rptdose::Volume<float> image(grid, 0.0f);
  image(3, 2, 1) = 7.0f;
  const std::filesystem::path path = std::filesystem::path(argv[1]) / "round_trip.nii.gz";
  rptdose::io::write_image(image, path);
  const auto read = rptdose::io::read_image(path);
  const auto same = rptdose::registration::resample(read, grid, rptdose::registration::Interpolation::Nearest);
  std::printf("%s, voxel (3, 2, 1) = %g, same geometry %s\n", read.grid().describe().c_str(), same(3, 2, 1),
              read.grid().same_geometry(grid) ? "yes" : "no");
}
