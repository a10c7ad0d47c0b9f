# The `rptdose marrow` contract (issue 8): the EANM blood-based red-marrow dose (Hindorf et al., EJNMMI 37:1238,
# 2010) beside the image-based VOI dose, JSON keys and values, and exit code 2 with a message on bad input.
# Run with: cmake -DRPTDOSE=<program> -DWORK_DIR=<folder> -P marrow_contract.cmake
cmake_policy(SET CMP0054 NEW)  # quoted strings are never variable references
include(${CMAKE_CURRENT_LIST_DIR}/run_rptdose.cmake)

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

run_rptdose(0 out --help)
if(NOT out MATCHES "marrow")
  message(FATAL_ERROR "--help does not list marrow:\n${out}")
endif()
run_rptdose(0 out marrow --help)
if(NOT out MATCHES "non-penetrating" OR NOT out MATCHES "s-rm-rm-mGy-per-MBq-s")
  message(FATAL_ERROR "marrow --help does not explain the S value and its 'auto' approximation:\n${out}")
endif()
run_rptdose(2 out marrow)

# 177Lu blood curve c(t) = 40 kBq/mL e^{-l1 t} + 10 kBq/mL e^{-l2 t}, l1 = lambda_phys + ln2/1.5 h,
# l2 = lambda_phys + ln2/40 h (T1/2 6.647 d), not decay-corrected, 8 samples to 144 h, an ignored id column.
# [A_blood] = 4e4/l1 + 1e4/l2 = 1.969721e9 Bq s/mL (the bi-exponential fit of exact samples reproduces it).
set(blood "${WORK_DIR}/blood.csv")
file(WRITE ${blood} "sample,time_h,kBq_per_mL
s1,0.1,48.15542246
s2,0.5,41.57134026
s3,1,34.87476688
s4,2,25.31245072
s5,4,15.36063466
s6,24,5.944756617
s7,72,2.100301827
s8,144,0.4411267763
")
# The same samples decay-corrected to injection (c e^{lambda_phys t}), in Bq/mL.
set(blood_dc "${WORK_DIR}/blood_decay_corrected.csv")
file(WRITE ${blood_dc} "# decay-corrected to the injection time
time_h,Bq_per_mL
0.1,48176.35048
0.5,41661.75191
1,35026.62698
2,25533.37381
4,15629.93516
24,6598.149905
72,2871.745887
144,824.6924442
")

# A run's summary.json (the pipeline's keys; illustrative values, S values below are placeholders, not a phantom's).
set(summary "${WORK_DIR}/summary.json")
file(WRITE ${summary} [=[{"schema_version": "1.0", "nuclide": "Lu-177", "administered_activity_Bq": 7.4e9, "vois": [
  {"name": "liver", "mass_g": 1800, "tia_Bq_s": 1.6e14, "mean_dose_Gy": 3.0},
  {"name": "kidney_left", "mass_g": 150, "tia_Bq_s": 1.5e13, "mean_dose_Gy": 3.4},
  {"name": "red_marrow_L2_L4", "mass_g": 60, "tia_Bq_s": 1.2e12, "mean_dose_Gy": 0.30},
  {"name": "remainder_of_body", "mass_g": 70000, "tia_Bq_s": 1.4e14, "mean_dose_Gy": 0.2}]}
]=])

function(expect_prefix json_text key_description value regex)
  if(NOT value MATCHES "${regex}")
    message(FATAL_ERROR "marrow: ${key_description} = ${value}, expected ${regex}\n${json_text}")
  endif()
endfunction()

# Self dose only: A_RM = [A_blood] 1 1170 g = 2.304574e12 Bq s, D = A_RM 4e-5 mGy/(MBq s) = 0.0921829 Gy.
set(common --blood ${blood} --s-rm-rm-mGy-per-MBq-s 4e-5 --blood-model bi-washout --json)
run_rptdose(0 json marrow --nuclide Lu-177 ${common})
string(JSON integral GET "${json}" blood tia_concentration_Bq_s_per_mL)
string(JSON model GET "${json}" blood model)
string(JSON tia GET "${json}" red_marrow_tia_Bq_s)
string(JSON self GET "${json}" self_dose_Gy)
string(JSON total GET "${json}" blood_based_dose_Gy)
string(JSON mass GET "${json}" red_marrow_mass_g)
string(JSON image TYPE "${json}" image_based)
string(JSON remainder TYPE "${json}" remainder)
expect_prefix("${json}" "blood tia_concentration_Bq_s_per_mL" "${integral}" "^196972")
expect_prefix("${json}" "blood model" "${model}" "^bi-exponential-washout$")
expect_prefix("${json}" "red_marrow_tia_Bq_s" "${tia}" "^230457")
expect_prefix("${json}" "self_dose_Gy" "${self}" "^0\\.092182")
expect_prefix("${json}" "blood_based_dose_Gy" "${total}" "^0\\.092182")
expect_prefix("${json}" "red_marrow_mass_g" "${mass}" "^1170(\\.0)?$")
expect_prefix("${json}" "image_based" "${image}" "^NULL$")
expect_prefix("${json}" "remainder" "${remainder}" "^NULL$")

# Decay-corrected samples: decay is restored before integrating, the same [A_blood].
run_rptdose(0 json marrow --nuclide Lu-177 --blood ${blood_dc} --blood-decay-corrected --s-rm-rm-mGy-per-MBq-s 4e-5
  --blood-model bi-washout --json)
string(JSON integral_dc GET "${json}" blood tia_concentration_Bq_s_per_mL)
expect_prefix("${json}" "decay-corrected tia_concentration_Bq_s_per_mL" "${integral_dc}" "^19697")

# Body-mass scaling (80 kg male: m_RM = 1170 80/73 = 1282.2 g) with the self S value scaled as 1/m: the self dose
# does not change (A_RM ~ m, S ~ 1/m).
run_rptdose(0 json marrow --nuclide Lu-177 ${common} --body-mass-kg 80)
string(JSON mass GET "${json}" red_marrow_mass_g)
string(JSON self GET "${json}" self_dose_Gy)
string(JSON s_patient GET "${json}" s_rm_rm patient_mGy_per_MBq_s)
expect_prefix("${json}" "red_marrow_mass_g (80 kg)" "${mass}" "^1282\\.19")
expect_prefix("${json}" "self_dose_Gy (80 kg)" "${self}" "^0\\.092182")
expect_prefix("${json}" "s_rm_rm patient_mGy_per_MBq_s (80 kg)" "${s_patient}" "^3\\.65")
run_rptdose(0 json marrow --nuclide Lu-177 ${common} --sex female)
string(JSON mass GET "${json}" red_marrow_mass_g)
expect_prefix("${json}" "red_marrow_mass_g (female)" "${mass}" "^900(\\.0)?$")

# Non-penetrating approximation: S = E(electrons of 177Lu, 0.14792 MeV ICRP 107) / 1.170 kg = 2.0256e-5 mGy/(MBq s).
run_rptdose(0 json marrow --nuclide Lu-177 --blood ${blood} --s-rm-rm-mGy-per-MBq-s auto --blood-model bi-washout --json)
string(JSON energy GET "${json}" s_rm_rm non_penetrating_energy_per_decay_MeV)
string(JSON s_auto GET "${json}" s_rm_rm patient_mGy_per_MBq_s)
string(JSON source GET "${json}" s_rm_rm source)
expect_prefix("${json}" "non_penetrating_energy_per_decay_MeV" "${energy}" "^0\\.1479")
expect_prefix("${json}" "s_rm_rm patient_mGy_per_MBq_s (auto)" "${s_auto}" "^2\\.025")
expect_prefix("${json}" "s_rm_rm source (auto)" "${source}" "non-penetrating")

# With the run: nuclide from the summary; remainder of body from its remainder_of_body VOI and
# S(RM<-RB) = (2e-6 73000 - 4e-5 1170) / 71830 = 1.38104e-6 mGy/(MBq s), 1.4e14 Bq s: 0.193345 Gy;
# liver 1.6e14 Bq s 1e-6 mGy/(MBq s) = 0.16 Gy; total 0.445528 Gy; image-based: red_marrow_L2_L4 0.30 Gy, ratio 0.67336.
run_rptdose(0 json marrow --summary ${summary} ${common} --s-rm-tb-mGy-per-MBq-s 2e-6
  --s-rm-organ-mGy-per-MBq-s liver:1e-6)
string(JSON nuclide GET "${json}" nuclide)
string(JSON s_rb GET "${json}" remainder s_rm_rb_mGy_per_MBq_s)
string(JSON tia_source GET "${json}" remainder tia_source)
string(JSON remainder_dose GET "${json}" remainder_cross_dose_Gy)
string(JSON organ_dose GET "${json}" organ_cross_dose_Gy)
string(JSON organ_voi GET "${json}" organs 0 voi)
string(JSON total GET "${json}" blood_based_dose_Gy)
string(JSON per_GBq GET "${json}" blood_based_dose_Gy_per_GBq)
string(JSON voi GET "${json}" image_based voi)
string(JSON image_dose GET "${json}" image_based dose_Gy)
string(JSON ratio GET "${json}" image_based ratio_image_to_blood)
expect_prefix("${json}" "nuclide" "${nuclide}" "^Lu-177$")
expect_prefix("${json}" "remainder s_rm_rb_mGy_per_MBq_s" "${s_rb}" "^1\\.38103")
expect_prefix("${json}" "remainder tia_source" "${tia_source}" "remainder_of_body")
expect_prefix("${json}" "remainder_cross_dose_Gy" "${remainder_dose}" "^0\\.19334")
expect_prefix("${json}" "organ_cross_dose_Gy" "${organ_dose}" "^0\\.16")
expect_prefix("${json}" "organs 0 voi" "${organ_voi}" "^liver$")
expect_prefix("${json}" "blood_based_dose_Gy" "${total}" "^0\\.44552")
expect_prefix("${json}" "blood_based_dose_Gy_per_GBq" "${per_GBq}" "^0\\.06020")
expect_prefix("${json}" "image_based voi" "${voi}" "^red_marrow_L2_L4$")
expect_prefix("${json}" "image_based dose_Gy" "${image_dose}" "^0\\.(3|29999)")
expect_prefix("${json}" "ratio_image_to_blood" "${ratio}" "^0\\.67335")
# The remainder's TIA given directly (1e5 MBq h = 3.6e14 Bq s) with S(RM<-RB) given directly.
run_rptdose(0 json marrow --nuclide Lu-177 ${common} --s-rm-rb-mGy-per-MBq-s 1e-6 --remainder-tia-MBq-h 1e5)
string(JSON remainder_dose GET "${json}" remainder_cross_dose_Gy)
expect_prefix("${json}" "remainder_cross_dose_Gy (given TIA)" "${remainder_dose}" "^0\\.3(6|5999)")

# The readable report: both methods side by side.
run_rptdose(0 out marrow --summary ${summary} --blood ${blood} --s-rm-rm-mGy-per-MBq-s 4e-5 --blood-model bi-washout)
if(NOT out MATCHES "blood-based \\(EANM" OR NOT out MATCHES "image-based \\(red_marrow_L2_L4" OR
   NOT out MATCHES "ratio image/blood")
  message(FATAL_ERROR "marrow report:\n${out}")
endif()

# Bad input: exit code 2 and a message that names the problem and what to do.
function(expect_error pattern)
  run_rptdose(2 out marrow ${ARGN})
  if(NOT out MATCHES "${pattern}")
    message(FATAL_ERROR "rptdose marrow ${ARGN}: expected a message matching '${pattern}', got:\n${out}")
  endif()
endfunction()
function(write_blood name text)
  file(WRITE "${WORK_DIR}/${name}" "${text}")
endfunction()
write_blood(unsorted.csv "time_h,Bq_per_mL\n1,5\n4,3\n2,2\n")
write_blood(duplicate.csv "time_h,Bq_per_mL\n1,5\n4,3\n4,2\n")
write_blood(negative_time.csv "time_h,Bq_per_mL\n-1,5\n4,3\n")
write_blood(negative_value.csv "time_h,Bq_per_mL\n1,5\n4,-3\n")
write_blood(minutes.csv "time_min,Bq_per_mL\n60,5\n240,3\n")
write_blood(no_unit.csv "time_h,activity\n1,5\n4,3\n")
write_blood(one.csv "time_h,Bq_per_mL\n1,5\n")
set(s --s-rm-rm-mGy-per-MBq-s 4e-5)
expect_error("before the previous sample" --nuclide Lu-177 --blood ${WORK_DIR}/unsorted.csv ${s})
expect_error("repeats the previous sample" --nuclide Lu-177 --blood ${WORK_DIR}/duplicate.csv ${s})
expect_error("before the injection" --nuclide Lu-177 --blood ${WORK_DIR}/negative_time.csv ${s})
expect_error("is negative" --nuclide Lu-177 --blood ${WORK_DIR}/negative_value.csv ${s})
expect_error("no time_h column \\(found: time_min, Bq_per_mL\\)" --nuclide Lu-177 --blood ${WORK_DIR}/minutes.csv ${s})
expect_error("no concentration column.*kBq_per_mL" --nuclide Lu-177 --blood ${WORK_DIR}/no_unit.csv ${s})
expect_error("at least 2 blood samples" --nuclide Lu-177 --blood ${WORK_DIR}/one.csv ${s})
expect_error("cannot read the blood samples" --nuclide Lu-177 --blood ${WORK_DIR}/missing.csv ${s})
expect_error("Xx-999" --nuclide Xx-999 --blood ${blood} ${s})
expect_error("give --nuclide" --blood ${blood} ${s})
expect_error("give --s-rm-rm-mGy-per-MBq-s" --nuclide Lu-177 --blood ${blood})
expect_error("not a number" --nuclide Lu-177 --blood ${blood} --s-rm-rm-mGy-per-MBq-s fast)
expect_error("must be positive" --nuclide Lu-177 --blood ${blood} --s-rm-rm-mGy-per-MBq-s 0)
expect_error("give --blood" --nuclide Lu-177 ${s})
expect_error("--rmblr '0' must be positive" --nuclide Lu-177 --blood ${blood} ${s} --rmblr 0)
expect_error("--sex 'other'" --nuclide Lu-177 --blood ${blood} ${s} --sex other)
expect_error("not both" --nuclide Lu-177 --blood ${blood} ${s} --body-mass-kg 80 --red-marrow-mass-g 1000)
expect_error("needs an S value" --nuclide Lu-177 --blood ${blood} ${s} --remainder-tia-MBq-h 100)
expect_error("not the remainder's TIA" --nuclide Lu-177 --blood ${blood} ${s} --s-rm-rb-mGy-per-MBq-s 1e-6)
expect_error("needs --summary" --nuclide Lu-177 --blood ${blood} ${s} --s-rm-organ-mGy-per-MBq-s liver:1e-6)
expect_error("needs --summary" --nuclide Lu-177 --blood ${blood} ${s} --marrow-voi red_marrow)
expect_error("--marrow-voi 'spine' is not a VOI of the summary \\(VOIs: liver, kidney_left"
  --summary ${summary} --blood ${blood} ${s} --marrow-voi spine)
expect_error("'spleen' is not a VOI of the summary"
  --summary ${summary} --blood ${blood} ${s} --s-rm-organ-mGy-per-MBq-s spleen:1e-6)
expect_error("expected NAME:NUMBER" --summary ${summary} --blood ${blood} ${s} --s-rm-organ-mGy-per-MBq-s liver)
expect_error("is the marrow VOI"
  --summary ${summary} --blood ${blood} ${s} --s-rm-organ-mGy-per-MBq-s red_marrow_L2_L4:1e-6)
expect_error("but the summary is of Lu-177" --summary ${summary} --nuclide Y-90 --blood ${blood} ${s})
expect_error("unknown time-activity model" --nuclide Lu-177 --blood ${blood} ${s} --blood-model spline)
expect_error("cannot read the summary" --summary ${WORK_DIR}/missing.json --blood ${blood} ${s})
