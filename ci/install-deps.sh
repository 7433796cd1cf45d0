#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian machine: C and C++ compilers
# (gcc, g++, clang: the C programs and header checks), valgrind (runs the C programs),
# pkg-config, OpenSSL's headers and its command-line tool (the tests' real peers), make and
# perl (ci/legacy-openssl.sh builds OpenSSL from source), python3 (the ctypes bindings test),
# cmake and dpkg-dev (ci/curl.sh fetches curl's Debian source package and builds it).
# Does nothing when everything is already there.
set -euo pipefail

missing=()
command -v cc >/dev/null || missing+=(gcc)
command -v c++ >/dev/null || missing+=(g++)
command -v clang >/dev/null || missing+=(clang)
command -v valgrind >/dev/null || missing+=(valgrind)
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v openssl >/dev/null || missing+=(openssl)
pkg-config --exists openssl 2>/dev/null || missing+=(libssl-dev)
command -v make >/dev/null || missing+=(make)
command -v perl >/dev/null || missing+=(perl)
command -v python3 >/dev/null || missing+=(python3)
command -v cmake >/dev/null || missing+=(cmake)
command -v dpkg-source >/dev/null || missing+=(dpkg-dev)

if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -q
    $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi
