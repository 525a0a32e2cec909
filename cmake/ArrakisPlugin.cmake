# arrakis_add_plugin(<name> SOURCES ... [LIBS ...])
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

function(arrakis_add_plugin name)
  cmake_parse_arguments(P "" "" "SOURCES;LIBS" ${ARGN})
  add_library(${name} MODULE ${P_SOURCES})
  target_link_libraries(${name} PRIVATE arrakis::plugin-api ${P_LIBS})
  set_target_properties(${name} PROPERTIES
    PREFIX "lib"
    OUTPUT_NAME ${name}
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${ARRAKIS_PLUGIN_BUILD_DIR})
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
