# The `rptdose daughters` contract (issue 8): per-VOI mean-dose change when an alpha daughter leaves its site,
# energy conservation over the VOIs, JSON keys, and exit code 2 with a message on bad input.
# Run with: cmake -DRPTDOSE=<program> -DWORK_DIR=<folder> -P daughters_contract.cmake
cmake_policy(SET CMP0054 NEW)  # quoted strings are never variable references
include(${CMAKE_CURRENT_LIST_DIR}/run_rptdose.cmake)

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

run_rptdose(0 out --help)
if(NOT out MATCHES "daughters")
  message(FATAL_ERROR "--help does not list daughters:\n${out}")
endif()
run_rptdose(0 out daughters --help)
if(NOT out MATCHES "LOCAL energy deposition" OR NOT out MATCHES "cross-fire")
  message(FATAL_ERROR "daughters --help must say the change is local deposition on kernel doses:\n${out}")
endif()
run_rptdose(2 out daughters)

# A 225Ac run's summary.json (the pipeline's keys; a hand-made example): two sources, the kidneys, and a VOI
# with neither mass nor TIA that must stay untouched.
set(summary "${WORK_DIR}/summary.json")
file(WRITE ${summary} [=[{"schema_version": "1.0", "nuclide": "Ac-225", "administered_activity_Bq": 8e6, "vois": [
  {"name": "tumour_1", "mass_g": 30, "tia_Bq_s": 4e11, "mean_dose_Gy": 12.0},
  {"name": "liver", "mass_g": 1800, "tia_Bq_s": 2e12, "mean_dose_Gy": 0.8},
  {"name": "kidneys", "mass_g": 300, "tia_Bq_s": 1e11, "mean_dose_Gy": 0.5},
  {"name": "body_outline", "mean_dose_Gy": 0.1}]}
]=])

# "x.yyyEz" (a JSON number) → integer in units of 10^-digits (CMake's math is 64-bit integer only).
function(to_fixed value digits out_var)
  if(NOT value MATCHES "^(-?)([0-9]+)(\\.([0-9]*))?([eE]([-+]?[0-9]+))?$")
    message(FATAL_ERROR "not a number: ${value}")
  endif()
  set(sign "${CMAKE_MATCH_1}")
  set(int_part "${CMAKE_MATCH_2}")
  set(frac "${CMAKE_MATCH_4}")
  set(exponent "${CMAKE_MATCH_6}")
  if(exponent STREQUAL "")
    set(exponent 0)
  endif()
  string(REGEX REPLACE "^\\+" "" exponent "${exponent}")
  math(EXPR shift "${digits} + ${exponent}")  # move the decimal point right by shift
  set(all "${int_part}${frac}")
  string(LENGTH "${int_part}" point)
  math(EXPR point "${point} + ${shift}")
  string(LENGTH "${all}" length)
  if(point LESS_EQUAL 0)
    set(${out_var} 0 PARENT_SCOPE)
    return()
  endif()
  while(length LESS point)
    string(APPEND all "0")
    math(EXPR length "${length} + 1")
  endwhile()
  string(SUBSTRING "${all}" 0 ${point} digits_kept)
  string(REGEX REPLACE "^0+([0-9])" "\\1" digits_kept "${digits_kept}")
  set(${out_var} "${sign}${digits_kept}" PARENT_SCOPE)
endfunction()

# 10 % of 213Bi leaves tumour_1 and liver (the default sources: every VOI with a TIA except the destination) and
# decays in the kidneys. Per parent decay the chain moves dE = 0.1 N_d E_d, N_d = 0.99988 (ICRP 107 branching),
# E_d = 9.139 MeV (213Bi + 213Po/209Tl + 209Pb local energy).
run_rptdose(0 json daughters --summary ${summary} --daughter Bi-213 --leaving-fraction 0.1 --to kidneys --json)
string(JSON parent GET "${json}" parent)
string(JSON destination GET "${json}" destination)
string(JSON n_d GET "${json}" daughter_decays_per_parent_decay)
string(JSON e_d GET "${json}" energy_per_daughter_decay_MeV)
string(JSON moved GET "${json}" energy_moved_per_parent_decay_MeV)
string(JSON lost GET "${json}" energy_lost_J)
string(JSON count LENGTH "${json}" vois)
if(NOT parent STREQUAL "Ac-225" OR NOT destination STREQUAL "kidneys" OR NOT n_d MATCHES "^0\\.9998"
   OR NOT e_d MATCHES "^9\\.1[0-9]" OR NOT moved MATCHES "^0\\.91" OR NOT lost MATCHES "^0(\\.0)?$"
   OR NOT count EQUAL 4)
  message(FATAL_ERROR "daughters --json: parent ${parent}, destination ${destination}, N_d ${n_d}, E_d ${e_d}, "
                      "dE ${moved}, lost ${lost}, ${count} VOIs\n${json}")
endif()
# tumour_1 loses A dE / m = 4e11 0.9138 MeV 1.602e-13 J/MeV / 0.030 kg = 1.95 Gy; before 12 Gy.
string(JSON tumour_change GET "${json}" vois 0 dose_change_Gy)
string(JSON tumour_after GET "${json}" vois 0 mean_dose_after_Gy)
string(JSON tumour_percent GET "${json}" vois 0 dose_change_percent)
string(JSON tumour_role GET "${json}" vois 0 role)
string(JSON kidney_role GET "${json}" vois 2 role)
string(JSON outline_change GET "${json}" vois 3 dose_change_Gy)
string(JSON outline_role GET "${json}" vois 3 role)
if(NOT tumour_change MATCHES "^-1\\.95" OR NOT tumour_after MATCHES "^10\\.04" OR NOT tumour_percent MATCHES "^-16\\.2"
   OR NOT tumour_role STREQUAL "source" OR NOT kidney_role STREQUAL "destination"
   OR NOT outline_change MATCHES "^0(\\.0)?$" OR NOT outline_role STREQUAL "-")
  message(FATAL_ERROR "daughters --json rows: tumour ${tumour_change} Gy -> ${tumour_after} Gy (${tumour_percent} %) "
                      "${tumour_role}, kidneys ${kidney_role}, outline ${outline_change} ${outline_role}\n${json}")
endif()

# Energy conservation: sum over the VOIs of dD m = 0 (nothing lost). Fixed point: dD in nGy, m in g (whole grams
# in this summary), so each term is exact to the 1-nGy rounding: tolerance sum of masses x 1 nGy, against a moved
# energy of ~6e10 nGy g.
set(balance 0)
set(moved_total 0)
set(tolerance 0)
math(EXPR last "${count} - 1")
foreach(n RANGE ${last})
  string(JSON change GET "${json}" vois ${n} dose_change_Gy)
  string(JSON mass_type TYPE "${json}" vois ${n} mass_g)
  if(mass_type STREQUAL "NULL")
    if(NOT change MATCHES "^0(\\.0)?$")
      message(FATAL_ERROR "a VOI without mass changed by ${change} Gy\n${json}")
    endif()
    continue()
  endif()
  string(JSON mass GET "${json}" vois ${n} mass_g)
  to_fixed("${change}" 9 change_nGy)
  to_fixed("${mass}" 0 mass_g)
  math(EXPR balance "${balance} + ${change_nGy} * ${mass_g}")
  math(EXPR tolerance "${tolerance} + ${mass_g}")
  if(change_nGy LESS 0)
    math(EXPR moved_total "${moved_total} - ${change_nGy} * ${mass_g}")
  endif()
endforeach()
if(balance LESS 0)
  math(EXPR magnitude "-(${balance})")
else()
  set(magnitude ${balance})
endif()
if(magnitude GREATER tolerance OR moved_total LESS 50000000000)
  message(FATAL_ERROR "energy not conserved: sum dD m = ${balance} nGy g (tolerance ${tolerance}) for "
                      "${moved_total} nGy g moved\n${json}")
endif()

# Lost, one explicit source (matched by normalized name): only tumour_1 changes; dD m = -energy lost.
run_rptdose(0 json daughters --summary ${summary} --daughter 213Bi --leaving-fraction 0.1 --to lost --from Tumour-1
  --json)
string(JSON destination_type TYPE "${json}" destination)
string(JSON lost GET "${json}" energy_lost_J)
string(JSON tumour_change GET "${json}" vois 0 dose_change_Gy)
string(JSON liver_change GET "${json}" vois 1 dose_change_Gy)
string(JSON kidney_change GET "${json}" vois 2 dose_change_Gy)
# 4e11 Bq s x 0.9138 MeV x 1.602e-13 J/MeV = 0.05856 J.
if(NOT destination_type STREQUAL "NULL" OR NOT lost MATCHES "^0\\.0585" OR NOT tumour_change MATCHES "^-1\\.95"
   OR NOT liver_change MATCHES "^0(\\.0)?$" OR NOT kidney_change MATCHES "^0(\\.0)?$")
  message(FATAL_ERROR "daughters --to lost: destination ${destination_type}, lost ${lost} J, changes ${tumour_change} "
                      "${liver_change} ${kidney_change}\n${json}")
endif()

# Photons counted as local raise the moved energy (213Bi's 440 keV gamma).
run_rptdose(0 json daughters --summary ${summary} --daughter Bi-213 --leaving-fraction 0.1 --to lost
  --include-photons --json)
string(JSON e_photons GET "${json}" energy_per_daughter_decay_MeV)
if(NOT e_photons MATCHES "^9\\.[2-9]")
  message(FATAL_ERROR "daughters --include-photons: E_d ${e_photons}\n${json}")
endif()

# The readable table.
run_rptdose(0 out daughters --summary ${summary} --daughter Bi-213 --leaving-fraction 0.1 --to kidneys)
if(NOT out MATCHES "10 % of Bi-213 \\(Ac-225 chain\\)" OR NOT out MATCHES "kidneys +destination +0\\.5 +\\+"
   OR NOT out MATCHES "tumour_1 +source +12 +-1\\.95")
  message(FATAL_ERROR "daughters table:\n${out}")
endif()

# 212Pb/212Bi, the parent given too (it must agree with the summary's nuclide).
file(WRITE ${WORK_DIR}/pb212.json [=[{"schema_version": "1.0", "nuclide": "Pb-212", "administered_activity_Bq": 1e8, "vois": [
  {"name": "tumour", "mass_g": 20, "tia_Bq_s": 1e12, "mean_dose_Gy": 30.0},
  {"name": "kidney_left", "mass_g": 150, "tia_Bq_s": 1e12, "mean_dose_Gy": 5.0}]}
]=])
# A summary must name its nuclide (the reader's error; a parent option does not stand in for it).
file(WRITE ${WORK_DIR}/no_nuclide.json [=[{"schema_version": "1.0", "administered_activity_Bq": 1e8, "vois": [
  {"name": "tumour", "mass_g": 20, "tia_Bq_s": 1e12, "mean_dose_Gy": 30.0},
  {"name": "kidney_left", "mass_g": 150, "tia_Bq_s": 1e12, "mean_dose_Gy": 5.0}]}
]=])
run_rptdose(0 json daughters --summary ${WORK_DIR}/pb212.json --parent Pb-212 --daughter Bi-212 --leaving-fraction 0.3
  --to kidney_left --json)
string(JSON n_d GET "${json}" daughter_decays_per_parent_decay)
string(JSON kidney_change GET "${json}" vois 1 dose_change_Gy)
if(NOT n_d MATCHES "^(1|0\\.99999)" OR NOT kidney_change MATCHES "^[0-9]")
  message(FATAL_ERROR "daughters 212Pb: N_d ${n_d}, kidney change ${kidney_change}\n${json}")
endif()

# Bad input: exit code 2 and a message that names the problem.
function(expect_error pattern)
  run_rptdose(2 out daughters ${ARGN})
  if(NOT out MATCHES "${pattern}")
    message(FATAL_ERROR "rptdose daughters ${ARGN}: expected a message matching '${pattern}', got:\n${out}")
  endif()
endfunction()
set(base --summary ${summary} --daughter Bi-213)
expect_error("outside \\[0, 1\\]" ${base} --leaving-fraction 1.5 --to kidneys)
expect_error("outside \\[0, 1\\]" ${base} --leaving-fraction -0.1 --to kidneys)
expect_error("not a number" ${base} --leaving-fraction much --to kidneys)
expect_error("--to 'spleen' is not a VOI of the summary \\(VOIs: tumour_1, liver, kidneys, body_outline\\)"
  ${base} --leaving-fraction 0.1 --to spleen)
expect_error("--from 'spleen' is not a VOI" ${base} --leaving-fraction 0.1 --to kidneys --from spleen)
expect_error("also the destination" ${base} --leaving-fraction 0.1 --to kidneys --from kidneys)
expect_error("body_outline has no TIA" ${base} --leaving-fraction 0.1 --to kidneys --from body_outline)
expect_error("body_outline has no mass" ${base} --leaving-fraction 0.1 --to body_outline)
expect_error("give --to" ${base} --leaving-fraction 0.1)
expect_error("give --leaving-fraction" ${base} --to kidneys)
expect_error("give --daughter" --summary ${summary} --leaving-fraction 0.1 --to kidneys)
expect_error("give --summary" --daughter Bi-213 --leaving-fraction 0.1 --to kidneys)
expect_error("Bi-212 is not a daughter in the chain of Ac-225"
  --summary ${summary} --daughter Bi-212 --leaving-fraction 0.1 --to kidneys)
expect_error("Ac-225 is not a daughter" --summary ${summary} --daughter Ac-225 --leaving-fraction 0.1 --to kidneys)
expect_error("Xx-999" --summary ${summary} --daughter Xx-999 --leaving-fraction 0.1 --to kidneys)
expect_error("summary's TIAs are of Ac-225" ${base} --parent Pb-212 --leaving-fraction 0.1 --to kidneys)
expect_error("no_nuclide.json has no \"nuclide\" \\(e.g. \"Lu-177\"\\): the summary must name the run's nuclide"
  --summary ${WORK_DIR}/no_nuclide.json --parent Pb-212 --daughter Bi-212 --leaving-fraction 0.1 --to kidney_left)
expect_error("cannot read the summary" --summary ${WORK_DIR}/missing.json --daughter Bi-213 --leaving-fraction 0.1
  --to lost)
