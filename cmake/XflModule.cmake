# Project-wide compile settings applied to every target of ours.
add_library(xfl_warnings INTERFACE)
target_compile_options(xfl_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  # GCC 12 reports std::string concatenation as overlapping memcpy at -O2 (GCC bug 105651).
  -Wno-restrict)
if(XFL_SANITIZE)
  target_compile_options(xfl_warnings INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(xfl_warnings INTERFACE -fsanitize=address,undefined)
endif()

# xfl_add_module(NAME <name> [DEPS <public deps>...] [PRIVATE_DEPS <deps>...])
# Builds <name>/src/*.cpp into the library xfl::<name> whose public headers live in
# <name>/include/xfl/<name>/.
function(xfl_add_module)
  cmake_parse_arguments(M "" "NAME" "DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/*.cpp)
  add_library(xfl_${M_NAME} STATIC ${sources})
  add_library(xfl::${M_NAME} ALIAS xfl_${M_NAME})
  target_include_directories(xfl_${M_NAME}
    PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(xfl_${M_NAME} PUBLIC ${M_DEPS} xfl_warnings PRIVATE ${M_PRIVATE_DEPS})
endfunction()

# xfl_embed_text(<target> <symbol> <file>): compiles a text file into <target> as
# `const char xfl::api::<symbol>[]`.
function(xfl_embed_text target symbol file)
  file(READ ${file} content)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_${symbol}.cpp)
  file(CONFIGURE OUTPUT ${out} @ONLY CONTENT
"// Generated from ${file}; do not edit.
namespace xfl::api {
extern const char ${symbol}[];
const char ${symbol}[] = R\"xfl_embedded(@content@)xfl_embedded\";
}  // namespace xfl::api
")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
  target_sources(${target} PRIVATE ${out})
endfunction()
