#include "rptdose/pipeline/study_import.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "rptdose/core/error.hpp"
#include "rptdose/core/grid.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/io/dicom_folder.hpp"
#include "rptdose/io/dicom_info.hpp"
#include "rptdose/io/image_io.hpp"
#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/pipeline/study.hpp"

namespace rptdose::pipeline {

namespace {

namespace fs = std::filesystem;
using ordered_json = nlohmann::ordered_json;

/// Two emission series whose acquisitions start closer than this are two reconstructions of one acquisition (a
/// SPECT/CT session lasts 15–40 min; the scans of one treatment are hours apart).
constexpr double kSameAcquisitionS = 5.0 * 60.0;
/// Injection times of the time points' headers closer than this are one injection (the headers of one study are
/// typed once at the console; a minute covers a clock read at the syringe and at the patient).
constexpr double kInjectionAgreementS = 60.0;
/// Administered activities of the headers closer than this fraction are one value (written in MBq or Bq, rounded).
constexpr double kActivityAgreement = 1e-3;

enum class Role { Emission, Ct, Labels, Skipped };

struct Classified {
  Role role = Role::Skipped;
  std::string why;  ///< for a skipped series
};

/// ImageType value 3 (index 2), empty when absent.
std::string image_type_value3(const io::DicomSeries& series) {
  return series.image_type.size() > 2 ? series.image_type[2] : std::string();
}

Classified classify(const io::DicomSeries& series) {
  const std::string& modality = series.modality;
  if (modality == "NM") {
    // PS3.3 C.8.4.7.1.1: NM ImageType value 3 is STATIC, DYNAMIC, GATED, WHOLE BODY, TOMO, GATED TOMO, RECON TOMO
    // or RECON GATED TOMO; only the reconstructions are 3-D activity maps.
    const std::string kind = image_type_value3(series);
    if (kind == "RECON TOMO" || kind == "RECON GATED TOMO") return {Role::Emission, ""};
    if (kind == "TOMO" || kind == "GATED TOMO")
      return {Role::Skipped, "SPECT projections (ImageType " + kind + "), not a reconstruction"};
    if (kind.empty()) return {Role::Skipped, "NM image without ImageType value 3: not known to be a reconstruction"};
    return {Role::Skipped, "planar NM image (ImageType " + kind + "), not a 3-D activity map"};
  }
  if (modality == "PT") return {Role::Emission, ""};
  if (modality == "CT") {
    // PS3.3 C.8.2.1.1.1: CT ImageType value 3 AXIAL or LOCALIZER; a localizer is a projection radiograph.
    if (image_type_value3(series) == "LOCALIZER") return {Role::Skipped, "CT localizer (scout), not a volume"};
    return {Role::Ct, ""};
  }
  if (modality == "RTSTRUCT" || modality == "SEG") return {Role::Labels, ""};
  if (modality == "RTDOSE") return {Role::Skipped, "a dose map (RT Dose), not an input"};
  return {Role::Skipped, (modality.empty() ? std::string("no modality") : modality) + " is not an input of a study"};
}

bool lies_under(const fs::path& file, const fs::path& folder) {
  const auto [end_of_folder, in_file] = std::mismatch(folder.begin(), folder.end(), file.begin(), file.end());
  return end_of_folder == folder.end();
}

fs::path common_folder(const std::vector<fs::path>& files) {
  fs::path common = files.front().parent_path();
  for (const auto& file : files)
    while (!lies_under(file, common)) common = common.parent_path();
  return common;
}

/// Describes a series for the listing: modality, description, file count.
std::string describe(const io::DicomSeries& series) {
  std::string text = series.modality.empty() ? std::string("DICOM") : series.modality;
  text += series.series_description.empty() ? " series " + series.series_uid : " '" + series.series_description + "'";
  const std::size_t n = series.files.size();
  return text + " (" + std::to_string(n) + (n == 1 ? " file)" : " files)");
}

std::string megabecquerel_text(double activity_Bq) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g MBq", activity_Bq / units::kBqPerMBq);
  return text;
}

/// What the study says about one series, found once.
struct SeriesPlace {
  fs::path location;        ///< the file, or the series' lowest common folder
  std::string shared_with;  ///< another series with a file under `location` (a folder the readers cannot use)
};

class Importer {
 public:
  Importer(const fs::path& dicom_root, const ImportOptions& options)
      : root_(fs::absolute(dicom_root).lexically_normal()),
        study_folder_(fs::absolute(options.study_file).parent_path().lexically_normal()),
        options_(options) {}

  StudyImport run();

 private:
  SeriesPlace place(std::size_t index) const;
  std::string path_text(const fs::path& location) const;
  void decide(std::string what) {  // once each (a CT of two time points is listed once)
    if (std::find(result_.to_decide.begin(), result_.to_decide.end(), what) == result_.to_decide.end())
      result_.to_decide.push_back(std::move(what));
  }
  /// The study's path of a series, listing a folder it shares with another series to decide.
  std::string location_of(std::size_t index);
  std::string time_point_name(std::size_t k) const {
    return "time point " + std::to_string(k + 1) + " (" + describe(series_[time_points_[k].series]) + ")";
  }

  struct TimePoint {
    std::size_t series;
    io::DicomInfo info;
    SeriesPlace place;
  };
  void add_time_points(ordered_json& study, const std::vector<std::size_t>& cts);
  void add_nuclide(ordered_json& study);
  void add_injection(ordered_json& study);
  void add_registration_and_labels(ordered_json& study, const std::vector<std::size_t>& labels);

  fs::path root_, study_folder_;
  const ImportOptions& options_;
  std::vector<io::DicomSeries> series_;
  std::vector<std::string> role_;  ///< per series, the text after its description in the listing
  std::vector<TimePoint> time_points_;
  std::vector<std::string> choices_;  ///< the listing's lines after the series: registration, reference
  StudyImport result_;
};

SeriesPlace Importer::place(std::size_t index) const {
  const auto& files = series_[index].files;
  if (files.size() == 1) return {files.front(), ""};
  SeriesPlace place{common_folder(files), ""};
  // An image series' folder may also hold objects that are no image (an RTSTRUCT or SEG exported with its CT): the
  // image readers leave those aside, so they do not make the folder shared.
  const bool image = io::non_image_description(series_[index]).empty();
  for (std::size_t other = 0; other < series_.size() && place.shared_with.empty(); ++other) {
    if (other == index || (image && !io::non_image_description(series_[other]).empty())) continue;
    for (const auto& file : series_[other].files)
      if (lies_under(file, place.location)) {
        place.shared_with = describe(series_[other]);
        break;
      }
  }
  return place;
}

std::string Importer::location_of(std::size_t index) {
  const SeriesPlace where = place(index);
  if (!where.shared_with.empty())
    decide("series " + describe(series_[index]) + " shares the folder " + path_text(where.location) + " with series " +
           where.shared_with + ": put each series in its own folder");
  return path_text(where.location);
}

std::string Importer::path_text(const fs::path& location) const {
  if (lies_under(location, study_folder_)) {
    const fs::path relative = location.lexically_relative(study_folder_);
    return relative.empty() ? std::string(".") : relative.generic_string();
  }
  return location.generic_string();
}

StudyImport Importer::run() {
  series_ = io::scan_dicom(root_);
  if (series_.empty()) throw InvalidInput("no DICOM file under " + root_.string() + ": give the folder of the study");
  for (auto& one : series_)
    for (auto& file : one.files) file = fs::absolute(file).lexically_normal();
  role_.resize(series_.size());

  std::vector<std::size_t> cts, labels;
  for (std::size_t i = 0; i < series_.size(); ++i) {
    const Classified kind = classify(series_[i]);
    switch (kind.role) {
      case Role::Emission: {
        TimePoint point{i, {}, place(i)};
        // The whole series when its folder is its own (the reader's per-modality rule over all its files), else
        // its first file (the folder is listed to decide anyway).
        point.info =
            io::read_dicom_info(point.place.shared_with.empty() ? point.place.location : series_[i].files.front());
        time_points_.push_back(std::move(point));
        break;
      }
      case Role::Ct:
        cts.push_back(i);
        break;
      case Role::Labels:
        labels.push_back(i);
        break;
      case Role::Skipped:
        role_[i] = "skipped: " + kind.why;
        break;
    }
  }
  if (time_points_.empty()) {
    std::string kinds;
    for (const auto& one : series_) kinds += (kinds.empty() ? "" : ", ") + describe(one);
    throw InvalidInput("no reconstructed SPECT (NM RECON TOMO) or PET series under " + root_.string() + " (found " +
                       kinds + "): nothing to make time points of");
  }
  // Acquisition-time order; series without a time last, in the order found.
  std::stable_sort(time_points_.begin(), time_points_.end(), [](const TimePoint& a, const TimePoint& b) {
    if (!a.info.acquisition_time_s || !b.info.acquisition_time_s)
      return a.info.acquisition_time_s.has_value() && !b.info.acquisition_time_s.has_value();
    return *a.info.acquisition_time_s < *b.info.acquisition_time_s;
  });

  if (time_points_.size() == 1)
    decide("only one SPECT/PET series: rptdose run needs at least 2 time points (add the other scans to the folder)");
  ordered_json study;
  add_nuclide(study);
  add_injection(study);
  add_time_points(study, cts);
  add_registration_and_labels(study, labels);

  for (std::size_t i = 0; i < series_.size(); ++i) {
    if (role_[i].empty()) role_[i] = "not used";
    result_.found.push_back(describe(series_[i]) + " in " + path_text(place(i).location) + ": " + role_[i]);
  }
  result_.found.insert(result_.found.end(), choices_.begin(), choices_.end());
  result_.study_json = study.dump(2) + "\n";
  if (result_.to_decide.empty()) {
    try {
      parse_study(result_.study_json, study_folder_);
    } catch (const InvalidInput& error) {
      throw std::logic_error(std::string("the imported study does not parse: ") + error.what());
    }
  }
  return std::move(result_);
}

void Importer::add_nuclide(ordered_json& study) {
  std::map<std::string, std::vector<std::size_t>> named;  // header nuclide → time points (by series index)
  for (const auto& point : time_points_)
    if (point.info.nuclide) named[*point.info.nuclide].push_back(point.series);
  std::string listing;
  for (const auto& [name, which] : named)
    listing += (listing.empty() ? "" : ", ") + name + " (" + std::to_string(which.size()) + " series)";
  if (options_.nuclide) {
    const std::string given = nuclides::DecayDatabase::instance().get(*options_.nuclide).name();
    study["nuclide"] = given;
    if (!named.empty() && (named.size() > 1 || named.begin()->first != given))
      decide("nuclide: --nuclide is " + given + " but the headers say " + listing + ": check which nuclide was given");
    return;
  }
  if (named.size() == 1) {
    study["nuclide"] = named.begin()->first;
  } else if (named.empty()) {
    decide("nuclide: no header names one (RadionuclideCodeSequence): give --nuclide or add \"nuclide\"");
  } else {
    decide("nuclide: the headers disagree (" + listing + "): give --nuclide or add \"nuclide\"");
  }
}

void Importer::add_injection(ordered_json& study) {
  // Injection time and activity from the Radiopharmaceutical Information (PS3.3 C.8.4.10 NM, C.8.9.2 PET).
  std::string times, activities;
  std::optional<double> first_time, first_activity;
  double earliest = 0, latest = 0, lowest = 0, highest = 0;
  for (std::size_t k = 0; k < time_points_.size(); ++k) {
    const io::DicomInfo& info = time_points_[k].info;
    if (info.injection_time_s) {
      times += (times.empty() ? "" : ", ") + iso_datetime_text(*info.injection_time_s) + " (time point " +
               std::to_string(k + 1) + ")";
      if (!first_time) earliest = latest = *info.injection_time_s, first_time = info.injection_time_s;
      earliest = std::min(earliest, *info.injection_time_s), latest = std::max(latest, *info.injection_time_s);
    }
    if (info.administered_activity_Bq) {
      activities += (activities.empty() ? "" : ", ") + megabecquerel_text(*info.administered_activity_Bq) +
                    " (time point " + std::to_string(k + 1) + ")";
      if (!first_activity) lowest = highest = *info.administered_activity_Bq, first_activity = lowest;
      lowest = std::min(lowest, *info.administered_activity_Bq);
      highest = std::max(highest, *info.administered_activity_Bq);
    }
  }
  if (!first_time)
    decide("injection time: no header gives one (RadiopharmaceuticalStartDateTime): add \"injection_time\"");
  else if (latest - earliest > kInjectionAgreementS)
    decide("injection time: the headers disagree by more than a minute (" + times + "): add the right one");
  else
    study["injection_time"] = iso_datetime_text(*first_time);

  if (!first_activity)
    decide("administered activity: no header gives it (RadionuclideTotalDose): add \"administered_activity_MBq\"");
  else if (!(lowest > 0))
    decide("administered activity: a header gives " + megabecquerel_text(lowest) +
           ": add \"administered_activity_MBq\"");
  else if (highest - lowest > kActivityAgreement * highest)
    decide("administered activity: the headers disagree (" + activities + "): add the right one");
  else
    study["administered_activity_MBq"] = *first_activity / units::kBqPerMBq;
}

void Importer::add_time_points(ordered_json& study, const std::vector<std::size_t>& cts) {
  std::vector<std::string> ct_role(series_.size());
  ordered_json points = ordered_json::array();
  for (std::size_t k = 0; k < time_points_.size(); ++k) {
    const TimePoint& point = time_points_[k];
    const io::DicomInfo& info = point.info;
    const std::string name = time_point_name(k);
    ordered_json entry;
    entry["image"] = location_of(point.series);
    std::string role = "time point " + std::to_string(k + 1);
    if (info.acquisition_time_s) {
      entry["acquisition_time"] = iso_datetime_text(*info.acquisition_time_s);
      role += ", acquired " + iso_datetime_text(*info.acquisition_time_s);
      if (study.contains("injection_time") &&
          !(*info.acquisition_time_s > iso_datetime_seconds(study["injection_time"].get<std::string>())))
        decide(name + " was acquired at " + iso_datetime_text(*info.acquisition_time_s) +
               ", not after the injection: check the injection time");
    } else {
      decide(name + ": its header gives no acquisition time: add \"acquisition_time\" or \"hours_after_injection\"");
    }
    if (k > 0 && info.acquisition_time_s && time_points_[k - 1].info.acquisition_time_s &&
        *info.acquisition_time_s - *time_points_[k - 1].info.acquisition_time_s < kSameAcquisitionS)
      decide("time points " + std::to_string(k) + " and " + std::to_string(k + 1) +
             " start within 5 min of each other: two reconstructions of one acquisition, delete one");

    // Units (from the Real World Value Mapping or PET Units: io/dicom_info.hpp) to the study's.
    if (!info.units) {
      decide(name + ": its header gives no units: add \"units\" (Bq/mL, Bq or counts)");
    } else if (*info.units == io::DicomUnits::BqPerMl) {
      entry["units"] = "Bq/mL";
    } else if (*info.units == io::DicomUnits::Counts) {
      entry["units"] = "counts";
      decide(name + " is in counts: add \"calibration_cps_per_MBq\" (the camera's sensitivity)");
      if (info.acquisition_duration_s)
        entry["frame_duration_s"] = *info.acquisition_duration_s;
      else
        decide(name + ": its header gives no acquisition duration: add \"frame_duration_s\"");
    } else {
      decide(name + " is in " +
             (info.units_term.empty() ? std::string(io::dicom_units_name(*info.units)) : info.units_term) +
             ", which a study does not take: export it in Bq/mL or counts");
    }
    // DecayCorrection (0054,1102), PS3.3 C.8.9.1.1.4: ADMIN is to the administration, the study's meaning of
    // decay_corrected; START (to the scan's start) leaves the activity present at the scan, as NONE does.
    if (!info.decay_correction)
      decide(name +
             ": its header does not say whether it is decay-corrected (DecayCorrection): add "
             "\"decay_corrected\"");
    else
      entry["decay_corrected"] = *info.decay_correction == io::DicomDecayCorrection::Admin;

    // Its CT: the CT series on its Frame of Reference.
    const std::string& frame = series_[point.series].frame_of_reference_uid;
    std::vector<std::size_t> candidates;
    if (!frame.empty())
      for (std::size_t c : cts)
        if (series_[c].frame_of_reference_uid == frame) candidates.push_back(c);
    if (candidates.size() == 1) {
      entry["ct"] = location_of(candidates.front());
      ct_role[candidates.front()] +=
          (ct_role[candidates.front()].empty() ? "CT of " : ", ") + std::string("time point ") + std::to_string(k + 1);
      role += ", CT paired by frame of reference";
    } else if (candidates.empty()) {
      role += frame.empty() ? ", no FrameOfReferenceUID: no CT paired" : ", no CT on its frame of reference";
    } else {
      std::string listing;
      for (std::size_t c : candidates)
        listing += (listing.empty() ? "" : ", ") + describe(series_[c]) + " in " + path_text(place(c).location);
      decide(name + " has " + std::to_string(candidates.size()) + " CT series on its frame of reference (" + listing +
             "): add \"ct\" with the one acquired with it");
      for (std::size_t c : candidates)
        ct_role[c] +=
            (ct_role[c].empty() ? "a candidate CT of " : ", ") + std::string("time point ") + std::to_string(k + 1);
    }
    role_[point.series] = role;
    points.push_back(std::move(entry));
  }
  for (std::size_t c : cts)
    role_[c] = ct_role[c].empty() ? "not on the frame of reference of a time point: not used" : ct_role[c];
  study["time_points"] = std::move(points);
}

void Importer::add_registration_and_labels(ordered_json& study, const std::vector<std::size_t>& labels) {
  // One frame of reference and one grid: the time points are aligned already; else register them.
  std::set<std::string> frames;
  for (const auto& point : time_points_) frames.insert(series_[point.series].frame_of_reference_uid);
  bool aligned = frames.size() == 1 && !frames.begin()->empty();
  std::string why_rigid = std::to_string(frames.size()) + " frames of reference";
  if (aligned && time_points_.size() > 1) {
    const Grid first = io::read_image_grid(time_points_.front().place.location);
    for (std::size_t k = 1; k < time_points_.size() && aligned; ++k)
      aligned = first.same_geometry(io::read_image_grid(time_points_[k].place.location));
    why_rigid = "one frame of reference, different grids";
  }
  ordered_json registration;
  registration["method"] = aligned ? "none" : "rigid";
  choices_.push_back(aligned ? "registration: none (the time points share one frame of reference and grid)"
                             : "registration: rigid (" + why_rigid + ")");

  // Labels: the RTSTRUCT or SEG on the frame of reference of a time point (and so of its CT).
  std::vector<std::pair<std::size_t, std::size_t>> matching;  // (series, first time point on its frame)
  for (std::size_t l : labels) {
    const std::string& frame = series_[l].frame_of_reference_uid;
    std::optional<std::size_t> on;
    for (std::size_t k = 0; k < time_points_.size() && !on && !frame.empty(); ++k)
      if (series_[time_points_[k].series].frame_of_reference_uid == frame) on = k;
    if (on) {
      matching.emplace_back(l, *on);
      role_[l] = "labels of time point " + std::to_string(*on + 1);
    } else {
      role_[l] = "not on the frame of reference of a time point: not used";
    }
  }
  if (matching.size() == 1) {
    const auto [series, k] = matching.front();
    ordered_json label_entry;
    label_entry["image"] = location_of(series);
    study["labels"] = std::move(label_entry);
    if (k > 0) {
      registration["reference_time_point"] = k;
      choices_.push_back("reference time point: " + std::to_string(k + 1) +
                         " (the labels are on its frame of reference, so the dose grid is its grid)");
    }
  } else if (matching.size() > 1) {
    std::string listing;
    for (const auto& [series, k] : matching)
      listing += (listing.empty() ? "" : ", ") + describe(series_[series]) + " in " + path_text(place(series).location);
    decide("labels: " + std::to_string(matching.size()) + " RTSTRUCT/SEG series lie on the time points' frames (" +
           listing + "): add \"labels\" with the one to use");
  }
  study["registration"] = std::move(registration);
}

}  // namespace

StudyImport import_dicom_study(const std::filesystem::path& dicom_root, const ImportOptions& options) {
  return Importer(dicom_root, options).run();
}

}  // namespace rptdose::pipeline
