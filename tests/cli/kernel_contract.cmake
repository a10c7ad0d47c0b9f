# The `rptdose kernel` contract (issue #3): CSV with header i,j,k,S_Gy_per_Bq_s and one line per voxel, offsets
# -N..N, spacing in mm, --radius-mm, components, table import, and clear errors.
# Run with: cmake -DRPTDOSE=<program> -DWORK_DIR=<folder> -P kernel_contract.cmake
include(${CMAKE_CURRENT_LIST_DIR}/run_rptdose.cmake)

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(csv "${WORK_DIR}/lu177.csv")

run_rptdose(0 out kernel --nuclide Lu-177 --spacing 4.8 --half-size 2 --out ${csv})
file(STRINGS ${csv} lines)
list(LENGTH lines count)
list(GET lines 0 header)
list(GET lines 1 first)
if(NOT header STREQUAL "i,j,k,S_Gy_per_Bq_s" OR NOT count EQUAL 126 OR NOT first MATCHES "^-2,-2,-2,")
  message(FATAL_ERROR "kernel CSV: header '${header}', ${count} lines, first '${first}'")
endif()
# The centre voxel: 177Lu at 4.8 mm in soft tissue, ~1.9e-10 Gy/(Bq s) (electrons ~93 % local).
foreach(line ${lines})
  if(line MATCHES "^0,0,0,(.*)$")
    set(self ${CMAKE_MATCH_1})
  elseif(line MATCHES "^1,0,0,(.*)$")
    set(face_x ${CMAKE_MATCH_1})
  elseif(line MATCHES "^0,-1,0,(.*)$")
    set(face_y ${CMAKE_MATCH_1})
  endif()
endforeach()
if(NOT self MATCHES "^1\\.9[0-9]*e-10$" OR NOT face_x STREQUAL face_y)
  message(FATAL_ERROR "Lu-177 self voxel ${self}, face neighbours ${face_x} / ${face_y}")
endif()

# Anisotropic voxels with a radius: N = ceil(R / spacing) per axis = (3, 2, 2) -> 7 x 5 x 5 = 175 voxels.
run_rptdose(0 out kernel --nuclide 177Lu --spacing 2,3,4.8 --radius-mm 6 --medium water --out ${csv})
file(STRINGS ${csv} lines)
list(LENGTH lines count)
if(NOT count EQUAL 176)
  message(FATAL_ERROR "anisotropic kernel: ${count} lines, expected 176")
endif()

# Components: 177Lu has no alphas.
run_rptdose(0 out kernel --nuclide Lu-177 --spacing 4.8 --half-size 1 --component alpha --out ${csv})
file(STRINGS ${csv} lines)
foreach(line ${lines})
  if(line MATCHES "^-?[0-9]+,-?[0-9]+,-?[0-9]+,(.*)$" AND NOT CMAKE_MATCH_1 MATCHES "^0\\.0+e\\+00$")
    message(FATAL_ERROR "Lu-177 alpha kernel has a non-zero value: ${line}")
  endif()
endforeach()

# Raw + JSON output.
run_rptdose(0 out kernel --nuclide Pb-212 --spacing 4.8 --half-size 2 --out ${WORK_DIR}/pb212.json)
file(READ ${WORK_DIR}/pb212.json json)
string(JSON shape GET "${json}" shape_zyx)
string(JSON unit GET "${json}" unit)
if(NOT EXISTS ${WORK_DIR}/pb212.alpha.raw OR NOT unit STREQUAL "Gy/(Bq*s)")
  message(FATAL_ERROR "raw kernel output: ${json}")
endif()

# Importing an octant Monte Carlo table and resampling it.
file(WRITE ${WORK_DIR}/vsv.txt "# i j k S (mGy/(MBq s))\n0 0 0 2.0\n1 0 0 0.1\n0 1 0 0.1\n1 1 0 0.01\n0 0 1 0.1\n1 0 1 0.01\n0 1 1 0.01\n1 1 1 0.001\n")
run_rptdose(0 out kernel --from-table ${WORK_DIR}/vsv.txt --table-spacing 3 --spacing 2 --out ${csv})
file(WRITE ${WORK_DIR}/gap.txt "0 0 0 2.0\n1 1 0 0.1\n")
run_rptdose(2 out kernel --from-table ${WORK_DIR}/gap.txt --table-spacing 3 --out ${csv})
if(NOT out MATCHES "gap")
  message(FATAL_ERROR "a table with a gap: ${out}")
endif()

# Bad input (and usage errors): a clear message and exit code 2.
run_rptdose(2 out kernel --nuclide Lu-177 --spacing 0 --out ${csv})
if(NOT out MATCHES "spacing")
  message(FATAL_ERROR "zero spacing: ${out}")
endif()
run_rptdose(2 out kernel --nuclide Lu-177 --spacing 4.8 --half-size 1000 --out ${csv})
run_rptdose(2 out kernel --nuclide Lu-177 --spacing 4.8 --half-size 2.5 --out ${csv})
run_rptdose(2 out kernel --nuclide Lu-999 --spacing 4.8 --out ${csv})
if(NOT out MATCHES "Lu-999")
  message(FATAL_ERROR "unknown nuclide: ${out}")
endif()
run_rptdose(2 out kernel --nuclide Lu-177 --spacing 4.8 --medium bone --out ${csv})
run_rptdose(2 out kernel --nuclide Lu-177 --spacing 4.8 --out ${WORK_DIR}/missing-folder/k.csv)
run_rptdose(2 out kernel)
