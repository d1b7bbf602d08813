#!/usr/bin/env bash
# Renders a report's index.html in headless Chromium (Debian's `chromium`), writes
# FOLDER/screenshot.png, and checks that every figure decoded and the console has no
# errors. Exit 0 when all is well. Usage: scripts/screenshot_report.sh FOLDER
set -euo pipefail
folder=$(cd "${1:?usage: screenshot_report.sh FOLDER}" && pwd)
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "screenshot_report: chromium is not installed (apt-get install chromium)" >&2; exit 2; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars)
url="file://$folder/index.html"
"$browser" "${flags[@]}" --window-size=1300,5200 --screenshot="$folder/screenshot.png" "$url" 2>/dev/null
dom=$("$browser" "${flags[@]}" --enable-logging=stderr --v=0 --virtual-time-budget=10000 --dump-dom "$url" 2>"$profile/console.log")
images=$(printf '%s' "$dom" | grep -o 'data-images="[0-9]*/[0-9]*"' | head -1 | sed 's/data-images="\(.*\)"/\1/')
errors=$(grep -E 'CONSOLE|Uncaught' "$profile/console.log" | grep -iE 'error|uncaught|failed' || true)
echo "screenshot_report: $folder/screenshot.png; figures loaded: ${images:-unknown}"
if [ -n "$errors" ]; then echo "screenshot_report: console errors:"; echo "$errors"; exit 1; fi
[ -n "$images" ] && [ "${images%/*}" = "${images#*/}" ] || { echo "screenshot_report: not every figure loaded" >&2; exit 1; }
echo "screenshot_report: every figure loaded, no console errors"
