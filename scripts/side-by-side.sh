#!/usr/bin/env bash
# Side by side with PyTorch: alternates `./iwae bench` and scripts/torch_reference.py (same models,
# batch 20, same k, Adam) in one window, and prints per-round ratios iwae4j / PyTorch and their
# medians. The machine drifts between rounds, so only ratios paired within a round compare.
#
# usage: scripts/side-by-side.sh [rounds (3)] [seconds per timing (2)] [repeats (3)]
# Needs Debian's python3-torch and python3-numpy, and OpenBLAS behind Debian's libblas.so.3 (that
# torch build calls the generic BLAS interface: with only the reference BLAS installed its GEMMs
# run at ~6 GFLOP/s): apt-get install python3-torch python3-numpy libopenblas0-pthread.
# The reference runs with torch 1 thread at k*batch < 400, else 2 (as iwae4j), OpenBLAS 1 thread,
# and the same OpenMP wait policy iwae4j uses (PASSIVE, unless OMP_WAIT_POLICY is set): with
# spinning threads both sides collapse whenever another process holds a core. OPENBLAS_CORETYPE
# and OPENBLAS_L2_SIZE, which this machine's environment presets and which slow OpenBLAS down, are
# unset for the reference's own process only. Not part of `mvn test`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-3}"
SECONDS_PER="${2:-2}"
REPEATS="${3:-3}"
PY="${PYTHON:-/usr/bin/python3}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

"$PY" -c 'import torch, numpy' 2>/dev/null || { echo "side-by-side: needs $PY with torch and numpy (apt-get install python3-torch python3-numpy)" >&2; exit 2; }
"$ROOT/iwae" bench --help >/dev/null  # builds first if needed, outside the timed window

for r in $(seq 1 "$ROUNDS"); do
  echo "== round $r: iwae4j" >&2
  "$ROOT/iwae" bench --quick --no-native-calls --seconds "$SECONDS_PER" --repeats "$REPEATS" \
      --json "$OUT/iwae-$r.json" | tee "$OUT/iwae-$r.txt" | grep -E '^(train|eval|GEMM)' >&2
  echo "== round $r: PyTorch reference" >&2
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" \
      "$PY" "$ROOT/scripts/torch_reference.py" --seconds "$SECONDS_PER" --repeats "$REPEATS" \
      | tee "$OUT/torch-$r.txt" | grep -E '^(RESULT|torch)' >&2
done

"$PY" - "$OUT" "$ROUNDS" <<'EOF'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
names = {"vae:1:1:20": "train vae k=1 1L b=20", "iwae:5:1:20": "train iwae k=5 1L b=20",
         "iwae:50:1:20": "train iwae k=50 1L b=20", "iwae:50:2:20": "train iwae k=50 2L b=20",
         "eval:5000": "eval k=5000 1L"}
ratios = {case: [] for case in names}
rows = {case: [] for case in names}
for r in range(1, rounds + 1):
    ours = {res["name"]: res for res in json.load(open(f"{out}/iwae-{r}.json"))["results"]}
    theirs = {}
    for line in open(f"{out}/torch-{r}.txt"):
        if line.startswith("RESULT "):
            f = line.split()
            theirs[f[1]] = float(f[2])
    for case, name in names.items():
        if name in ours and case in theirs:
            ratios[case].append(ours[name]["median"] / theirs[case])
            rows[case].append((ours[name]["median"], theirs[case], ours[name].get("percent_of_peak")))
print()
print("| case | iwae4j ex/s (per round) | PyTorch ex/s (per round) | ratio per round | median ratio |")
print("|---|---|---|---|---|")
for case, name in names.items():
    if ratios[case]:
        fmt = lambda xs: ", ".join(f"{x:,.1f}" for x in xs)
        print(f"| {name} | {fmt(a for a, _, _ in rows[case])} | {fmt(b for _, b, _ in rows[case])} | "
              f"{', '.join(f'{x:.2f}' for x in ratios[case])} | **{statistics.median(ratios[case]):.2f}x** |")
EOF
