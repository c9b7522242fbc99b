#!/usr/bin/env bash
# Prints the compressed size of what a browser downloads on its first visit.
set -euo pipefail
cd "$(dirname "$0")/../frontend/dist"
total=0
for f in eil_frontend_bg.wasm eil_frontend.js style.css index.html; do
    n=$(gzip -9 -c "$f" | wc -c)
    total=$((total + n))
    printf '%-24s %7d bytes gzip\n' "$f" "$n"
done
printf '%-24s %7d bytes gzip\n' total "$total"
