# docpipe_add_plugin(<target> SOURCES <files...> [LINK <libs...>] [OUTPUT_DIR <dir>] [NO_INSTALL])
#
# Builds a docpipe plugin: a MODULE library named docpipe-<target>.so, with
# hidden visibility (only the ABI tag and the entry function are exported),
# linked against the SDK alone. Used by first-party plugins in this tree and,
# through find_package(docpipe), by third-party plugin projects.
function(docpipe_add_plugin target)
  cmake_parse_arguments(ARG "NO_INSTALL" "OUTPUT_DIR" "SOURCES;LINK" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "docpipe_add_plugin(${target}): SOURCES is required")
  endif()
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE docpipe::sdk ${ARG_LINK})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "docpipe-${target}"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  # A plugin must resolve every symbol when it is built, not when it is loaded.
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
  if(ARG_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIR})
  elseif(DEFINED DOCPIPE_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${DOCPIPE_PLUGIN_OUTPUT_DIR})
  endif()
  if(NOT ARG_NO_INSTALL)
    if(NOT DEFINED DOCPIPE_PLUGIN_INSTALL_DIR)
      include(GNUInstallDirs)
      set(DOCPIPE_PLUGIN_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/docpipe/plugins)
    endif()
    install(TARGETS ${target} LIBRARY DESTINATION ${DOCPIPE_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
