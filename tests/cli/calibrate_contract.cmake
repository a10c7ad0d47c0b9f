# The `rptdose calibrate` command line (docs/calibration.md): help, listed in rptdose --help, exit code 2 with a
# message for missing or bad options, and nothing written then. The measurements themselves are tested on
# synthetic phantoms in tests/python/test_calibrate.py. Run with: cmake -DRPTDOSE=<program> -DWORK_DIR=<dir> -P ...
include(${CMAKE_CURRENT_LIST_DIR}/run_rptdose.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

run_rptdose(0 out --help)
if(NOT out MATCHES "calibrate")
  message(FATAL_ERROR "rptdose --help does not list calibrate:\n${out}")
endif()
run_rptdose(0 out calibrate --help)
if(NOT out MATCHES "--uniform-image" OR NOT out MATCHES "--sphere X,Y,Z,D")
  message(FATAL_ERROR "calibrate --help:\n${out}")
endif()

set(cal ${WORK_DIR}/cal.json)
foreach(case
    "--out;${cal}|give --nuclide"
    "--nuclide;Lu-177;--out;${cal}|nothing to calibrate"
    "--nuclide;Xx-999;--out;${cal};--uniform-image;u.nii.gz;--uniform-activity-MBq;100;--uniform-activity-time;2026-12-01T09:00:00;--uniform-acquisition-time;2026-12-01T10:00:00;--uniform-duration-s;600|Xx-999"
    "--nuclide;Lu-177;--out;${cal};--uniform-image;${WORK_DIR}/missing.nii.gz;--uniform-activity-MBq;100;--uniform-activity-time;2026-12-01T09:00:00;--uniform-acquisition-time;2026-12-01T10:00:00;--uniform-duration-s;600|missing.nii.gz"
    "--nuclide;Lu-177;--out;${cal};--uniform-image;u.nii.gz;--uniform-threshold;1.5|--uniform-threshold"
    "--nuclide;Lu-177;--out;${cal};--sphere;1,2,3|--sphere")
  string(REPLACE "|" ";" parts "${case}")
  list(POP_BACK parts expected)
  run_rptdose(2 out calibrate ${parts})
  if(NOT out MATCHES "${expected}")
    message(FATAL_ERROR "rptdose calibrate ${parts}: expected '${expected}' in:\n${out}")
  endif()
  if(EXISTS ${cal})
    message(FATAL_ERROR "rptdose calibrate ${parts} failed but wrote ${cal}")
  endif()
endforeach()
