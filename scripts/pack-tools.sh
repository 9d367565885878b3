#!/usr/bin/env bash
# Packs the two .NET tool packages into artifacts/packages (README, Install):
#   cosod         evaluation, reports, gate, check; no TorchSharp or libtorch (~11 MB)
#   cosod-models  the same plus predict and eval --model, with TorchSharp and the CPU libtorch 2.10 (~140 MB)
# Both install the command `cosod`; install one:  dotnet tool install -g cosod --add-source artifacts/packages
# Native libraries are linux-x64 only; pass -p:CosodToolRuntime=osx-arm64 (or win-x64, or any) to pack for another.
# Usage: scripts/pack-tools.sh [base|models|all] [extra dotnet pack arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
shift || true

case "$which" in
  base) projects=(src/CoSod.Cli) ;;
  models) projects=(src/CoSod.Cli.Models) ;;
  all) projects=(src/CoSod.Cli src/CoSod.Cli.Models) ;;
  *) echo "pack-tools: say base, models or all, not '$which'" >&2; exit 2 ;;
esac

for project in "${projects[@]}"; do
  dotnet pack "$project" -c Release --nologo -v quiet -clp:ErrorsOnly "$@"
done
ls -l artifacts/packages/*.nupkg
