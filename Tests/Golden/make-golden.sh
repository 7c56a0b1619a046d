#!/usr/bin/env bash
# Makes the golden archives (Tests/Golden/README.md): a fixed workspace, sealed as a zip and as a
# tar at a fixed time with the vectors' test-only key, and the zip received (countersigned) by the
# vectors' recipient key. Run it only when the archive format changes on purpose; the golden test
# (Tests/interop/test_golden.py) then compares what the code makes with these bytes.
#
#   Tests/Golden/make-golden.sh BIN [--new-workspace]
set -euo pipefail
bin=$(readlink -f "${1:?usage: make-golden.sh BIN [--new-workspace]}")
here=$(cd "$(dirname "$0")" && pwd)
keys=$here/../Vectors/_keys
export SANAD_PASSPHRASE=vector
if [[ ${2:-} == --new-workspace ]]; then
    rm -rf "$here/workspace"
    "$bin" init "$here/workspace" --case-id GOLD-1 --org "Golden NGO" -q >/dev/null
    "$bin" add --workspace "$here/workspace" "$here/../../samples/case-demo" --collected-by "Case Worker" -q >/dev/null
    rm -rf "$here/workspace/tmp" "$here/workspace/.lock"
fi
rm -f "$here/sealed.zip" "$here/sealed.tar" "$here/received.zip"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for format in zip tar; do
    cp -r "$here/workspace" "$work/ws-$format"
    "$bin" seal --workspace "$work/ws-$format" --key "$keys/signer.key" --cert "$keys/signer.crt" \
        --time 2026-03-04T10:00:00Z --format "$format" --out "$here/sealed.$format" -q >/dev/null
done
"$bin" receive "$here/sealed.zip" --key "$keys/recipient.key" --cert "$keys/recipient.crt" \
    --signer-fingerprint "$(openssl x509 -in "$keys/signer.crt" -outform DER | sha256sum | cut -d' ' -f1)" \
    --time 2026-03-06T09:30:00Z --out "$here/received.zip" -q >/dev/null
sha256sum "$here"/sealed.zip "$here"/sealed.tar "$here"/received.zip | sed "s|$here/||"
