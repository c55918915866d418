#!/bin/bash -eu
# ClusterFuzzLite uses the OSS-Fuzz-style build unchanged.
exec bash -eu "$SRC/rampart/fuzz/oss-fuzz/build.sh"
