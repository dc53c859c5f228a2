#!/usr/bin/env bash
# Installs the Debian 12 packages docpipe builds and tests with. Idempotent:
# packages already present are not fetched again, and apt's lists are refreshed
# only when a package is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache
  libboost1.81-dev libboost-program-options1.81-dev libboost-json1.81-dev
  libpugixml-dev libspdlog-dev libfmt-dev
  libmodest-dev libuchardet-dev libicu-dev
  zlib1g-dev libzstd-dev
  libsqlite3-dev sqlite3
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 zstd gzip
  libxml2-utils python3-yaml
  clang libfuzzer-14-dev
  libssl-dev wget
  libcurl4-openssl-dev nginx-light
  python3-jieba
  libcld2-dev
  slurm-wlm munge
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q -o DPkg::Lock::Timeout=600
$sudo apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}"
