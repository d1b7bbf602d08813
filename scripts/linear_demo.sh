#!/usr/bin/env bash
# The seed-002 linear demo: ridge on the 100 x 3 data (scikit-learn Ridge(alpha=1.0) through the
# translation lambda = alpha / n), and lasso and elastic-net paths chosen by 10-fold
# cross-validation, with the path and CV plots written as PNG and a summary.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-report}
mkdir -p "$out"
rk=build/regkit
data=examples/data/seed002.csv
echo "== ridge: scikit-learn Ridge(alpha=1.0) on 100 samples is lambda = 1/100, no standardization"
$rk fit --data $data --target y --model ridge --lambda 0.01 --no-standardize --json "$out/ridge.json" --out "$out/ridge.regkit"
echo "== lasso path and 10-fold CV"
$rk path --data $data --target y --model lasso --plot "$out/lasso_path.png" --json "$out/lasso_path.json" > /dev/null
$rk cv --data $data --target y --model lasso --folds 10 --seed 1 --plot "$out/lasso_cv.png" --json "$out/lasso_cv.json" --out "$out/lasso_cv.regkit"
echo "== elastic net (alpha 0.5) path and 10-fold CV"
$rk path --data $data --target y --model elasticnet --alpha 0.5 --plot "$out/enet_path.png" --json "$out/enet_path.json" > /dev/null
$rk cv --data $data --target y --model elasticnet --alpha 0.5 --folds 10 --seed 1 --plot "$out/enet_cv.png" --json "$out/enet_cv.json" --out "$out/enet_cv.regkit"
echo "== predictions of the cross-validated lasso on the training data"
$rk predict "$out/lasso_cv.regkit" --data $data --target y --out "$out/lasso_predictions.csv"
{
  echo "# regkit seed-002 linear demo"
  echo
  echo "Data: \`$data\` (100 x 3, y = 1.5 x1 - 2 x2 + x3 + noise(0.5), numpy seed 0)."
  echo
  echo "| figure | what it shows |"
  echo "|---|---|"
  echo "| ![](lasso_path.png) | lasso coefficients against log lambda |"
  echo "| ![](lasso_cv.png) | 10-fold CV error (one-SE bars), lambda_min and lambda_1se |"
  echo "| ![](enet_path.png) | elastic net (alpha 0.5) path |"
  echo "| ![](enet_cv.png) | elastic net CV |"
  echo
  echo "JSON summaries: ridge.json, lasso_path.json, lasso_cv.json, enet_path.json, enet_cv.json."
} > "$out/summary.md.tmp" && mv "$out/summary.md.tmp" "$out/summary.md"
echo "regkit: report written to $out/ (summary.md, PNG figures, JSON summaries, models)"
