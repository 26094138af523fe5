#!/usr/bin/env bash
# Start-up: `autograd-tui --stats demos/chain.ag` against a bare Swift executable
# (`print("hi")`, built with `swiftc -O`, and once more with the Swift runtime linked in
# statically, `-static-stdlib`), side by side in one hyperfine run. The target:
# autograd-tui within 1.5x of the bare executable. Build autograd-tui with
# `swift build -c release --static-swift-stdlib` to compare like with like.
#
# Usage: bench/startup.sh [PATH_TO_autograd-tui]   (default .build/release/autograd-tui)
set -euo pipefail

binary=${1:-}
if [ -n "$binary" ] && [ "${binary#/}" = "$binary" ]; then
    binary=$PWD/$binary # relative to where the script was started
fi
cd "$(dirname "$0")/.."
binary=${binary:-.build/release/autograd-tui}
demo=demos/chain.ag
if ! command -v hyperfine >/dev/null 2>&1; then
    echo "error: hyperfine is not installed: apt-get install hyperfine" >&2
    exit 1
fi
if [ ! -x "$binary" ]; then
    echo "error: no autograd-tui at $binary: build it with \`swift build -c release\`" >&2
    echo "or pass its path as the first argument" >&2
    exit 1
fi
command -v swiftc >/dev/null 2>&1 || { echo "error: swiftc is not on PATH" >&2; exit 1; }

folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
echo 'print("hi")' > "$folder/bare.swift"
swiftc -O "$folder/bare.swift" -o "$folder/bare"
swiftc -O -static-stdlib "$folder/bare.swift" -o "$folder/bare-static"

echo "== Foundation libraries linked by $binary"
ldd "$binary" | grep -i foundation || echo "(none)"
echo

hyperfine -N --warmup 20 --runs 300 --export-json "$folder/startup.json" \
    --command-name "bare Swift print(\"hi\")" "$folder/bare" \
    --command-name "bare Swift, -static-stdlib" "$folder/bare-static" \
    --command-name "autograd-tui --stats $demo" "$(printf %q "$binary") --stats $demo"

# Ratio of the means, from hyperfine's JSON (python3 is only used to read it).
python3 - "$folder/startup.json" <<'EOF'
import json
import sys

bare, static, tui = json.load(open(sys.argv[1]))["results"]
for name, base in (("bare", bare), ("bare -static-stdlib", static)):
    ratio = tui["mean"] / base["mean"]
    print(f"{name} {base['mean'] * 1e3:.2f} ms, autograd-tui {tui['mean'] * 1e3:.2f} ms"
          f" (means): ratio {ratio:.2f}x, within 1.5x: {'yes' if ratio <= 1.5 else 'NO'}")
EOF
