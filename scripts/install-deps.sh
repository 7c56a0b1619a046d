#!/usr/bin/env bash
# Installs what Sanad's build, demo and tests need, only where it is missing.
# Debian packages through apt-get (run as root, as on CI), Python tools through pip.
set -euo pipefail

# cairo, pango (libpangocairo-1.0-0), libqrencode4 and the Noto fonts are what `sanad report` loads at
# run time (dlopen, like libvips); their -dev packages are for the tests, which compare the shims'
# constants with their headers; poppler-utils reads the reports back (pdftotext, pdfdetach) and
# zbar-tools their QR codes (zbarimg).
# libvips42 is what `sanad preview` loads at run time (dlopen of libvips.so.42; the binary does not
# link it); libvips-dev is for the tests, which compare the shims' constants with its headers.
debs=(pkg-config libssl-dev libarchive-dev libexif-dev libsqlite3-dev liblz4-dev libdeflate-dev openssl zip unzip libarchive-tools tar coreutils python3 python3-pip age libpwquality-dev libkeyutils-dev keyutils cracklib-runtime libvips42 libvips-dev libvips-tools time libcairo2-dev libpango1.0-dev libqrencode-dev fonts-noto-core fonts-noto-mono poppler-utils zbar-tools)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# python3/pip may come from elsewhere (pyenv); don't install Debian's over them.
if command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1; then
  missing=("${missing[@]/python3-pip}"); missing=("${missing[@]/python3}")
fi
read -r -a missing <<< "${missing[*]:-}"
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

pymods=(bagit:bagit pytest:pytest jsonschema:jsonschema yaml:PyYAML)
need=()
for pair in "${pymods[@]}"; do
  python3 -c "import ${pair%%:*}" 2>/dev/null || need+=("${pair#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "install-deps: pip install ${need[*]}" >&2
  python3 -m pip install -q "${need[@]}" 2>/dev/null || python3 -m pip install -q --break-system-packages "${need[@]}"
fi
