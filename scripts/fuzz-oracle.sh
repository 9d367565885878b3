#!/usr/bin/env bash
# Regenerates tests/CoSod.Fuzz/oracle-ci.json, the reference verdicts of the CI fuzz corpus, after the generator or
# its seeds changed: writes the corpus with the fuzz tool and runs tests/CoSod.Fuzz/fuzz_oracle.py on it with Debian 12's
# python3-opencv 4.6, python3-pil 9.4 and djpeg (libjpeg-turbo-progs 2.1.5). The tests never call Python.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh python3-opencv python3-pil python3-numpy libjpeg-turbo-progs
dotnet build tests/CoSod.Fuzz -c Release --nologo -v q -clp:ErrorsOnly
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
dotnet tests/CoSod.Fuzz/bin/Release/net10.0/CoSod.Fuzz.dll write "$corpus"
/usr/bin/python3 tests/CoSod.Fuzz/fuzz_oracle.py "$corpus" tests/CoSod.Fuzz/oracle-ci.json
