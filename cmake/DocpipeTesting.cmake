# docpipe_add_test(<name> SOURCES <files...> [LINK <libs...>])
#
# A GoogleTest executable registered test by test with ctest. Tests get the
# source, build and plugin directories as compile definitions so they never
# depend on the working directory, and tests/support on their include path.
include(GoogleTest)
find_package(GTest REQUIRED)
function(docpipe_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINK" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE GTest::gmock GTest::gtest GTest::gtest_main ${ARG_LINK})
  target_compile_definitions(${name} PRIVATE
    DOCPIPE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    DOCPIPE_BINARY_DIR="${PROJECT_BINARY_DIR}"
    DOCPIPE_PLUGIN_DIR="${DOCPIPE_PLUGIN_OUTPUT_DIR}"
    DOCPIPE_TEST_PLUGIN_DIR="${PROJECT_BINARY_DIR}/tests/plugins"
    DOCPIPE_CLI="$<TARGET_FILE:docpipe>")
  # Shared test helpers (temporary directories, running the CLI): tests/support.
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 300)
endfunction()
