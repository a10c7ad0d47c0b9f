# Warnings, sanitizers and compiler cache shared by every rptdose target.
function(rptdose_enable_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
endfunction()

if(RPTDOSE_SANITIZE)
  # ASan + UBSan for the whole build (tests included); UBSan aborts on the first report so CTest fails.
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(RPTDOSE_FUZZ)
  # libFuzzer (fuzz/CMakeLists.txt): every library instrumented for coverage and checked by ASan + UBSan; the
  # fuzz_* programs add -fsanitize=fuzzer (libFuzzer's main). clang only (Debian: clang-14, libclang-rt-14-dev).
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "RPTDOSE_FUZZ needs clang (configure with -DCMAKE_CXX_COMPILER=clang++-14; scripts/fuzz.sh does)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(RPTDOSE_USE_CCACHE)
  find_program(RPTDOSE_CCACHE ccache)
  if(RPTDOSE_CCACHE)
    set(CMAKE_CXX_COMPILER_LAUNCHER ${RPTDOSE_CCACHE})
  endif()
endif()
