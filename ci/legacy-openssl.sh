#!/usr/bin/env bash
# Builds an OpenSSL 3.x that still speaks SSL 3.0 (Debian's cannot) from the source the
# `openssl-src` crate ships, into target/legacy-openssl, and prints that prefix. Reused when
# already built from the pinned version. ci/with-legacy-openssl.sh runs commands against it.
set -euo pipefail
cd "$(dirname "$0")/.."

# The 300.x line bundles OpenSSL 3.x, which can still be configured with SSL 3.0; the 400.x
# line is OpenSSL 4.0, which dropped it.
VERSION=300.6.1+3.6.3
prefix=$PWD/target/legacy-openssl
stamp=$prefix/.built-from-openssl-src-$VERSION
if [ -f "$stamp" ]; then
    echo "$prefix"
    exit 0
fi

work=$PWD/target/legacy-openssl-build
rm -rf "$work" "$prefix"
mkdir -p "$work/fetch/src"

# cargo alone fetches the crate: a throwaway package that depends on it.
cat > "$work/fetch/Cargo.toml" <<EOF
[package]
name = "fetch-openssl-src"
version = "0.0.0"
edition = "2021"

[dependencies]
openssl-src = "=$VERSION"

[workspace]
EOF
echo 'fn main() {}' > "$work/fetch/src/main.rs"
cargo fetch --quiet --manifest-path "$work/fetch/Cargo.toml" >&2
source_dir=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -mindepth 2 -maxdepth 2 \
    -type d -name "openssl-src-$VERSION" | head -n 1)
[ -d "$source_dir/openssl" ] || { echo "openssl-src $VERSION: no source found" >&2; exit 1; }

# Build a copy: the registry's source stays untouched.
cp -r "$source_dir/openssl" "$work/openssl"
cd "$work/openssl"
echo "building OpenSSL from openssl-src $VERSION into $prefix (takes minutes)" >&2
# Static libraries with the providers built in (the crate's source has no module build
# files; as openssl-src itself does): the `openssl` tool and our crate each carry this
# OpenSSL, so nothing at run time can load the system's libssl.so.3 in its place.
./Configure enable-ssl3 enable-ssl3-method enable-weak-ssl-ciphers \
    no-shared no-module no-tests no-docs \
    --prefix="$prefix" --openssldir="$prefix/ssl" --libdir=lib >&2
make -j"$(nproc)" >&2
make install_sw >&2
# The crate's source has no apps/openssl.cnf; `openssl req` and friends need one.
mkdir -p "$prefix/ssl"
printf '[req]\ndistinguished_name = req_dn\n[req_dn]\n' > "$prefix/ssl/openssl.cnf"
cd - >/dev/null
rm -rf "$work"
touch "$stamp"
echo "$prefix"
