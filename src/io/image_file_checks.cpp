#include "image_file_checks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <vector>

#include <itkImageIOBase.h>
#include <itkImageIOFactory.h>
#include <nifti1_io.h>

#include "rptdose/core/error.hpp"

namespace rptdose::io::detail {

namespace {

namespace fs = std::filesystem;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string size_text(const std::array<std::size_t, 3>& n) {
  return std::to_string(n[0]) + " × " + std::to_string(n[1]) + " × " + std::to_string(n[2]);
}

std::string bytes_text(std::uintmax_t bytes) {
  char text[32];
  if (bytes < (1u << 20))
    std::snprintf(text, sizeof text, "%ju bytes", bytes);
  else
    std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1u << 20));
  return text;
}

[[noreturn]] void truncated(const std::string& path, const PromisedVoxels& promised, std::uintmax_t promised_bytes,
                            std::uintmax_t held_bytes, const std::string& what) {
  throw IoError(path + " is truncated or damaged: its header promises " + size_text(promised.size) + " voxels (" +
                bytes_text(promised_bytes) + " of " + what + ") but the file holds " + bytes_text(held_bytes) +
                ": copy or export the image again");
}

/// Dimensionality and voxel size from ITK's header reader (no voxel read).
PromisedVoxels header_of(const std::string& path) {
  itk::ImageIOBase::Pointer io;
  try {
    io = itk::ImageIOFactory::CreateImageIO(path.c_str(), itk::IOFileModeEnum::ReadMode);
    if (!io)
      throw IoError(path + " is not a readable NIfTI, NRRD or MetaImage file: no reader recognises its header");
    io->SetFileName(path);
    io->ReadImageInformation();
  } catch (const itk::ExceptionObject& e) {
    throw IoError("cannot read the header of " + path + ": " + e.GetDescription());
  }
  const unsigned dimensions = io->GetNumberOfDimensions();
  PromisedVoxels promised;
  for (unsigned a = 0; a < 3; ++a) promised.size[a] = a < dimensions ? io->GetDimensions(a) : 1;
  std::size_t frames = 1;
  for (unsigned a = 3; a < dimensions; ++a) frames *= io->GetDimensions(a);
  if (frames > 1)
    throw IoError(path + " is a " + std::to_string(dimensions) + "-D image (" + size_text(promised.size) + " × " +
                  std::to_string(frames) + " frames): rptdose reads one 3-D volume per file; save each frame (time " +
                  "point) as its own file");
  if (io->GetNumberOfComponents() != 1)
    throw IoError(path + " has " + std::to_string(io->GetNumberOfComponents()) +
                  " values per voxel (a vector or colour image): rptdose reads scalar images (one value per voxel)");
  promised.bytes_per_voxel = io->GetComponentSize();
  return promised;
}

/// NIfTI (niftilib, which ITK's reader uses): the voxel data streamed from the header's offset — through zlib for
/// .nii.gz — counting the bytes and checking floating-point values, in chunks (never the whole image in memory).
void check_nifti(const std::string& path, const PromisedVoxels& promised) {
  nifti_set_debug_level(0);  // niftilib prints its own complaints otherwise; ours follow
  const std::unique_ptr<nifti_image, void (*)(nifti_image*)> header(nifti_image_read(path.c_str(), 0),
                                                                     nifti_image_free);
  if (!header) throw IoError("cannot read the NIfTI header of " + path);
  const std::size_t voxel_bytes = static_cast<std::size_t>(header->nbyper);
  const std::uintmax_t promised_bytes = static_cast<std::uintmax_t>(header->nvox) * voxel_bytes;
  znzFile file = znzopen(header->iname, "rb", nifti_is_gzfile(header->iname));
  if (znz_isnull(file)) throw IoError("cannot open " + path + " to read its voxels");
  const bool floating = header->datatype == NIFTI_TYPE_FLOAT32 || header->datatype == NIFTI_TYPE_FLOAT64;
  const bool swap = header->byteorder != nifti_short_order();
  std::uintmax_t held = 0, non_finite = 0, first_non_finite = 0;
  if (znzseek(file, header->iname_offset, SEEK_SET) >= 0 && voxel_bytes > 0) {
    std::vector<unsigned char> chunk(std::max<std::size_t>(1, (std::size_t{1} << 20) / voxel_bytes) * voxel_bytes);
    while (held < promised_bytes) {
      const auto want = static_cast<std::size_t>(std::min<std::uintmax_t>(chunk.size(), promised_bytes - held));
      const std::size_t got = znzread(chunk.data(), 1, want, file);
      if (floating) {
        for (std::size_t at = 0; at + voxel_bytes <= got; at += voxel_bytes) {
          unsigned char* value = chunk.data() + at;
          if (swap) std::reverse(value, value + voxel_bytes);
          double v;
          if (voxel_bytes == 4) {
            float f;
            std::memcpy(&f, value, 4);
            v = f;
          } else {
            std::memcpy(&v, value, 8);
          }
          if (!std::isfinite(v) && non_finite++ == 0) first_non_finite = (held + at) / voxel_bytes;
        }
      }
      held += got;
      if (got < want) break;
    }
  }
  znzclose(file);
  if (held < promised_bytes) truncated(path, promised, promised_bytes, held, "voxel data");
  if (non_finite > 0)
    throw_non_finite(path, static_cast<std::size_t>(non_finite), static_cast<std::size_t>(first_non_finite),
                     promised.size);
}

/// MetaImage: the header is `Key = Value` lines ending with ElementDataFile (MetaIO's format; for LOCAL the voxel
/// data follow that line). The data must hold the raw bytes the dimensions promise, or the CompressedDataSize.
void check_metaimage(const std::string& path, const PromisedVoxels& promised) {
  std::ifstream in(path, std::ios::binary);
  std::map<std::string, std::string> field;
  std::string line;
  std::uintmax_t header_bytes = 0;
  while (std::getline(in, line) && header_bytes < (1u << 20)) {
    header_bytes += line.size() + 1;
    const auto equals = line.find('=');
    if (equals == std::string::npos) continue;
    const auto trim = [](std::string s) {
      const auto first = s.find_first_not_of(" \t\r"), last = s.find_last_not_of(" \t\r");
      return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
    };
    const std::string key = lower(trim(line.substr(0, equals)));
    field[key] = trim(line.substr(equals + 1));
    if (key == "elementdatafile") break;
  }
  const auto data_file = field.find("elementdatafile");
  if (data_file == field.end())
    throw IoError(path + " is a MetaImage header without ElementDataFile: the file is damaged");
  const std::string& data = data_file->second;
  if (lower(data).starts_with("list") || data.find('%') != std::string::npos || data.find(' ') != std::string::npos)
    return;  // one file per slice: left to ITK's reader
  const bool local = lower(data) == "local";
  const fs::path data_path = local ? fs::path(path) : fs::path(path).parent_path() / data;
  std::error_code error;
  const std::uintmax_t file_bytes = fs::file_size(data_path, error);
  if (error) throw IoError(path + ": cannot read its voxel data file " + data_path.string() + ": " + error.message());
  std::uintmax_t skip = local ? header_bytes : 0;
  if (!local && field.count("headersize")) {
    const long long header_size = std::atoll(field["headersize"].c_str());
    if (header_size > 0) skip = static_cast<std::uintmax_t>(header_size);
  }
  const std::uintmax_t held = file_bytes > skip ? file_bytes - skip : 0;
  const bool compressed = lower(field["compresseddata"]) == "true";
  if (compressed) {
    const long long compressed_bytes = std::atoll(field["compresseddatasize"].c_str());
    if (compressed_bytes > 0 && held < static_cast<std::uintmax_t>(compressed_bytes))
      truncated(path, promised, static_cast<std::uintmax_t>(compressed_bytes), held, "compressed voxel data");
    return;
  }
  const std::uintmax_t promised_bytes = static_cast<std::uintmax_t>(promised.voxel_count()) * promised.bytes_per_voxel;
  if (held < promised_bytes) truncated(path, promised, promised_bytes, held, "voxel data");
}

}  // namespace

void throw_non_finite(const std::string& path, std::size_t count, std::size_t first,
                      const std::array<std::size_t, 3>& size) {
  const auto nx = size[0], ny = size[1];
  throw IoError(path + " has " + std::to_string(count) + " voxel(s) that are NaN or infinite (the first at voxel (" +
                std::to_string(first % nx) + ", " + std::to_string(first / nx % ny) + ", " +
                std::to_string(first / (nx * ny)) +
                ")): rptdose needs finite values; replace them (by 0 where there is no activity) and save again");
}

PromisedVoxels check_image_file(const std::string& path) {
  const PromisedVoxels promised = header_of(path);
  const std::string name = lower(fs::path(path).filename().string());
  if (name.ends_with(".nii") || name.ends_with(".nii.gz"))
    check_nifti(path, promised);
  else if (name.ends_with(".mha") || name.ends_with(".mhd"))
    check_metaimage(path, promised);
  return promised;
}

}  // namespace rptdose::io::detail
