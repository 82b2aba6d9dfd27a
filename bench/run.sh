#!/usr/bin/env bash
# Times Soma against PyTorch (CPU) on the same workloads, in the same run, with the same thread count:
# first with every core, then with one thread. Prints a Markdown report and writes it to bench/RESULTS.md.
# It builds nothing: `make bench` builds release first (or: swift build -c release --product soma-bench).
#
# usage: bash bench/run.sh [--quick] [--threads N] [--filter TEXT]
# environment: SOMA_BENCH_BUILD  folder with the soma-bench binary (default .build/release)
#              PYTHON            interpreter with torch (default .venv/bin/python)
#              RESULTS           report file (default bench/RESULTS.md)
#              BENCH_NOTE        a line to add to the report (say, that the machine was busy)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BUILD="${SOMA_BENCH_BUILD:-.build/release}"
PYTHON="${PYTHON:-.venv/bin/python}"
RESULTS="${RESULTS:-bench/RESULTS.md}"
threads=$(nproc)
seconds=1
quick=()
filter=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=(--quick); seconds=0.25 ;;
    --threads) threads="${2:?--threads needs a number}"; shift ;;
    --filter) filter="${2:?--filter needs a text}"; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
command="bash bench/run.sh${quick[*]:+ ${quick[*]}}"
if [ "$threads" != "$(nproc)" ]; then command="$command --threads $threads"; fi
if [ -n "$filter" ]; then command="$command --filter $filter"; fi
if [ -n "${SOMA_BENCH_BUILD:-}" ]; then command="SOMA_BENCH_BUILD=$SOMA_BENCH_BUILD $command"; fi

BIN="$BUILD/soma-bench"
if [ ! -x "$BIN" ]; then
  echo "run.sh: $BIN not found; build it first: make bench, or swift build -c release --product soma-bench" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "run.sh: $PYTHON cannot import torch; install it: $PYTHON -m pip install torch (make bench does)" >&2
  exit 1
fi

run_dir=$(mktemp -d)
trap 'rm -rf "$run_dir"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
counts=("$threads")
if [ "$threads" != 1 ]; then counts+=(1); fi
# The two sides take turns workload by workload, so that a change in the machine's load reaches both
# alike; PyTorch stays in one process (importing it takes seconds) and reads the names to run.
all_names=$("$BIN" --list)
names=()
for name in $all_names; do
  if [ -z "$filter" ] || [[ "$name" == *"$filter"* ]]; then names+=("$name"); fi
done
if [ ${#names[@]} -eq 0 ]; then echo "run.sh: no workload matches '$filter'; there are: $all_names" >&2; exit 2; fi
for t in "${counts[@]}"; do
  echo "== $t thread(s)" >&2
  "$BIN" --json --threads "$t" --filter _meta_only_ > "$run_dir/soma-$t.jsonl"
  coproc TORCH { exec "$PYTHON" -u bench/torch_bench.py --serve --json --threads "$t" "${quick[@]}"; }
  torch_in=${TORCH[1]} torch_out=${TORCH[0]} torch_pid=$TORCH_PID
  read -r line <&"$torch_out" && echo "$line" > "$run_dir/torch-$t.jsonl"
  for name in "${names[@]}"; do
    "$BIN" --json --threads "$t" "${quick[@]}" --filter "$name" | grep -v '"_meta"' | tee -a "$run_dir/soma-$t.jsonl" >&2
    echo "$name" >&"$torch_in"
    while read -r line <&"$torch_out"; do
      [[ "$line" == *'"_done"'* ]] && break
      echo "$line" | tee -a "$run_dir/torch-$t.jsonl" >&2
    done
  done
  exec {torch_in}>&-
  wait "$torch_pid" || true
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
flags=$(grep -m1 '^flags' /proc/cpuinfo | grep -o -w -E 'avx512f|avx2' | tr '\n' ' ' | sed 's/ $//')
memory=$(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
swift_version=$(${SWIFT:-swift} --version 2>&1 | grep -m1 -i 'swift version' || echo unknown)

python3 bench/report.py \
  "cpu=${cpu:-unknown}${flags:+ ($flags)}" "cores=$(nproc)" "memory=$memory" \
  "date=$(date -u '+%Y-%m-%d %H:%M UTC')" "swift=$swift_version" \
  "load_before=$load_before" "load_after=$load_after" "seconds=$seconds" \
  "command=$command" "note=${BENCH_NOTE:-}" -- "$run_dir" | tee "$RESULTS"

# Kernel latency, when the release soma binary is there: Soma and ipykernel in the same run.
if [ -x "$BUILD/soma" ] && "$PYTHON" -c 'import ipykernel' 2>/dev/null; then
  spec_dir="$run_dir/kernelspec"
  "$BUILD/soma" kernel install --prefix "$spec_dir" >/dev/null
  {
    echo
    echo "## Kernel latency (Soma release build and ipykernel $("$PYTHON" -c 'import ipykernel; print(ipykernel.__version__)'), same run, through jupyter_client)"
    echo
    JUPYTER_PATH="$spec_dir/share/jupyter" "$PYTHON" bench/kernel_bench.py 2>/dev/null
    echo
    echo "## The live display of fit (Soma kernel, release build; display on against display: false)"
    echo
    JUPYTER_PATH="$spec_dir/share/jupyter" "$PYTHON" bench/fit_display_bench.py 2>/dev/null
  } | tee -a "$RESULTS"
fi
echo "run.sh: wrote $RESULTS" >&2
