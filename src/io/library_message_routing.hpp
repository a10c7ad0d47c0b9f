#pragma once
// Internal: routes the messages of ITK, GDCM and DCMTK through rptdose (library_messages.cpp): to the
// LibraryMessageCapture alive, else to stderr as the libraries would print them, minus what rptdose's own use of
// them says by design (a header-only DICOM read's "skipping rest of dataset"). Idempotent; the io module calls it
// before using a library, LibraryMessageCapture when it starts.
namespace rptdose::io {

void route_library_messages();

}  // namespace rptdose::io
