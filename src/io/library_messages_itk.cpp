// ITK's output window and GDCM's trace streams routed to the messages of library_messages.cpp, and the capture
// (rptdose/io/library_messages.hpp) that collects them.
#include "rptdose/io/library_messages.hpp"

#include "library_message_routing.hpp"

#include <mutex>
#include <ostream>
#include <sstream>

#include <gdcmTrace.h>
#include <itkObjectFactory.h>
#include <itkOutputWindow.h>

namespace rptdose::io {

namespace {

/// ITK's output window (every itkWarningMacro and DisplayText of ITK goes through the process-wide instance).
class ItkMessages : public itk::OutputWindow {
 public:
  ITK_DISALLOW_COPY_AND_MOVE(ItkMessages);
  using Self = ItkMessages;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  void DisplayText(const char* text) override { detail::deliver("ITK", text ? text : ""); }

 protected:
  ItkMessages() = default;
};

/// GDCM writes its traces to std::ostreams it is given: a buffer that hands each complete message on. GDCM ends a
/// message with a blank line ("\n\n"); a flush hands on what is there.
class GdcmBuffer : public std::stringbuf {
 protected:
  int sync() override {
    std::string text = str();
    str({});
    if (!text.empty()) detail::deliver("GDCM", text);
    return 0;
  }
};

struct GdcmStreams {
  GdcmBuffer buffer;
  std::ostream stream{&buffer};
  GdcmStreams() {
    gdcm::Trace::SetWarningStream(stream);
    gdcm::Trace::SetErrorStream(stream);
  }
};

std::once_flag installed;

}  // namespace

void route_library_messages() {
  std::call_once(installed, [] {
    itk::OutputWindow::SetInstance(ItkMessages::New());
    static GdcmStreams gdcm;  // lives as long as the process: GDCM keeps a pointer to the stream
  });
  route_dcmtk_messages();
}

LibraryMessageCapture::LibraryMessageCapture() {
  route_library_messages();
  detail::begin_capture();
}

LibraryMessageCapture::~LibraryMessageCapture() {
  detail::end_capture();
}

std::vector<std::string> LibraryMessageCapture::take() {
  std::flush(gdcm::Trace::GetWarningStream());
  std::flush(gdcm::Trace::GetErrorStream());
  return detail::take_captured();
}

}  // namespace rptdose::io
