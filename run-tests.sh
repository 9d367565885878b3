#!/usr/bin/env bash
# Builds the solution and runs every test, then prints one line "N passed, N failed, N skipped".
# Tests that need ../shared (the oracle fixtures from public repositories) skip visibly when it is
# absent; with COSOD_REQUIRE_SHARED=1 (as .ci/run sets) they fail instead.
set -uo pipefail
cd "$(dirname "$0")"

./scripts/install-system-deps.sh

# Test data: full-size checkpoints with the official key sets, written by real torch.save in both formats (3.2 GiB,
# so generated, not committed; idempotent, ~16 s the first time). They are made from ../shared's state-dict listings
# with Debian's python3-torch; without either, the tests that read them skip visibly (and fail in CI).
generated="tests/CoSod.Tests/bin/generated-checkpoints"
shared="${COSOD_SHARED_DIR:-../shared}"
if [[ -d "$shared/docs/state-dicts" ]] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  /usr/bin/python3 scripts/make-test-checkpoints.py --state-dicts "$shared/docs/state-dicts" "$generated" >/dev/null \
    || echo "run-tests: scripts/make-test-checkpoints.py failed; the full-size checkpoint tests will say so" >&2
else
  echo "run-tests: ../shared or python3-torch missing: the full-size checkpoint tests cannot run" >&2
fi

results="TestResults"
rm -rf "$results"
dotnet test Eval.sln -c Release --nologo \
  --logger "trx;LogFileName=tests.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@"
status=$?

trx=$(find "$results" -name '*.trx' | head -n 1)
if [[ -z "$trx" ]]; then
  mkdir -p "$results"
  echo "0 passed, 1 failed, 0 skipped" | tee "$results/summary.txt"
  echo "run-tests: no test results were written (the build probably failed; see above)" >&2
  exit 1
fi

counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
total=$(count total)
executed=$(count executed)
passed=$(count passed)
failed=$(count failed)
errors=$(count error)
failed=$(( ${failed:-0} + ${errors:-0} ))
# The TRX logger counts a skipped test as not executed, not under notExecuted.
skipped=$(( ${total:-0} - ${executed:-0} ))
summary="${passed:-0} passed, ${failed} failed, ${skipped} skipped"
echo "$summary" | tee "$results/summary.txt"

if (( status != 0 || failed > 0 )); then
  exit 1
fi
