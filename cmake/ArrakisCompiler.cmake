# Compiler set-up shared by every target: ccache, warnings, sanitizers.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_C_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()

add_compile_options(-Wall -Wextra)
if(ARRAKIS_WERROR)
  add_compile_options(-Werror)
endif()

if(ARRAKIS_SANITIZE)
  # vptr is off: cpprestsdk's stream buffers trip a false cross-DSO typeinfo report (env.md, gotcha 4).
  set(_san -fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer)
  add_compile_options(${_san})
  add_link_options(${_san})
endif()

# cpprestsdk's U() macro breaks fmt/spdlog; std::string is utility::string_t on Linux anyway.
add_compile_definitions(_TURN_OFF_PLATFORM_STRING)

# Adds every sub-folder of the current folder that has a CMakeLists.txt, in name order, so a new
# plugin, tool or test suite joins the build without an edit to a shared file.
function(arrakis_add_child_directories)
  file(GLOB _children LIST_DIRECTORIES true RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/*)
  list(SORT _children)
  foreach(_child IN LISTS _children)
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${_child}/CMakeLists.txt)
      add_subdirectory(${_child})
    endif()
  endforeach()
endfunction()
