#include "targets.hpp"

#include <unistd.h>
#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "../src/cli/options.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/kernels/kernel_generation.hpp"
#include "rptdose/kernels/kernel_io.hpp"
#include "rptdose/kernels/photon_interactions.hpp"
#include "rptdose/kernels/point_kernel_table.hpp"
#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/quantification/calibration.hpp"
#include "rptdose/radiobiology/planning.hpp"
#include "rptdose/radiobiology/red_marrow.hpp"
#include "rptdose/radiobiology/tissue_parameters.hpp"
#include "rptdose/results/run_summary.hpp"
#include "rptdose/timeactivity/models.hpp"
#ifdef RPTDOSE_HAVE_PIPELINE
#include "rptdose/pipeline/study.hpp"
#endif
#ifdef RPTDOSE_HAVE_DICOM
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/oflog/oflog.h>

#include "../src/io/dcmtk_dataset.hpp"
#include "rptdose/io/dicom_folder.hpp"
#include "rptdose/io/voi_sources.hpp"
#endif

namespace rptdose::fuzz {

namespace {

/// A folder of this process for the parsers that only read files (kernel sidecars, decay data): in /dev/shm when
/// there is one (no disk writes per run), removed at exit.
class Scratch {
 public:
  Scratch() {
    std::error_code error;
    const std::filesystem::path shm("/dev/shm");
    const auto base = std::filesystem::is_directory(shm, error) ? shm : std::filesystem::temp_directory_path();
    folder_ = base / ("rptdose-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder_);
  }
  ~Scratch() {
    std::error_code error;
    std::filesystem::remove_all(folder_, error);
  }
  const std::filesystem::path& folder() const { return folder_; }

 private:
  std::filesystem::path folder_;
};

const std::filesystem::path& scratch() {
  static const Scratch folder;
  return folder.folder();
}

void write(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// The first byte chooses among `count` parsers of one target; the rest is their input.
std::pair<std::size_t, std::string_view> select(std::string_view bytes, std::size_t count) {
  if (bytes.empty()) return {0, bytes};
  return {static_cast<unsigned char>(bytes[0]) % count, bytes.substr(1)};
}

#ifdef RPTDOSE_HAVE_PIPELINE
/// A study file (JSON): every key, the calibrations (calibration_cps_per_MBq, hu_to_density), dates, nuclide names.
void study(std::string_view bytes) {
  pipeline::parse_study(std::string(bytes), ".");
}
#endif

/// A calibration file (rptdose calibrate), as a study's "calibration" key and rptdose.read_calibration read it.
void calibration(std::string_view bytes) {
  quantification::parse_calibration(std::string(bytes), "calibration");
}

/// summary.json of a run, as rptdose plan / marrow / daughters / cycles and Python read it.
void summary(std::string_view bytes) {
  results::parse_run_summary(bytes, "summary.json");
}

/// rptdose marrow --blood samples.csv.
void blood_csv(std::string_view bytes) {
  radiobiology::parse_blood_samples_csv(bytes, "samples.csv");
}

/// rptdose kernel import: an "i j k S" table (octant or full), 2 mm voxels.
void kernel_table(std::string_view bytes) {
  std::istringstream in{std::string(bytes)};
  kernels::KernelTableOptions options;
  options.spacing_mm = Vector3(2.0, 2.0, 2.0);
  kernels::read_kernel_table(in, options, "kernel.txt");
}

/// A raw kernel's JSON sidecar (read_kernel_raw), beside raw files of a 3×3×3 kernel for each component.
void kernel_sidecar(std::string_view bytes) {
  const auto& folder = scratch();
  static const bool raw_written = [&] {
    const std::string values(27 * sizeof(double), '\0');
    for (const char* component : {"total", "alpha", "electron", "photon"})
      write(folder / (std::string("kernel.") + component + ".raw"), values);
    return true;
  }();
  (void)raw_written;
  write(folder / "kernel.json", bytes);
  kernels::read_kernel_raw(folder / "kernel.json");
}

/// The point-kernel tables of data/kernels/ (first byte even) or the photon interaction tables (odd: attenuation,
/// a line "%%", components).
void kernel_data(std::string_view bytes) {
  const auto [which, text] = select(bytes, 2);
  if (which == 0) {
    std::istringstream in{std::string(text)};
    const kernels::PointKernelTable table(in, "point_kernels.csv");
    table.scale_length_g_per_cm2(0.1);
    return;
  }
  const auto split = text.find("%%\n");
  std::istringstream attenuation{std::string(text.substr(0, split))};
  std::istringstream components{split == std::string_view::npos ? std::string() : std::string(text.substr(split + 3))};
  const kernels::PhotonInteractions interactions(attenuation, components, "photon tables");
  interactions.attenuation(0.1);
}

/// rptdose plan --tissues FILE: the radiobiology table.
void tissue_table(std::string_view bytes) {
  radiobiology::TissueTable::parse(bytes, "tissues.csv");
}

/// The decay data (RPTDOSE_DATA_DIR): first byte even, the index nuclides.csv (then each of its nuclides looked up);
/// odd, the emission file of Lu-177 under the real index line.
void decay_data(std::string_view bytes) {
  const auto [which, text] = select(bytes, 2);
  const auto folder = scratch() / "decay";
  std::filesystem::create_directories(folder / "emissions");
  if (which == 0) {
    write(folder / "nuclides.csv", text);
    std::filesystem::remove(folder / "emissions" / "Lu-177.txt");
    const nuclides::DecayDatabase database(folder);
    for (const auto& name : database.names()) database.resolve(name);
    return;
  }
  write(folder / "nuclides.csv", "name,half_life_s,decay_modes\nLu-177,574300.8,beta-:1.0:Hf-177\n");
  write(folder / "emissions" / "Lu-177.txt", text);
  const nuclides::DecayDatabase database(folder);
  database.get("Lu-177");
}

/// The one-line values users type: nuclide names (against the shipped decay data), organ limits
/// (kidney:bed:40), kernel units, media, TAC model names and, with the pipeline, study date-times.
void names(std::string_view bytes) {
  const auto [which, text] = select(bytes, 6);
  switch (which) {
    case 0:
      nuclides::DecayDatabase::instance().get(text);
      break;
    case 1:
      radiobiology::parse_organ_value(text, "--limit");
      break;
    case 2:
      kernels::parse_kernel_unit(text);
      break;
    case 3:
      kernels::parse_medium(text);
      break;
    case 4:
      timeactivity::parse_model_choice(text);
      break;
    default:
#ifdef RPTDOSE_HAVE_PIPELINE
      pipeline::iso_datetime_seconds(std::string(text));
#endif
      break;
  }
}

/// The CLI's option table parser (src/cli/options.hpp), with a table holding every kind of option; arguments are
/// the input's lines.
void cli_options(std::string_view bytes) {
  using namespace cli;
  static const std::vector<Option> table{
      flag("force", "replace"),
      number("dose", "GY", "a dose", NumberLimits{0.0, 100.0}),
      whole("cycles", "N", "cycles", 1, 10),
      choice("kinetics", "NAME", "kinetics", {"mono", "bi", "voxel"}),
      path("out", "DIR", "output").needs("force"),
      text("organ", "NAME", "organ").repeatable(),
      name_number("limit", "ORGAN:GY", "limit", "kidney:23").repeatable(),
      numbers("spacing", "MM", "spacing", 3, NumberLimits{0.0, 1000.0}),
      typed("medium", "NAME", "medium", kernels::parse_medium).conflicts("dose"),
      threads_option(),
  };
  std::vector<std::string> args;
  std::string line;
  std::istringstream in{std::string(bytes)};
  while (std::getline(in, line)) args.push_back(line);
  const auto parsed = parse_options("fuzz", table, Positionals{"FILE", 0, 2}, args);
  parsed.flag("force");
  parsed.number("dose");
  parsed.whole("cycles");
  parsed.choice("kinetics");
  parsed.path("out");
  parsed.all<std::string>("organ");
  parsed.all<NameNumber>("limit");
  parsed.numbers("spacing");
  parsed.get<kernels::Medium>("medium");
  parsed.whole("threads");
}

#ifdef RPTDOSE_HAVE_DICOM
/// DCMTK's log switched off while a DICOM target runs (and back as it was after, so that the tests of the normal
/// build that share this process still see it): outside a LibraryMessageCapture it goes to stderr, where its
/// warnings about each damaged input ("larger than remaining bytes in file") slow the fuzzer down fivefold.
class DcmtkLogOff {
 public:
  DcmtkLogOff() : previous_(logger_.getLogLevel()) { logger_.setLogLevel(OFLogger::OFF_LOG_LEVEL); }
  ~DcmtkLogOff() { logger_.setLogLevel(previous_); }
  DcmtkLogOff(const DcmtkLogOff&) = delete;
  DcmtkLogOff& operator=(const DcmtkLogOff&) = delete;

 private:
  dcmtk::log4cplus::Logger logger_ = dcmtk::log4cplus::Logger::getInstance("dcmtk");
  dcmtk::log4cplus::LogLevel previous_;
};

/// One DICOM file in a folder of its own under the scratch folder (the readers take a file or a folder holding one
/// object); `name` keeps the targets apart.
std::filesystem::path dicom_file(std::string_view name, std::string_view bytes) {
  const auto folder = scratch() / std::string(name);
  std::filesystem::create_directories(folder);
  const auto file = folder / "object.dcm";
  write(file, bytes);
  return file;
}

/// An RT Structure Set (io::read_rtstruct_vois: the folder scan, the Structure Set and ROI Contour modules, the
/// rasteriser) onto a fixed 16 × 16 × 8 grid of 4 mm voxels from (-30, -30, -14) mm.
void rtstruct(std::string_view bytes) {
  static const Grid grid({16, 16, 8}, Vector3(4.0, 4.0, 4.0), Vector3(-30.0, -30.0, -14.0));
  const DcmtkLogOff quiet;
  io::read_rtstruct_vois(dicom_file("rtstruct", bytes), grid, 1);
}

/// A Segmentation (io::read_segmentation_vois: functional groups, BINARY and FRACTIONAL frames, RLE).
void seg(std::string_view bytes) {
  const DcmtkLogOff quiet;
  io::read_segmentation_vois(dicom_file("seg", bytes));
}

/// Every element of a data set (and of its sequences' items, depth first) through each attribute getter.
void read_every_attribute(DcmItem& item, int depth) {
  if (depth > 8) return;
  for (unsigned long i = 0; i < item.card(); ++i) {
    DcmElement* element = item.getElement(i);
    if (element == nullptr) continue;
    const DcmTagKey tag = element->getTag();
    if (element->ident() == EVR_SQ) {
      for (unsigned long k = 0; k < io::dcmtk::sequence_size(item, tag); ++k)
        if (DcmItem* nested = io::dcmtk::sequence_item(item, tag, k)) read_every_attribute(*nested, depth + 1);
      continue;
    }
    io::dcmtk::describe_tag(tag);
    io::dcmtk::text(item, tag);
    io::dcmtk::values(item, tag);
    try {
      io::dcmtk::number(item, tag, 1);
      io::dcmtk::numbers(item, tag);
    } catch (const Error&) {  // not a number: each getter is tried on every element
    }
  }
}

/// The folder scanner (io::scan_dicom on a folder holding the file; first byte even) or the attribute getters on
/// every element of the whole file (odd; src/io/dcmtk_dataset.hpp).
void dicom_scan(std::string_view bytes) {
  const auto [which, data] = select(bytes, 2);
  const auto file = dicom_file("scan", data);
  const DcmtkLogOff quiet;
  if (which == 0) {
    io::scan_dicom(file.parent_path());
    return;
  }
  const auto format = io::dcmtk::load_file(file, io::dcmtk::ReadExtent::Whole);
  read_every_attribute(*format->getMetaInfo(), 0);
  read_every_attribute(*format->getDataset(), 0);
}
#endif

constexpr std::array kTargets{
#ifdef RPTDOSE_HAVE_PIPELINE
    Target{"study", study},
#endif
    Target{"summary", summary},
    Target{"calibration", calibration},
    Target{"blood_csv", blood_csv},
    Target{"kernel_table", kernel_table},
    Target{"kernel_sidecar", kernel_sidecar},
    Target{"kernel_data", kernel_data},
    Target{"tissue_table", tissue_table},
    Target{"decay_data", decay_data},
    Target{"names", names},
    Target{"cli_options", cli_options},
#ifdef RPTDOSE_HAVE_DICOM
    Target{"rtstruct", rtstruct},
    Target{"seg", seg},
    Target{"dicom_scan", dicom_scan},
#endif
};

}  // namespace

std::span<const Target> targets() {
  return kTargets;
}

const Target* find_target(std::string_view name) {
  const auto found = std::find_if(kTargets.begin(), kTargets.end(), [&](const Target& t) { return t.name == name; });
  return found == kTargets.end() ? nullptr : &*found;
}

}  // namespace rptdose::fuzz
