# Runs shellcheck on tools/dev and every *.sh under the repository (outside build/).
file(GLOB_RECURSE scripts ${ROOT}/*.sh)
list(FILTER scripts EXCLUDE REGEX "/build/")
list(APPEND scripts ${ROOT}/tools/dev ${ROOT}/.ci/run)
execute_process(COMMAND ${SHELLCHECK} -x ${scripts} WORKING_DIRECTORY ${ROOT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "shellcheck found problems (above)")
endif()
