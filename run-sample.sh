#!/usr/bin/env bash
# The main job on the bundled sample (samples/cosod-synth: three small synthetic datasets, five "methods",
# one prediction missing on purpose): evaluate, then the leaderboards (every format, and a paper table), the
# figures (one per dataset, and rows of panels as papers print them), the qualitative gallery and the HTML report.
# Everything lands in out/sample/ (or the folder given as the first argument).
set -euo pipefail
cd "$(dirname "$0")"
out="${1:-out/sample}"

./scripts/install-system-deps.sh fonts-dejavu-core
dotnet build src/CoSod.Cli -c Release --nologo -v quiet -clp:ErrorsOnly
cosod() { dotnet src/CoSod.Cli/bin/Release/net10.0/cosod.dll "$@"; }

cosod eval --gt samples/cosod-synth/datasets --pred samples/cosod-synth/predictions \
  --out "$out" --allow-missing --per-image --ci
for format in md tex csv json html xlsx; do
  f=$format; [[ $format == tex ]] && f=latex
  cosod leaderboard "$out/metrics.json" --format "$f" --out "$out/leaderboard.$format"
done
# The table as GCoNet+ prints it (E, S, max F, MAE), three marks, a label for \ref, the sample's method as "Ours".
cosod leaderboard "$out/metrics.json" --format latex --metrics Em.max,Sm,Fm.max,MAE --marks 3 --label tab:sample \
  --alias SoftBlur=Ours --out "$out/leaderboard-paper.tex"
cosod plot "$out/metrics.json" --out "$out/figures" --figures all --group-breakdown CoCA,CoSOD3k,CoSal2015
cosod plot "$out/metrics.json" --out "$out/figures" --figures pr,fcurve,roc,scatter --panels row \
  --alias SoftBlur=Ours --highlight Ours --size 10x3.6 --dpi 200
cosod gallery "$out/metrics.json" --images samples/cosod-synth/images --gt samples/cosod-synth/datasets \
  --pred samples/cosod-synth/predictions --dataset CoCA --methods SoftBlur,Resized,NearBinary,Noisy \
  --alias SoftBlur=Ours --pick best-for:Ours --rows 4 --scores --out "$out/figures"
cosod report "$out/metrics.json" --out "$out"
echo "run-sample: wrote $out/metrics.json, $out/leaderboard.*, $out/leaderboard-paper.tex, $out/figures/ and $out/index.html"

# A look at the report as a browser renders it (Debian's chromium, when installed).
if command -v chromium >/dev/null; then
  profile=$(mktemp -d)
  timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --disable-dev-shm-usage --user-data-dir="$profile" \
    --window-size=1280,2000 --screenshot="$out/report-screenshot.png" "file://$(realpath "$out/index.html")" \
    >/dev/null 2>&1 || echo "run-sample: chromium could not take a screenshot of the report" >&2
  rm -rf "$profile"
fi
