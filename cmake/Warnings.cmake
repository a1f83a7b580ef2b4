# Project-wide warning set, applied through an interface target so third-party
# headers (included as SYSTEM) stay quiet.
add_library(risk_warnings INTERFACE)
target_compile_options(risk_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
  # GCC 12 reports false -Wrestrict positives on std::string concatenation at -O2
  # (GCC bug 105329); the warning stays on for every other compiler.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
  # Rule specs and statuses are written with designated initializers that leave
  # optional members at their defaults on purpose (src/rules/rule.hpp); GCC 12
  # flags every omitted member of such an initializer.
  -Wno-missing-field-initializers)
if(RISK_WERROR)
  target_compile_options(risk_warnings INTERFACE -Werror)
endif()

# risk_add_library(name SOURCES...) and risk_add_executable: every project target
# gets the warnings and the src/ include root.
function(risk_target_defaults target)
  target_link_libraries(${target} PRIVATE risk_warnings)
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
endfunction()
