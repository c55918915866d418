# `cmake --install`: the public headers under include/rampart/, the
# libraries, the `rampart` command (tools/CMakeLists.txt), a CMake package
# (find_package(rampart CONFIG): rampart::core, rampart::dns, rampart::netdev) and
# rampart.pc for pkg-config. The headers of src/ (base, wire, udp, stack)
# and netdev/ are the public surface; tests, fuzz harnesses, tools and
# benchmarks are not installed.
include(CMakePackageConfigHelpers)

set(RAMPART_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/rampart)

install(TARGETS rampart_core rampart_dns rampart_netdev EXPORT rampartTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rampart
  FILES_MATCHING PATTERN "*.h")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/netdev/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rampart/netdev
  FILES_MATCHING PATTERN "*.h")
install(FILES ${PROJECT_BINARY_DIR}/generated/base/version.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rampart/base)

install(EXPORT rampartTargets NAMESPACE rampart:: DESTINATION ${RAMPART_CMAKE_DIR}
  FILE rampartTargets.cmake)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/rampartConfig.cmake.in
  ${PROJECT_BINARY_DIR}/rampartConfig.cmake INSTALL_DESTINATION ${RAMPART_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/rampartConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/rampartConfig.cmake
  ${PROJECT_BINARY_DIR}/rampartConfigVersion.cmake DESTINATION ${RAMPART_CMAKE_DIR})

# pkg-config: static libraries, so their dependencies are in Requires.
set(RAMPART_PC_REQUIRES "absl_status absl_statusor absl_flat_hash_map absl_strings absl_str_format absl_hash")
set(RAMPART_PC_CFLAGS "")
if(RAMPART_WITH_PCAP)
  string(APPEND RAMPART_PC_REQUIRES " libpcap")
  set(RAMPART_PC_CFLAGS "-DRAMPART_WITH_PCAP=1")
endif()
# Relocatable: the prefix is found from where the .pc file lies, so
# `cmake --install --prefix ANYWHERE` works.
file(RELATIVE_PATH RAMPART_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
configure_file(${PROJECT_SOURCE_DIR}/cmake/rampart.pc.in ${PROJECT_BINARY_DIR}/rampart.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/rampart.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
