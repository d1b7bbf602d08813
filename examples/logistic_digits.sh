#!/usr/bin/env bash
# Handwritten digits with multinomial L2 logistic regression, lambda chosen by 5-fold CV,
# beside scikit-learn's LogisticRegression on the same split.
#
# Data: the 8x8 digits (1797 images, 64 pixel columns 0..16, then the label) that Debian's
# python3-sklearn ships as a header-less gzip CSV. The split is fixed and needs no Python:
# every 5th row (row numbers 5, 10, ...) is the test set (359 images), the rest train (1438).
# regkit reads the gzip CSV directly for its summary; the split files are plain CSV.
#
#   bash examples/logistic_digits.sh [OUT_DIR]        (default out/digits)
#
# regkit alone needs nothing else; the comparison (examples/logistic_digits_compare.py)
# runs when /usr/bin/python3 has scikit-learn, and is skipped otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/digits}
rk=${REGKIT:-build/regkit}
digits=${DIGITS:-/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz}
mkdir -p "$out"
[ -f "$digits" ] || { echo "logistic_digits.sh: $digits not found (apt-get install python3-sklearn, or set DIGITS to the file)" >&2; exit 1; }

$rk inspect "$digits" --no-header --target-index=-1 --format csv | head -4
zcat "$digits" | awk -v train="$out/train.csv" -v test="$out/test.csv" \
  'NR % 5 == 0 { print > test; next } { print > train }'

echo "== 5-fold CV of the multinomial L2 path on the 1438 training images"
$rk cv --data "$out/train.csv" --no-header --target-index=-1 --model logistic --penalty l2 \
       --folds 5 --seed 0 --lambda-count 30 --lambda-min-ratio 1e-6 --metric deviance \
       --json "$out/cv.json" --plot "$out/cv.png" --out "$out/digits.regkit" > "$out/cv_coefficients.txt"
echo "== test accuracy at lambda_min (359 held-out images)"
$rk predict "$out/digits.regkit" --data "$out/test.csv" --no-header --target-index=-1 --out "$out/regkit_test_labels.csv"

if /usr/bin/python3 -c "import sklearn" 2>/dev/null; then
  echo "== scikit-learn on the same split"
  /usr/bin/python3 examples/logistic_digits_compare.py "$out"
else
  echo "(scikit-learn not available: comparison skipped)"
fi
