# run_rptdose(EXPECTED_CODE OUT_VAR args...): runs ${RPTDOSE} with the arguments, fails unless it exits with
# EXPECTED_CODE, and returns stdout + stderr in OUT_VAR. Shared by the CLI contract scripts.
function(run_rptdose expected_code out_var)
  execute_process(COMMAND ${RPTDOSE} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL expected_code)
    message(FATAL_ERROR "rptdose ${ARGN}: exit code ${code}, expected ${expected_code}\nstdout: ${out}\nstderr: ${err}")
  endif()
  set(${out_var} "${out}${err}" PARENT_SCOPE)
endfunction()
