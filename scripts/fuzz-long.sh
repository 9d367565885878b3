#!/usr/bin/env bash
# The long fuzz run: thousands of seeded image mutants (plus the issue-11 regressions and the seeds), their reference
# verdicts from OpenCV 4.6 / Pillow 9.4 / djpeg, every case through both grey readers with and without
# --accept-corrupt (each decode repeated ten times), and every n-th case through `cosod eval` in a child process
# timed and measured with GNU time. Writes the tally to results/fuzz/long-run.json and long-run.md.
#   scripts/fuzz-long.sh [seed=2] [mutants=3000] [cli-every=3]
set -euo pipefail
cd "$(dirname "$0")/.."
seed=${1:-2}
count=${2:-3000}
every=${3:-3}
bash scripts/install-system-deps.sh python3-opencv python3-pil python3-numpy libjpeg-turbo-progs time
dotnet build Eval.sln -c Release --nologo -v q -clp:ErrorsOnly
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The run uses copies of the built tools, so that a build meanwhile cannot swap assemblies under it.
cp -r tests/CoSod.Fuzz/bin/Release/net10.0 "$work/fuzz"
cp -r src/CoSod.Cli/bin/Release/net10.0 "$work/cli"
dotnet "$work/fuzz/CoSod.Fuzz.dll" write "$work/corpus" long "$seed" "$count"
/usr/bin/python3 tests/CoSod.Fuzz/fuzz_oracle.py "$work/corpus" "$work/oracle.json"
dotnet "$work/fuzz/CoSod.Fuzz.dll" campaign "$work/corpus" "$work/oracle.json" "$work/cli/cosod.dll" results/fuzz "$every"
