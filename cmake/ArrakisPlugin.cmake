# arrakis_add_plugin(<target> SOURCES ... [LIBS ...] [OUTPUT_NAME n] [OUTPUT_DIRECTORY d] [DEFINITIONS ...])
#
# Builds lib<name>.so, a plugin the worker can load, unload and reload:
#  - hidden visibility: the only exported symbol is the ABI entry point;
#  - -fno-gnu-unique: g++ would otherwise mark inline statics STB_GNU_UNIQUE and dlclose
#    could never unmap the library (env.md, gotcha 2);
#  - -Wl,--no-undefined: a plugin reaches the host only through the service table, so it
#    must not depend on any symbol the host would have to provide.
# Every plugin is also collected into ${ARRAKIS_PLUGIN_BUILD_DIR}, the demo's plugin directory.
if(NOT TARGET arrakis-plugins)
  add_custom_target(arrakis-plugins ALL)
endif()

# Test fixtures pass OUTPUT_DIRECTORY so they stay out of the demo's plugin directory.
function(arrakis_add_plugin name)
  cmake_parse_arguments(P "" "OUTPUT_NAME;OUTPUT_DIRECTORY" "SOURCES;LIBS;DEFINITIONS" ${ARGN})
  if(NOT P_OUTPUT_NAME)
    set(P_OUTPUT_NAME ${name})
  endif()
  if(NOT P_OUTPUT_DIRECTORY)
    set(P_OUTPUT_DIRECTORY ${ARRAKIS_PLUGIN_BUILD_DIR})
  endif()
  add_library(${name} MODULE ${P_SOURCES})
  target_link_libraries(${name} PRIVATE arrakis::plugin-api ${P_LIBS})
  target_compile_definitions(${name} PRIVATE ${P_DEFINITIONS})
  set_target_properties(${name} PROPERTIES
    PREFIX "lib"
    OUTPUT_NAME ${P_OUTPUT_NAME}
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${P_OUTPUT_DIRECTORY})
  target_compile_options(${name} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-fno-gnu-unique>)
  # Sanitizer runtimes are provided by the host executable, so --no-undefined cannot hold there.
  if(NOT ARRAKIS_SANITIZE)
    target_link_options(${name} PRIVATE -Wl,--no-undefined)
  endif()
  add_dependencies(arrakis-plugins ${name})
  if(TARGET arrakis-unit-tests)
    add_dependencies(arrakis-unit-tests ${name})
  endif()
endfunction()
