# Runs filter.length between the installed first-party plugins on data/ and
# checks which documents come out. Written as a CMake script so the template
# needs nothing beyond CMake to test itself.
#   cmake -DDOCPIPE=... -DPLUGIN_DIR=... -DDATA_DIR=... -DOUT=... -P run_pipeline.cmake
foreach(var IN ITEMS DOCPIPE PLUGIN_DIR DATA_DIR OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_pipeline.cmake needs -D${var}=...")
  endif()
endforeach()

file(REMOVE "${OUT}")
set(pipeline "fetch.files path=${DATA_DIR} ! clean.html ! filter.length min_chars=100 ! export.jsonl path=${OUT} overwrite=true")
execute_process(
  COMMAND "${DOCPIPE}" run "${pipeline}" --threads 2 --plugin-path "${PLUGIN_DIR}"
  RESULT_VARIABLE exit_code)
if(NOT exit_code EQUAL 0)
  message(FATAL_ERROR "docpipe run '${pipeline}' exited with ${exit_code}")
endif()

# The output is JSON Lines; walk it with string(FIND) rather than as a CMake
# list, because text containing ';' would split a list item.
file(READ "${OUT}" rest)
set(ids "")
while(NOT rest STREQUAL "")
  string(FIND "${rest}" "\n" newline)
  if(newline EQUAL -1)
    set(line "${rest}")
    set(rest "")
  else()
    string(SUBSTRING "${rest}" 0 ${newline} line)
    math(EXPR after "${newline} + 1")
    string(SUBSTRING "${rest}" ${after} -1 rest)
  endif()
  if(NOT line STREQUAL "")
    string(JSON id GET "${line}" id)
    list(APPEND ids "${id}")
  endif()
endwhile()

# long-article.html has well over 100 characters; short-page.html has a few;
# cjk-brief.html has fewer than 100 code points but more than 100 bytes, so it
# is dropped only if characters are counted, not bytes.
set(expected "long-article.html")
if(NOT ids STREQUAL expected)
  message(FATAL_ERROR "expected ids [${expected}] in ${OUT}, got [${ids}]")
endif()
message(STATUS "filter.length kept [${ids}] as expected")
