#!/usr/bin/env bash
# regkit's main job, run by the README's first command: the Fashion-MNIST comparison of
# no regularization, L2, L1, L1+L2 and proximal L1 on seed 000's network (784-256-128-64-10,
# elu, he_normal, Adam, batch 64, 30 epochs), written as a report folder (index.html,
# summary.md, figures, histories, models). Usage: scripts/main.sh [FOLDER] [extra compare options]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-report}
shift || true
build/regkit compare "$out" "$@"
echo "regkit: open $out/index.html in a browser, or read $out/summary.md"
