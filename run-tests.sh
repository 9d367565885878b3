#!/usr/bin/env bash
# Packs the two tool packages, builds the solution and runs every test, then prints one line
# "N passed, N failed, N skipped".
# Tests that need ../shared (the oracle fixtures from public repositories) skip visibly when it is
# absent; with COSOD_REQUIRE_SHARED=1 (as .ci/run sets) they fail instead.
set -uo pipefail
cd "$(dirname "$0")"

./scripts/install-system-deps.sh

# The full-size checkpoint tests make their own files and delete them (tests/CoSod.Tests/Models/GeneratedCheckpoints.cs);
# a clone that ran the old pre-generation step still holds 3.3 GB of them here.
obsolete="tests/CoSod.Tests/bin/generated-checkpoints"
if [[ -d "$obsolete" ]]; then
  echo "run-tests: removing $obsolete (3.3 GB of checkpoints the tests now make and delete one at a time)" >&2
  rm -rf "$obsolete"
fi

# The two .NET tool packages (artifacts/packages): the tests read their listings, install cosod into a temporary tool
# path and evaluate the bundled sample with it. A failed pack fails those tests, which say why.
rm -f artifacts/packages/cosod.*.nupkg artifacts/packages/cosod-models.*.nupkg
./scripts/pack-tools.sh all >/dev/null || echo "run-tests: scripts/pack-tools.sh failed; the package tests will fail" >&2

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
