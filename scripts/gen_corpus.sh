#!/usr/bin/env bash
# Rewrites the seed corpora in corpus/ from fuzz/corpus_gen.cc, reproducibly.
# Run after changing a target's input layout or adding seeds; commit the
# result. (ctest's corpus_reproducible fails when the two drift apart.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
cmake --preset release >/dev/null
cmake --build --preset release --target rampart_corpus_gen >/dev/null
build/release/bin/rampart_corpus_gen write corpus
