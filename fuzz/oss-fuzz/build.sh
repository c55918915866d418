#!/bin/bash -eu
# OSS-Fuzz-style build of rampart's fuzz targets. Run by the service as
# `bash -eux $SRC/build.sh` from the rampart checkout (the Dockerfile's
# WORKDIR). Uses only the service's variables: CC CXX CFLAGS CXXFLAGS
# LIB_FUZZING_ENGINE SRC WORK OUT SANITIZER FUZZING_ENGINE.
#
# Writes into $OUT every target, plus <target>_seed_corpus.zip,
# <target>.dict (where one exists) and <target>.options.

project=$(pwd)
[ -f "$project/CMakeLists.txt" ] && [ -d "$project/fuzz" ] || {
  echo "build.sh: run me from the rampart checkout" >&2
  exit 1
}

# Abseil: the service clones it into $SRC/abseil-cpp (see the Dockerfile)
# and it is built here, with the service's compiler and flags, so it is
# instrumented and uses the same C++ library. Without that clone (a local
# emulation) the system's Abseil is used.
prefix_path=""
if [ -d "$SRC/abseil-cpp" ]; then
  cmake -S "$SRC/abseil-cpp" -B "$WORK/abseil-build" -G Ninja \
    -DCMAKE_BUILD_TYPE= -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
    -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" -DCMAKE_CXX_STANDARD=20 \
    -DABSL_PROPAGATE_CXX_STD=ON -DABSL_BUILD_TESTING=OFF -DCMAKE_INSTALL_PREFIX="$WORK/abseil"
  cmake --build "$WORK/abseil-build"
  cmake --install "$WORK/abseil-build"
  prefix_path="-DCMAKE_PREFIX_PATH=$WORK/abseil"
fi

# ldns, the second DNS implementation fuzz_dns_message compares with: the
# service clones it into $SRC/ldns (see the Dockerfile) and it is built here
# as a static library without OpenSSL (the parser needs none), so the
# targets run on the service's runner, which has no libldns. Without that
# clone the system's ldns is used (pkg-config).
if [ -d "$SRC/ldns" ]; then
  (
    cd "$SRC/ldns"
    [ -x configure ] || { libtoolize --force --copy --install && autoreconf -fi; }
    ./configure --prefix="$WORK/ldns" --disable-shared --enable-static --with-pic \
      --without-ssl --disable-dane --disable-gost --disable-ecdsa --disable-ed25519 \
      --disable-ed448 --without-drill --without-examples --without-pyldns --without-pyldnsx \
      CC="$CC" CFLAGS="$CFLAGS"
    make -j"$(nproc)" lib
    make install-h install-lib
  )
  # The fuzz build finds ldns through pkg-config; a release's install-lib
  # may not install a .pc file, so one is written for the static library.
  mkdir -p "$WORK/ldns/lib/pkgconfig"
  cat >"$WORK/ldns/lib/pkgconfig/ldns.pc" <<PC
prefix=$WORK/ldns
Name: ldns
Description: ldns, static, without OpenSSL (built for fuzz_dns_message)
Version: 1.8.3
Libs: -L\${prefix}/lib -lldns
Cflags: -I\${prefix}/include
PC
  export PKG_CONFIG_PATH="$WORK/ldns/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
fi

mutators=OFF
[ "$FUZZING_ENGINE" = "libfuzzer" ] && mutators=ON
cmake -S "$project" -B "$WORK/rampart-build-$FUZZING_ENGINE-$SANITIZER" -G Ninja \
  -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="$CXXFLAGS -std=c++20" \
  -DRAMPART_FUZZ_ENGINE=external -DRAMPART_LIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" \
  -DRAMPART_LIBFUZZER_MUTATORS=$mutators -DRAMPART_WERROR=OFF -DRAMPART_BUILD_TESTS=OFF \
  -DRAMPART_WITH_PCAP=OFF \
  $prefix_path
cmake --build "$WORK/rampart-build-$FUZZING_ENGINE-$SANITIZER"

for binary in "$WORK/rampart-build-$FUZZING_ENGINE-$SANITIZER"/bin/fuzz_*; do
  target=${binary##*/fuzz_}
  cp "$binary" "$OUT/$target"
  (cd "$project/corpus/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
  [ -f "$project/fuzz/$target.dict" ] && cp "$project/fuzz/$target.dict" "$OUT/$target.dict"
  [ -f "$project/fuzz/$target.options" ] && cp "$project/fuzz/$target.options" "$OUT/$target.options"
done
echo "build.sh: $(ls "$OUT" | grep -vc '\.') targets in $OUT ($FUZZING_ENGINE, $SANITIZER)"
