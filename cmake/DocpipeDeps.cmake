# Dependencies of the host and the first-party plugins, all Debian 12 packages
# (scripts/install-deps.sh installs them). Plugins find their own here too.
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED COMPONENTS program_options json)
find_package(pugixml REQUIRED)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(ZLIB REQUIRED)
find_package(ICU REQUIRED COMPONENTS uc i18n)
find_package(PkgConfig REQUIRED)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(UCHARDET REQUIRED IMPORTED_TARGET uchardet)

# myhtml (Debian's libmodest-dev) ships neither CMake nor pkg-config files.
find_path(MYHTML_INCLUDE_DIR myhtml/api.h REQUIRED)
find_library(MODEST_LIBRARY modest REQUIRED)
if(NOT TARGET docpipe::myhtml)
  add_library(docpipe::myhtml UNKNOWN IMPORTED)
  set_target_properties(docpipe::myhtml PROPERTIES
    IMPORTED_LOCATION ${MODEST_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${MYHTML_INCLUDE_DIR})
endif()

# fetch.http: libcurl's multi interface (Debian's libcurl4-openssl-dev).
find_package(CURL REQUIRED)

# WARC records (plugins/support/warc): SHA-1 for WARC-Block-Digest and random
# record ids from libcrypto (Debian's libssl-dev).
find_package(OpenSSL REQUIRED COMPONENTS Crypto)

# export.sqlite: Debian's SQLite 3.40 (FTS5 and its trigram tokenizer built in).
find_package(SQLite3 REQUIRED)

# clean.html's language identification: Debian's libcld2-dev ships neither
# CMake nor pkg-config files. libcld2 (not _full) has the default 83-language
# tables, zh and en included.
find_path(CLD2_INCLUDE_DIR cld2/public/compact_lang_det.h REQUIRED)
find_library(CLD2_LIBRARY cld2 REQUIRED)
if(NOT TARGET docpipe::cld2)
  add_library(docpipe::cld2 UNKNOWN IMPORTED)
  set_target_properties(docpipe::cld2 PROPERTIES
    IMPORTED_LOCATION ${CLD2_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${CLD2_INCLUDE_DIR})
endif()
