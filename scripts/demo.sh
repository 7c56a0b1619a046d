#!/usr/bin/env bash
# `make demo`: opens a case in a temporary workspace, adds the fictional samples through their
# intake manifest, prints the custody log and verifies it. Nothing outside the temporary folder changes.
set -euo pipefail
bin="${1:-.build/release/sanad}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/sanad-demo.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
ws="$work/case"

step() { printf '\n== %s\n' "$*"; }

step "1. Open a case"
"$bin" init "$ws" --case-id DEMO-2026-001 --org "Example Protection NGO" --actor "Noor Advocate"

step "2. Add the evidence with its intake manifest (samples/case-demo/intake-manifest.yaml)"
"$bin" add --workspace "$ws" --manifest "$root/samples/case-demo/intake-manifest.yaml"

step "3. Adding the same files again changes nothing"
"$bin" add --workspace "$ws" --manifest "$root/samples/case-demo/intake-manifest.yaml" --quiet | sed -n 1,3p

step "4. The custody log"
"$bin" log --workspace "$ws"

step "5. Verify the chain and every stored byte"
"$bin" log --verify --workspace "$ws"

step "Done. The workspace was $ws (removed on exit)."
