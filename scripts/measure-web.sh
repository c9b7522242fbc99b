#!/usr/bin/env bash
# Prints what a browser downloads on its first visit, as the server sends it (the brotli
# and gzip copies that `cargo xtask build-web` writes), and the page chunks fetched later.
# With `--budget BYTES` it fails when the brotli first visit is larger.
set -euo pipefail
budget=""
if [[ "${1:-}" == "--budget" ]]; then budget="$2"; fi
cd "$(dirname "$0")/../frontend/dist"
total_br=0
total_gz=0
row() { printf '%-40s %8d B brotli %8d B gzip\n' "$1" "$2" "$3"; }
for f in index.html eil_frontend.js __wasm_split.js eil_frontend_bg-*.wasm style-*.css; do
    case "$f" in *.br|*.gz) continue ;; esac
    br=$(wc -c < "$f.br"); gz=$(wc -c < "$f.gz")
    total_br=$((total_br + br)); total_gz=$((total_gz + gz))
    row "$f" "$br" "$gz"
done
row "first visit" "$total_br" "$total_gz"
chunks_br=0; chunks=0
for f in chunk_*.wasm split_*.wasm; do
    [[ -f "$f" ]] || continue
    chunks=$((chunks + 1)); chunks_br=$((chunks_br + $(wc -c < "$f.br")))
done
printf '%-40s %8d B brotli in %d files, fetched as pages are opened\n' "page chunks" "$chunks_br" "$chunks"
if [[ -n "$budget" && "$total_br" -gt "$budget" ]]; then
    echo "the first visit is $total_br bytes (brotli), over the budget of $budget" >&2
    exit 1
fi
