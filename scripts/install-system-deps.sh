#!/usr/bin/env bash
# Debian packages the tests need beyond the .NET SDK: DejaVu fonts (ScottPlot draws no text without font
# files), pdflatex with booktabs, IEEEtran and its Times fonts (the LaTeX leaderboard must compile and fit an IEEE
# conference page), poppler-utils (pdftotext reads the text of PDF figures back) and Chromium (the HTML report is
# checked in a real browser), and python3-torch (PyTorch 1.13, which writes the full-size test checkpoints with real
# torch.save), and GNU time (the fuzz suite measures the CLI's peak memory with it). With arguments, only those packages. Installs only what is missing; needs
# root and apt-get, and otherwise says what to install.
set -uo pipefail

if (( $# > 0 )); then
  packages=("$@")
else
  packages=(fonts-dejavu-core texlive-latex-base texlive-latex-recommended texlive-publishers texlive-fonts-recommended
            poppler-utils chromium python3-torch time)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done

if (( ${#missing[@]} == 0 )); then
  exit 0
fi

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "install-system-deps: missing ${missing[*]}; install them (apt-get install ${missing[*]}) or the tests that need them fail in CI and skip elsewhere" >&2
  exit 0
fi

echo "install-system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
  || echo "install-system-deps: apt-get install ${missing[*]} failed" >&2
