#!/usr/bin/env bash
# Prints what a browser downloads on its first visit, as the server sends it: the
# precompressed brotli and gzip copies that `cargo xtask build-web` writes.
set -euo pipefail
cd "$(dirname "$0")/../frontend/dist"
total_br=0
total_gz=0
for f in index.html eil_frontend-*.js eil_frontend_bg-*.wasm style-*.css; do
    case "$f" in *.br|*.gz) continue ;; esac
    br=$(wc -c < "$f.br")
    gz=$(wc -c < "$f.gz")
    total_br=$((total_br + br))
    total_gz=$((total_gz + gz))
    printf '%-36s %8d B brotli %8d B gzip\n' "$f" "$br" "$gz"
done
printf '%-36s %8d B brotli %8d B gzip\n' total "$total_br" "$total_gz"
