#pragma once
// Internal: routes the messages of ITK, GDCM and DCMTK through rptdose: to the LibraryMessageCapture alive, else to
// stderr as the libraries would print them. Idempotent; the io module calls them before using a library,
// LibraryMessageCapture when it starts.
//
// Two files: library_messages.cpp (the collection and DCMTK's log; no ITK, so that the DICOM readers build without
// it) and library_messages_itk.cpp (ITK's output window, GDCM's traces, the capture).
#include <string>
#include <vector>

namespace rptdose::io {

/// DCMTK's log (library_messages.cpp).
void route_dcmtk_messages();
/// ITK's, GDCM's and DCMTK's (library_messages_itk.cpp).
void route_library_messages();

namespace detail {

/// A library's message text: collected (trimmed of source locations, deduplicated) while a capture is alive, else
/// written to stderr as it is.
void deliver(const std::string& library, const std::string& text);
void begin_capture();
void end_capture();
/// The messages collected since the last call, as LibraryMessageCapture::take() returns them.
std::vector<std::string> take_captured();

}  // namespace detail

}  // namespace rptdose::io
