# The `rptdose compare` contract (issue 23): the table, the JSON keys of the issue, the CSV, and exit code 2 with a
# message on bad input. Run with: cmake -DRPTDOSE=<program> -DSUMMARY=<summary.json> -DWORK_DIR=<folder>
# -P compare_contract.cmake
cmake_policy(SET CMP0054 NEW)  # quoted strings are never variable references
include(${CMAKE_CURRENT_LIST_DIR}/run_rptdose.cmake)

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

run_rptdose(0 out --help)
if(NOT out MATCHES "compare")
  message(FATAL_ERROR "--help does not list compare:\n${out}")
endif()
run_rptdose(0 out compare --help)
if(NOT out MATCHES "--rbe-alpha" OR NOT out MATCHES "--daughters" OR NOT out MATCHES "therapeutic index")
  message(FATAL_ERROR "compare --help must describe its options:\n${out}")
endif()
run_rptdose(2 out compare)

set(limits --limit kidney:bed:40 --limit red_marrow:dose:2)
run_rptdose(0 out compare --summary ${SUMMARY} --nuclides Lu-177,Tb-161,Pb-212,Ac-225 ${limits} --rbe-alpha 3:7
            --csv ${WORK_DIR}/compare.csv)
foreach(word "Lu-177" "Tb-161" "Pb-212" "Ac-225" "limited by" "tumour BED" "assumptions")
  if(NOT out MATCHES "${word}")
    message(FATAL_ERROR "the table lacks '${word}':\n${out}")
  endif()
endforeach()
file(READ ${WORK_DIR}/compare.csv csv)
if(NOT csv MATCHES "^nuclide,activity_GBq,limiting_voi" OR NOT csv MATCHES "\nAc-225,")
  message(FATAL_ERROR "compare.csv:\n${csv}")
endif()

run_rptdose(0 out compare --summary ${SUMMARY} --nuclides Lu-177,Ac-225 ${limits} --json
            --daughters Bi-213:0:0.2:kidney_left_cortex)
foreach(key candidates nuclide activity_GBq limiting organ voi kind limit_Gy vois name residence_time_h
        dose_per_activity_Gy_per_GBq rbe_weighted_dose_per_activity_Gy_per_GBq dose_Gy rbe_weighted_dose_Gy bed_Gy
        assumptions sensitivity)
  if(NOT out MATCHES "\"${key}\"")
    message(FATAL_ERROR "compare --json lacks \"${key}\":\n${out}")
  endif()
endforeach()
string(JSON limiting GET "${out}" candidates 1 limiting voi)
string(JSON rank_interval LENGTH "${out}" candidates 1 sensitivity rank)
if(NOT rank_interval EQUAL 2)
  message(FATAL_ERROR "sensitivity.rank must be [best, worst]:\n${out}")
endif()

# Bad input: exit 2 and a message that names the problem.
function(expect_refused pattern)
  run_rptdose(2 out compare ${ARGN})
  if(NOT out MATCHES "${pattern}")
    message(FATAL_ERROR "rptdose compare ${ARGN}: expected a message matching '${pattern}', got:\n${out}")
  endif()
endfunction()
expect_refused("--limit" --summary ${SUMMARY} --nuclides Lu-177)
expect_refused("Xx-999|unknown" --summary ${SUMMARY} --nuclides Lu-177,Xx-999 ${limits})
expect_refused("empty entry" --summary ${SUMMARY} --nuclides Lu-177,,Ac-225 ${limits})
expect_refused("given twice" --summary ${SUMMARY} --nuclides Lu-177,177Lu ${limits})
expect_refused("--rbe-alpha" --summary ${SUMMARY} --nuclides Ac-225 ${limits} --rbe-alpha 7:3)
expect_refused("--rbe-alpha" --summary ${SUMMARY} --nuclides Ac-225 ${limits} --rbe-alpha five)
expect_refused("--daughters" --summary ${SUMMARY} --nuclides Ac-225 ${limits} --daughters Bi-213:2:lost)
expect_refused("chain of no candidate" --summary ${SUMMARY} --nuclides Lu-177 ${limits} --daughters Bi-213:0.1:lost)
expect_refused("not a VOI|VOIs:" --summary ${SUMMARY} --nuclides Ac-225 ${limits} --daughters Bi-213:0.1:kidney)
expect_refused("matches no VOI|VOIs" --summary ${SUMMARY} --nuclides Ac-225 --limit spleen2:bed:40)
expect_refused("summary" --summary ${WORK_DIR}/missing.json --nuclides Ac-225 ${limits})
# A summary without dose components.
file(READ ${SUMMARY} text)
string(REGEX REPLACE "\"mean_(alpha|electron|photon)_dose_Gy\": [-0-9.eE+]+" "\"mean_\\1_dose_Gy\": null" text "${text}")
file(WRITE ${WORK_DIR}/no_components.json "${text}")
expect_refused("methods.components" --summary ${WORK_DIR}/no_components.json --nuclides Ac-225 ${limits})
