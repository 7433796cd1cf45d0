#!/usr/bin/env bash
# Plots bulk throughput against write size from the figures `cargo bench --bench
# shim_vs_openssl` leaves in target/tmp/throughput.tsv: this crate (Rust facade, C ABI), the
# openssl crate, and the `openssl speed` ceiling, one panel per TLS version.
# Usage: ci/plot-throughput.sh [figures.tsv] [out.svg|out.png]   (needs gnuplot-nox from apt)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-target/tmp/throughput.tsv}
out=${2:-docs/throughput.svg}
[ -f "$data" ] || { echo "$data: run 'cargo bench --bench shim_vs_openssl' first" >&2; exit 1; }
command -v gnuplot >/dev/null || { echo "gnuplot not found: apt-get install gnuplot-nox" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
title="$(grep -m1 '^# machine:' "$data" | sed 's/^# machine: //' || true), $(date -r "$data" +%F)"

case "$out" in
    *.png) terminal='pngcairo size 1200,520 font "sans,11"' ;;
    *) terminal='svg size 960,420 dynamic font "sans,12"' ;;
esac

gnuplot <<EOF
set terminal $terminal
set output "$out"
set datafile separator "\t"
set datafile missing "?"
set logscale x 2
set xrange [192:87381]
set xtics ("256 B" 256, "1 KiB" 1024, "4 KiB" 4096, "16 KiB" 16384, "64 KiB" 65536)
set xlabel "write size"
set ylabel "MB/s (one thread encrypts and decrypts)"
set yrange [0:*]
set grid
set key top left
set multiplot layout 1,2 title "Bulk throughput over an in-memory pipe, AES-128-GCM — $title"
do for [block=0:1] {
    set title (block == 0 ? "TLS 1.3" : "TLS 1.2")
    plot "$data" index block using 1:5 with linespoints lw 2 pt 7 title "openssl crate", \
         "" index block using 1:2 with linespoints lw 2 pt 5 title "ours, Rust facade", \
         "" index block using 1:4 with linespoints lw 2 pt 9 title "ours, C ABI", \
         "" index block using 1:6 with lines dt 2 lw 2 title "ceiling: openssl speed"
}
unset multiplot
EOF
echo "wrote $out"
