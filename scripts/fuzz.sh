#!/usr/bin/env bash
# libFuzzer over the whole pipeline (decode, validate, formulate, solve, explain, render), under
# AddressSanitizer, for a bounded time. The harness is the separate package Fuzz/, which depends on ../.
#   scripts/fuzz.sh [SECONDS]      default 60; extra arguments after SECONDS go to libFuzzer
# Seeds come from models/ and fixtures/; the growing corpus stays in Fuzz/.corpus (not committed).
# A crash, leak or timeout leaves its input in Fuzz/artifacts/; turn it into a fixture in fixtures/hostile/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
scripts/install-dependencies >/dev/null 2>&1 || true
swift build --package-path Fuzz --scratch-path Fuzz/.build-fuzz -c debug \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
binary=$(swift build --package-path Fuzz --scratch-path Fuzz/.build-fuzz -c debug --show-bin-path)/FuzzPipeline
mkdir -p Fuzz/.corpus Fuzz/artifacts
find models fixtures -type f \( -name '*.yaml' -o -name '*.json' \) -exec cp {} Fuzz/.corpus/ \;
cp fixtures/hostile/binary-file fixtures/hostile/empty-file Fuzz/.corpus/
export ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$(pwd)/scripts/sanitizers/lsan.supp:print_suppressions=0"
# -timeout: one input may take at most 10 s (solves are limited to 200 ms each); -rss_limit_mb bounds memory.
exec "$binary" Fuzz/.corpus -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix=Fuzz/artifacts/ -print_final_stats=1 "$@"
