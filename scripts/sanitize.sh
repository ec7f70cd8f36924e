#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer (with LeakSanitizer, on by default on Linux) and then
# under ThreadSanitizer, each in its own scratch path so the normal .build stays untouched.
# Slow (each sanitizer build takes several minutes): not part of .ci/run.
#   scripts/sanitize.sh            both
#   scripts/sanitize.sh address    one of address, thread
# Findings are failures: exit status is non-zero if any test fails or a sanitizer reports.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
kinds=("${@:-address thread}")
read -r -a kinds <<< "${kinds[*]}"
status=0
for kind in "${kinds[@]}"; do
    case "$kind" in
        address)
            scratch=.build-asan
            export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0"
            export LSAN_OPTIONS="suppressions=$here/scripts/sanitizers/lsan.supp:print_suppressions=0"
            ;;
        thread)
            scratch=.build-tsan
            export TSAN_OPTIONS="halt_on_error=1:suppressions=$here/scripts/sanitizers/tsan.supp"
            ;;
        *) echo "unknown sanitizer '$kind': use address or thread" >&2; exit 64 ;;
    esac
    echo "== $kind sanitizer: building in $scratch"
    swift build --build-tests --sanitize="$kind" --scratch-path "$scratch"
    echo "== $kind sanitizer: testing"
    if ! swift test --skip-build --sanitize="$kind" --scratch-path "$scratch"; then
        echo "== $kind sanitizer: FAILED" >&2
        status=1
    fi
done
exit "$status"
