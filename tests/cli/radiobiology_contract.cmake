# The `rptdose bed` and `rptdose plan` contract (issue 8): JSON keys and values, and exit code 2 with a message on
# bad input. Run with: cmake -DRPTDOSE=<program> -DWORK_DIR=<folder> -P radiobiology_contract.cmake
cmake_policy(SET CMP0054 NEW)  # quoted strings are never variable references
include(${CMAKE_CURRENT_LIST_DIR}/run_rptdose.cmake)

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

run_rptdose(0 out --help)
if(NOT out MATCHES "bed" OR NOT out MATCHES "plan")
  message(FATAL_ERROR "--help does not list bed and plan:\n${out}")
endif()
run_rptdose(0 out bed --help)

# 177Lu kidney, D = 23 Gy, T_eff = 50 h, T_rep = 2.8 h, alpha/beta = 2.6 Gy: G = 2.8/52.8 = 0.0530303,
# BED = 23 (1 + G 23/2.6) = 33.7896 Gy, EQD2 = BED/(1 + 2/2.6) = 19.0985 Gy.
run_rptdose(0 json bed --dose 23 --alpha-beta 2.6 --repair-half-time-h 2.8 --effective-half-life-h 50 --json)
string(JSON bed_Gy GET "${json}" bed_Gy)
string(JSON eqd2_Gy GET "${json}" eqd2_Gy)
string(JSON g_factor GET "${json}" g_factor)
if(NOT bed_Gy MATCHES "^33\\.789" OR NOT eqd2_Gy MATCHES "^19\\.098" OR NOT g_factor MATCHES "^0\\.05303")
  message(FATAL_ERROR "bed --json: bed_Gy=${bed_Gy} eqd2_Gy=${eqd2_Gy} g_factor=${g_factor}\n${json}")
endif()
# An uptake phase (rising term e^{-ln2 t/3 h}) spreads the dose out: a lower G (0.05148) and BED.
run_rptdose(0 json bed --dose 23 --alpha-beta 2.6 --repair-half-time-h 2.8 --effective-half-life-h 50
  --uptake-half-time-h 3 --json)
string(JSON g_uptake GET "${json}" g_factor)
if(NOT g_uptake MATCHES "^0\\.05147")
  message(FATAL_ERROR "bed with uptake: g_factor=${g_uptake}")
endif()
run_rptdose(0 out bed --dose 23 --alpha-beta 2.6 --repair-half-time-h 2.8 --effective-half-life-h 50)
if(NOT out MATCHES "BED 33\\.79 Gy")
  message(FATAL_ERROR "bed table output:\n${out}")
endif()

# An alpha emitter: 9 of the 10 Gy are alpha dose, linear at RBE 5: BED = 5·9 + 1·(1 + 0.0530303·1/2.6)
# = 46.0204 Gy, EQD2 = 46.0204/1.7692308 = 26.0115 Gy; RBE 3: 27 + 1.0204 = 28.0204 Gy.
run_rptdose(0 json bed --dose 10 --alpha-dose 9 --alpha-beta 2.6 --repair-half-time-h 2.8 --effective-half-life-h 50
  --json)
string(JSON bed_alpha GET "${json}" bed_Gy)
string(JSON eqd2_alpha GET "${json}" eqd2_Gy)
if(NOT bed_alpha MATCHES "^46\\.020" OR NOT eqd2_alpha MATCHES "^26\\.01")
  message(FATAL_ERROR "bed with --alpha-dose: bed_Gy=${bed_alpha} eqd2_Gy=${eqd2_alpha}")
endif()
run_rptdose(0 json bed --dose 10 --alpha-dose 9 --rbe-alpha 3 --alpha-beta 2.6 --repair-half-time-h 2.8
  --effective-half-life-h 50 --json)
string(JSON bed_rbe3 GET "${json}" bed_Gy)
if(NOT bed_rbe3 MATCHES "^28\\.020")
  message(FATAL_ERROR "bed with --rbe-alpha 3: bed_Gy=${bed_rbe3}")
endif()
run_rptdose(2 out bed --dose 10 --alpha-dose 11 --alpha-beta 2.6 --repair-half-time-h 2.8 --effective-half-life-h 50)
if(NOT out MATCHES "alpha part of --dose")
  message(FATAL_ERROR "alpha dose above the dose: ${out}")
endif()
run_rptdose(2 out bed --dose 10 --rbe-alpha 3 --alpha-beta 2.6 --repair-half-time-h 2.8 --effective-half-life-h 50)

# Bad input: exit code 2 and a message that names the problem.
run_rptdose(2 out bed --dose -1 --alpha-beta 2.6 --repair-half-time-h 2.8 --effective-half-life-h 50)
if(NOT out MATCHES "dose is -1 Gy")
  message(FATAL_ERROR "negative dose: ${out}")
endif()
run_rptdose(2 out bed --dose 2 --alpha-beta 0 --repair-half-time-h 2.8 --effective-half-life-h 50)
if(NOT out MATCHES "α/β is 0 Gy")
  message(FATAL_ERROR "alpha/beta 0: ${out}")
endif()
run_rptdose(2 out bed --dose two --alpha-beta 2.6 --repair-half-time-h 2.8 --effective-half-life-h 50)
if(NOT out MATCHES "not a number")
  message(FATAL_ERROR "non-numeric dose: ${out}")
endif()
run_rptdose(2 out bed --dose 2 --alpha-beta 2.6 --repair-half-time-h 2.8)
if(NOT out MATCHES "effective-half-life-h")
  message(FATAL_ERROR "missing option: ${out}")
endif()
run_rptdose(2 out bed --dose 2 --alpha-beta 2.6 --repair-half-time-h 2.8 --effective-half-life-h 50 --bogus)
run_rptdose(2 out bed)

# rptdose plan on a summary.json of the pipeline's schema.
set(summary "${WORK_DIR}/summary.json")
file(WRITE ${summary} [=[{"schema_version": "1.0", "nuclide": "Lu-177", "administered_activity_Bq": 7.4e9, "vois": [
  {"name": "kidney_left", "mean_dose_Gy": 3.1, "mass_g": 150, "effective_half_life_h": 50.2, "uptake_half_time_h": null},
  {"name": "kidney_right", "mean_dose_Gy": 3.4, "mass_g": 160, "effective_half_life_h": 48.0, "uptake_half_time_h": 2.0},
  {"name": "red_marrow", "mean_dose_Gy": 0.25, "mass_g": 1170, "effective_half_life_h": 30.0, "uptake_half_time_h": null},
  {"name": "tumour_1", "mean_dose_Gy": 25.0, "mass_g": 20, "effective_half_life_h": 90.0, "uptake_half_time_h": null}]}
]=])
run_rptdose(0 json plan --summary ${summary} --limit kidney:bed:40 --limit red-marrow:dose:2 --json)
string(JSON voi GET "${json}" limiting voi)
string(JSON kind GET "${json}" limiting kind)
string(JSON tumour GET "${json}" tumours 0 name)
string(JSON total GET "${json}" vois 1 limits 0 total_at_plan_Gy)
if(NOT voi STREQUAL "kidney_right" OR NOT kind STREQUAL "bed" OR NOT tumour STREQUAL "tumour_1"
   OR NOT total MATCHES "^(40|39\\.99999)")
  message(FATAL_ERROR "plan --json: limiting ${voi} (${kind}), tumour ${tumour}, kidney_right total ${total}\n${json}")
endif()
# Three cycles: the red marrow (2 Gy over 3 cycles) limits.
run_rptdose(0 json plan --summary ${summary} --limit kidney:bed:40 --limit red-marrow:dose:2 --cycles 3 --json)
string(JSON voi GET "${json}" limiting voi)
if(NOT voi STREQUAL "red_marrow")
  message(FATAL_ERROR "plan --cycles 3: limiting ${voi}\n${json}")
endif()
run_rptdose(0 out plan --summary ${summary} --limit kidney:bed:28 --received kidney:bed:10 --alpha-beta tumour:8)
if(NOT out MATCHES "limited by kidney_right")
  message(FATAL_ERROR "plan table:\n${out}")
endif()

run_rptdose(2 out plan --summary ${summary} --limit spleen:bed:30)
if(NOT out MATCHES "matches no VOI")
  message(FATAL_ERROR "unknown organ: ${out}")
endif()
run_rptdose(2 out plan --summary ${summary} --limit kidney:bed:40 --received kidney:bed:45)
if(NOT out MATCHES "already received")
  message(FATAL_ERROR "limit already exceeded: ${out}")
endif()
run_rptdose(2 out plan --summary ${summary} --limit kidney:40)
run_rptdose(2 out plan --summary ${summary})
run_rptdose(2 out plan --summary ${WORK_DIR}/missing.json --limit kidney:bed:40)
