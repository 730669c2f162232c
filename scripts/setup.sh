#!/usr/bin/env bash
# Installs everything channelops needs to build, test and run its demo on Debian 12 with the Swift
# toolchain: the C libraries' development packages, git, nginx and age for the tests, and a
# Python virtual environment (.venv) holding the moto IAM emulator. Safe to run again: it only
# installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libgit2-dev libyaml-dev libcurl4-openssl-dev libssl-dev pkg-config git openssl curl procps
    nginx-light age python3 python3-venv ca-certificates)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
    echo "setup: installing ${missing[*]}" >&2
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The emulator version is pinned, since its differences from AWS (see README) change between releases.
moto_version=5.2.5
if ! .venv/bin/python -c "import moto, sys; sys.exit(moto.__version__ != '$moto_version')" 2>/dev/null; then
    echo "setup: creating .venv with moto $moto_version" >&2
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check "moto[server]==$moto_version"
fi
