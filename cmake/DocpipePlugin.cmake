# docpipe_add_plugin(<target> SOURCES <files...> [LINK <libs...>] [OUTPUT_DIR <dir>] [NO_INSTALL])
#
# Builds a docpipe plugin: a MODULE library named docpipe-<target>.so that
# exports only the ABI tag and the entry function, linked against the SDK
# alone. Used by first-party plugins in this tree and, through
# find_package(docpipe), by third-party plugin projects (C or C++).
#
# The library lands in OUTPUT_DIR, else DOCPIPE_PLUGIN_OUTPUT_DIR when set (the
# docpipe tree sets it), else the target's usual output directory. Unless
# NO_INSTALL, `cmake --install` puts it in <prefix>/${DOCPIPE_PLUGIN_INSTALL_DIR}.
function(docpipe_add_plugin target)
  cmake_parse_arguments(ARG "NO_INSTALL" "OUTPUT_DIR" "SOURCES;LINK" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "docpipe_add_plugin(${target}): SOURCES is required")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "docpipe_add_plugin(${target}): unexpected arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE docpipe::sdk ${ARG_LINK})
  # plugin.hpp needs C++20 (concepts); plugin.h is C11. Only ask for the
  # languages the calling project enabled, so a C-only project configures.
  get_property(enabled_languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  if(CXX IN_LIST enabled_languages)
    target_compile_features(${target} PRIVATE cxx_std_20)
  endif()
  if(C IN_LIST enabled_languages)
    target_compile_features(${target} PRIVATE c_std_11)
  endif()
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "docpipe-${target}"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  # Hidden visibility alone still exports the weak instantiations of standard
  # library templates (std::map internals, say), which could interpose between
  # plugins; the version script keeps the exports to the ABI's two symbols.
  set(exports_map "${CMAKE_BINARY_DIR}/docpipe-plugin-exports.map")
  file(CONFIGURE OUTPUT "${exports_map}" CONTENT
    "{\n  global:\n    docpipe_plugin_abi;\n    docpipe_plugin_entry_v*;\n  local:\n    *;\n};\n")
  # A plugin must resolve every symbol when it is built, not when it is loaded.
  target_link_options(${target} PRIVATE
    "LINKER:--no-undefined"
    "LINKER:--version-script=${exports_map}")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${exports_map}")
  if(ARG_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIR})
  elseif(DEFINED DOCPIPE_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${DOCPIPE_PLUGIN_OUTPUT_DIR})
  endif()
  if(NOT ARG_NO_INSTALL)
    set(install_dir "${DOCPIPE_PLUGIN_INSTALL_DIR}")
    if(NOT install_dir)
      include(GNUInstallDirs)
      set(install_dir "${CMAKE_INSTALL_LIBDIR}/docpipe/plugins")
    endif()
    install(TARGETS ${target} LIBRARY DESTINATION "${install_dir}")
  endif()
endfunction()
