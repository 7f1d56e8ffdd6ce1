#!/usr/bin/env bash
# CPU instructions per page of parse_many, in the calling process and in its workers, counted
# by valgrind's callgrind: the same figures however busy the machine is, so the ratio that the
# CPU cost allows can be judged when wall time cannot. Run from the repository root:
#
#   bash benchmarks/parallel_instructions.sh          # 540 fixture pages (cycled), workers=2
#   PAGES=1080 bash benchmarks/parallel_instructions.sh
#   FILES='benchmarks/data/world/*.txt' PAGES=252 bash benchmarks/parallel_instructions.sh
#
# Three runs after the same warm-up pass: 0 pages (import, warm-up and exit, subtracted from
# the caller), PAGES with workers=1 (the cost of a parse) and PAGES with workers=2. Each
# worker's count starts at its fork (--zero-before=PyOS_AfterFork_Child), so it holds only
# what the worker did. The printed bound assumes two idle cores shared evenly.
set -euo pipefail
py=${PYTHON:-.venv/bin/python}
pages=${PAGES:-540}
files=${FILES:-fixtures/pages/*.txt fixtures/NCT06115902.txt}  # space-separated globs
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
run() {  # tag pages workers
    PYTHONHASHSEED=0 PYTHONPATH="$PWD/src" valgrind --tool=callgrind --zero-before=PyOS_AfterFork_Child \
        --callgrind-out-file="$dir/$1.%p" "$py" - "$2" "$3" "$files" >/dev/null 2>&1 <<'PY'
import gc, glob, sys
import trialparse
files = [f for pattern in sys.argv[3].split() for f in sorted(glob.glob(pattern))]
texts = [open(f, encoding="utf-8", newline="").read() for f in files]
for t in texts:  # warm-up pass
    trialparse.parse(t)
count, workers = int(sys.argv[1]), int(sys.argv[2])
texts = [texts[i % len(texts)] for i in range(count)]
gc.collect()
for _ in trialparse.parse_many(iter(texts), workers=workers):
    pass
PY
}
total() {  # the count in one callgrind output file
    sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$1"
}
run base 0 1
run one "$pages" 1
run two "$pages" 2
base=$(total "$dir"/base.*)
one=$(( $(total "$dir"/one.*) - base ))
caller=0
workers=0
# the caller is the process whose file has the lowest pid; the rest are its workers
first=$(ls "$dir"/two.* | sort -t. -k2 -n | head -n 1)
for f in "$dir"/two.*; do
    if [ "$f" = "$first" ]; then caller=$(( $(total "$f") - base )); else workers=$(( workers + $(total "$f") )); fi
done
echo "instructions per page over $pages pages ($files):"
echo "  workers=1: parse            $(( one / pages ))"
echo "  workers=2: caller           $(( caller / pages ))"
echo "  workers=2: workers together $(( workers / pages ))"
python3 -c "print(f'  workers=2 / workers=1 these allow on two idle cores: {2 * $one / ($caller + $workers):.2f}x')"
