#pragma once
// Internal: routes the messages of ITK, GDCM and DCMTK through rptdose (library_messages.cpp): to the
// LibraryMessageCapture alive, else to stderr as the libraries would print them. Idempotent; the io module calls
// it before reading DICOM, LibraryMessageCapture when it starts.
namespace rptdose::io {

void route_library_messages();

}  // namespace rptdose::io
