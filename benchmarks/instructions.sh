#!/usr/bin/env bash
# CPU instructions of one warm parse() pass over the golden pages, counted by valgrind's
# callgrind: unlike wall time, the same figure whatever else the machine is doing, so a change
# can be judged on a shared or noisy host. Run from the repository root:
#
#   bash benchmarks/instructions.sh                        # all 135 pages of the benchmark corpus
#   N=4 bash benchmarks/instructions.sh NCT01534065.txt    # some pages (comma-separated), 4 passes
#
# Two runs, with 1 and 1 + N timed passes after a warm-up pass; the difference over N is the cost
# of one pass (start-up and import cancel out). PYTHONHASHSEED is fixed: set iteration order
# otherwise moves the count by about 1 %, and a full collection after the warm-up pass keeps
# the collector's timing (~0.5 %) from depending on what the import allocated.
set -euo pipefail
py=${PYTHON:-.venv/bin/python}
n=${N:-2}
pages=${1:-}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
count() {
    PYTHONHASHSEED=0 PYTHONPATH="$PWD/src" valgrind --tool=callgrind --callgrind-out-file="$out" "$py" - "$1" "$pages" <<'PY' 2>&1 |
import gc, glob, sys
import trialparse
files = sorted(glob.glob("fixtures/pages/*.txt")) + ["fixtures/NCT06115902.txt"]
if sys.argv[2]:
    files = [f for f in files if f.rsplit("/", 1)[-1] in sys.argv[2].split(",")]
texts = [open(f, encoding="utf-8", newline="").read() for f in files]
for t in texts:  # warm-up pass
    trialparse.parse(t)
gc.collect()  # the timed passes start from the same collector state, whatever import allocated
for _ in range(int(sys.argv[1])):
    for t in texts:
        trialparse.parse(t)
PY
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
a=$(count 0)
b=$(count "$n")
echo "instructions per warm pass${pages:+ over $pages}: $(( (b - a) / n ))"
