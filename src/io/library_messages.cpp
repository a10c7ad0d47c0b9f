// The messages of the libraries under rptdose, collected while a LibraryMessageCapture is alive, and DCMTK's log
// routed to them. No ITK or GDCM header here (library_messages_itk.cpp has their hooks), so that the DICOM readers
// build without ITK (the fuzz build, fuzz/CMakeLists.txt).
#include "library_message_routing.hpp"

#include <atomic>
#include <iostream>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/oflog/appender.h>
#include <dcmtk/oflog/oflog.h>
#include <dcmtk/oflog/spi/logevent.h>

namespace rptdose::io {

namespace {

/// The messages collected while a capture is alive, deduplicated with counts, in the order first seen.
struct Collected {
  std::mutex mutex;
  std::vector<std::string> order;
  std::map<std::string, std::size_t> count;
  void add(const std::string& text) {
    const std::lock_guard lock(mutex);
    if (count[text]++ == 0) order.push_back(text);
  }
  std::vector<std::string> take() {
    const std::lock_guard lock(mutex);
    std::vector<std::string> out;
    for (const auto& text : order) {
      const std::size_t n = count[text];
      out.push_back(n > 1 ? text + " (" + std::to_string(n) + " times)" : text);
    }
    order.clear();
    count.clear();
    return out;
  }
};

Collected& collected() {
  static Collected c;
  return c;
}
std::atomic<int> capturing{0};  // captures alive

/// The message of a library's text without its location lines ("Warning: In ./Source/..., line 2589, function
/// ...", "WARNING: In /usr/include/ITK-5.2/itkFoo.hxx, line 12"), on one line.
std::string message_of(const std::string& library, const std::string& text) {
  std::istringstream lines(text);
  std::string line, message;
  while (std::getline(lines, line)) {
    if (line.find(", line ") != std::string::npos && (line.find("In ") != std::string::npos)) continue;
    const auto first = line.find_first_not_of(" \t\r"), last = line.find_last_not_of(" \t\r");
    if (first == std::string::npos) continue;
    message += (message.empty() ? "" : " ") + line.substr(first, last - first + 1);
  }
  // ITK names the object by its address ("MattesMutualInformationImageToImageMetricv4 (0x55d0c2a8): ..."): without
  // it, repeats of one message are one.
  static const std::regex address(R"( ?\(0x[0-9a-fA-F]+\))");
  message = std::regex_replace(message, address, "");
  return message.empty() ? std::string() : library + ": " + message;
}

/// DCMTK logs through its copy of log4cplus (oflog); by default to the console, warnings and errors only
/// ("E: DcmElement: ... larger than remaining bytes in file"). This appender replaces the console one.
class DcmtkMessages : public dcmtk::log4cplus::Appender {
 public:
  ~DcmtkMessages() override { destructorImpl(); }
  void close() override {}

 protected:
  void append(const dcmtk::log4cplus::spi::InternalLoggingEvent& event) override {
    detail::deliver("DCMTK", std::string(event.getMessage().c_str()) + "\n");
  }
};

}  // namespace

namespace detail {

void deliver(const std::string& library, const std::string& text) {
  if (!capturing) {
    std::cerr << text;
    return;
  }
  if (const auto message = message_of(library, text); !message.empty()) collected().add(message);
}

void begin_capture() {
  ++capturing;
}

void end_capture() {
  --capturing;
}

std::vector<std::string> take_captured() {
  return collected().take();
}

}  // namespace detail

void route_dcmtk_messages() {
  static std::once_flag installed;
  std::call_once(installed, [] {
    OFLog::getLogger("dcmtk");  // DCMTK's default configuration first, then its console appender replaced
    dcmtk::log4cplus::Logger root = dcmtk::log4cplus::Logger::getRoot();
    root.removeAllAppenders();
    root.addAppender(dcmtk::log4cplus::SharedAppenderPtr(new DcmtkMessages));
  });
}

}  // namespace rptdose::io
