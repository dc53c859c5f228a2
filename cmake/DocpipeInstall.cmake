# Installs the CMake package third-party plugin projects find with
# find_package(docpipe CONFIG REQUIRED): targets docpipe::sdk and
# docpipe::docpipe (the CLI), and the docpipe_add_plugin() function.
include(CMakePackageConfigHelpers)
set(DOCPIPE_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/docpipe)
install(EXPORT docpipeTargets NAMESPACE docpipe:: DESTINATION ${DOCPIPE_CMAKE_INSTALL_DIR})
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/docpipeConfig.cmake.in
  ${PROJECT_BINARY_DIR}/docpipeConfig.cmake
  INSTALL_DESTINATION ${DOCPIPE_CMAKE_INSTALL_DIR}
  PATH_VARS DOCPIPE_PLUGIN_INSTALL_DIR)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/docpipeConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/docpipeConfig.cmake
  ${PROJECT_BINARY_DIR}/docpipeConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/DocpipePlugin.cmake
  DESTINATION ${DOCPIPE_CMAKE_INSTALL_DIR})

# The plugin author's guide and the two example plugin projects, so that an
# installed docpipe is enough to start a plugin: copy
# <prefix>/share/doc/docpipe/examples/plugin-template and build it.
install(FILES ${PROJECT_SOURCE_DIR}/docs/plugins.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY
  ${PROJECT_SOURCE_DIR}/examples/plugin-template
  ${PROJECT_SOURCE_DIR}/examples/c-plugin
  DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples
  REGEX "/build[^/]*$" EXCLUDE)
