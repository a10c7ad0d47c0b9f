#pragma once
// rptdose::core — errors. Every failure the library reports is an rptdose::Error whose message says what was
// wrong, the offending value, and what to do about it.
//
// Module core owns geometry, volumes, units, errors, threads, progress and data paths; it depends on Eigen only (no
// other rptdose module, no ITK or DCMTK).
#include <stdexcept>
#include <string>

namespace rptdose {

/// Base of every exception thrown by rptdose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The caller passed a value the library cannot use (bad geometry, unsorted times, negative activity, ...).
class InvalidInput : public Error {
 public:
  using Error::Error;
};

/// A file could not be read or written, or its content is malformed.
class IoError : public Error {
 public:
  using Error::Error;
};

/// A nuclide name that is not in the decay data (the message lists close matches).
class UnknownNuclide : public InvalidInput {
 public:
  using InvalidInput::InvalidInput;
};

/// A computation could not produce a trustworthy number (no convergence, singular system, overflow).
class NumericalError : public Error {
 public:
  using Error::Error;
};

/// A long operation was cancelled through its progress callback.
class Cancelled : public Error {
 public:
  using Error::Error;
};

}  // namespace rptdose
