# The Debian package (`cpack -G DEB` in a build folder): the programs in /usr/bin, the plugins in
# /opt/arrakis/plugins, the systemd units, and infrastructure/ (migrations, RabbitMQ topology,
# Terraform, Dockerfile) under /usr/share/arrakis so a host can migrate and set up its broker.
# Programs install themselves (install(TARGETS) in their own folder); this file adds the rest.

set(ARRAKIS_PLUGIN_INSTALL_DIR /opt/arrakis/plugins)

# Every plugin the build collects (test fixtures are built elsewhere). The folder exists even
# before the first plugin is built, so an install never fails on it.
file(MAKE_DIRECTORY ${ARRAKIS_PLUGIN_BUILD_DIR})
install(DIRECTORY DESTINATION ${ARRAKIS_PLUGIN_INSTALL_DIR})
install(DIRECTORY ${ARRAKIS_PLUGIN_BUILD_DIR}/ DESTINATION ${ARRAKIS_PLUGIN_INSTALL_DIR}
  FILES_MATCHING PATTERN "lib*.so")

# Programs that may not install themselves (yet): installing a target twice is harmless.
# (A folder may stand in a custom target while its program is not buildable yet: skip those.)
foreach(program arrakis-worker arrakis-ingestor arrakisctl arrakis-migrate)
  if(TARGET ${program})
    get_target_property(type ${program} TYPE)
    if(type STREQUAL "EXECUTABLE")
      install(TARGETS ${program} RUNTIME DESTINATION bin)
    endif()
  endif()
endforeach()

install(DIRECTORY ${ARRAKIS_SOURCE_ROOT}/infrastructure/ DESTINATION share/arrakis/infrastructure
  USE_SOURCE_PERMISSIONS
  PATTERN ".terraform" EXCLUDE
  PATTERN "*.tfstate*" EXCLUDE
  PATTERN "debian" EXCLUDE)
install(FILES
  ${ARRAKIS_SOURCE_ROOT}/infrastructure/systemd/arrakis-worker.service
  ${ARRAKIS_SOURCE_ROOT}/infrastructure/systemd/arrakis-ingestor.service
  ${ARRAKIS_SOURCE_ROOT}/infrastructure/systemd/arrakis-migrate.service
  DESTINATION lib/systemd/system)
install(FILES ${ARRAKIS_SOURCE_ROOT}/README.md ${ARRAKIS_SOURCE_ROOT}/infrastructure/systemd/arrakis.env.example
  DESTINATION share/doc/arrakis)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME arrakis)
set(CPACK_PACKAGE_VENDOR "Arrakis")
set(CPACK_PACKAGE_CONTACT "Arrakis maintainers <maintainers@arrakis.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Discord bot back end: gateway ingestor, plugin-host worker, plugins")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
# Depends: computed from the installed binaries' shared libraries (dpkg-shlibdeps).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "curl, ca-certificates")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${ARRAKIS_SOURCE_ROOT}/infrastructure/debian/postinst)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
