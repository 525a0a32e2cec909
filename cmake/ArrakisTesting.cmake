# arrakis_add_test(<name> LABEL unit|integration SOURCES ... [LIBS ...])
#
# Builds one GoogleTest program and registers each of its tests with ctest under the label.
# `tools/dev test` runs every label with the servers up, then `-L unit` again under ASan/UBSan.
# Every unit test program is also added to the `arrakis-unit-tests` target so the sanitizer
# build compiles only what it runs.
include(GoogleTest)
if(NOT TARGET arrakis-unit-tests)
  add_custom_target(arrakis-unit-tests)
endif()

function(arrakis_add_test name)
  cmake_parse_arguments(T "" "LABEL" "SOURCES;LIBS;DEPENDS" ${ARGN})
  if(NOT T_LABEL MATCHES "^(unit|integration)$")
    message(FATAL_ERROR "arrakis_add_test(${name}): LABEL must be unit or integration")
  endif()
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    ARRAKIS_SOURCE_ROOT="${ARRAKIS_SOURCE_ROOT}"
    ARRAKIS_PLUGIN_BUILD_DIR="${ARRAKIS_PLUGIN_BUILD_DIR}")
  if(T_DEPENDS)
    add_dependencies(${name} ${T_DEPENDS})
  endif()
  gtest_discover_tests(${name}
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS ${T_LABEL} TIMEOUT 300)
  if(T_LABEL STREQUAL "unit")
    add_dependencies(arrakis-unit-tests ${name})
  endif()
endfunction()
