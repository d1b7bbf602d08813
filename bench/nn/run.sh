#!/usr/bin/env bash
# The seed-000 network, one epoch at batch 64, regkit and PyTorch side by side in one run
# on the same machine and thread count (THREADS, default 2; PyTorch with OpenBLAS at 1
# thread, its best setting here), plus the OpenBLAS sgemm rate regkit's efficiency is
# measured against. Prints both epoch times, peak memory and the ratio.
# Needs: -DREGKIT_BUILD_BENCH=ON build, python3-torch. Usage: bench/nn/run.sh [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/../.."
epochs=${1:-3}
threads=${THREADS:-2}
bench=build/bench/nn_epoch_bench
[ -x "$bench" ] || { echo "build the benchmarks first: cmake -B build -DREGKIT_BUILD_BENCH=ON && cmake --build build" >&2; exit 2; }
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== regkit"; "$bench" --threads "$threads" --epochs "$epochs" | tee /tmp/regkit_nn_bench.txt
echo "== PyTorch"; OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/nn/nn_epoch_torch.py --threads "$threads" --epochs "$epochs" | tee /tmp/torch_nn_bench.txt
r=$(sed -n 's/^best epoch \([0-9.]*\) s.*/\1/p' /tmp/regkit_nn_bench.txt)
t=$(sed -n 's/^best epoch \([0-9.]*\) s.*/\1/p' /tmp/torch_nn_bench.txt)
echo "== best epoch: regkit $r s, PyTorch $t s, ratio $(/usr/bin/python3 -c "print(f'{$r/$t:.2f}')") (target <= 0.5)"
