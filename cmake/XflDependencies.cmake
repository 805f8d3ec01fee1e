# Every third-party library comes from a Debian package (see ops/install-deps.sh).
find_package(Threads REQUIRED)
find_package(RocksDB 7 CONFIG REQUIRED)
find_package(cereal 1.3 CONFIG REQUIRED)
find_package(RapidJSON CONFIG REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(ZLIB REQUIRED)  # gzip of the web application's files
find_package(fmt 9 CONFIG REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(RDKAFKA REQUIRED IMPORTED_TARGET rdkafka>=2.0)
# .xlsx sheets: libzip unpacks the archive's parts, expat parses their XML as it comes.
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip>=1.7)
pkg_check_modules(EXPAT REQUIRED IMPORTED_TARGET expat>=2.5)
# .xlsx exports (and the tests' own workbooks, written independently of the reader).
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)

# Debian's civetweb-config.cmake insists on /usr/bin/civetweb (package `civetweb`); we only need
# the libraries, so find them directly and stay independent of that packaging bug.
find_path(CIVETWEB_INCLUDE_DIR civetweb.h REQUIRED)
find_library(CIVETWEB_LIB civetweb REQUIRED)
add_library(xfl_civetweb INTERFACE)
target_include_directories(xfl_civetweb SYSTEM INTERFACE ${CIVETWEB_INCLUDE_DIR})
target_link_libraries(xfl_civetweb INTERFACE ${CIVETWEB_LIB} ${CMAKE_DL_LIBS} Threads::Threads)
add_library(xfl::civetweb ALIAS xfl_civetweb)

if(XFL_BUILD_TESTS)
  find_package(Catch2 2 CONFIG REQUIRED)
  include(Catch)
endif()
