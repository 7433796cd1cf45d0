#!/usr/bin/env bash
# Builds the C library in release mode and installs it with its headers and a pkg-config
# file under PREFIX (default /usr/local):
#   PREFIX/lib/libsecuretransport.{so,a}, PREFIX/include/{Security,CoreFoundation}/…,
#   PREFIX/lib/pkgconfig/securetransport.pc
# Then: cc app.c $(pkg-config --cflags --libs securetransport)
# (with PKG_CONFIG_PATH=PREFIX/lib/pkgconfig for a prefix pkg-config does not search).
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${PREFIX:-/usr/local}"

cargo build --release -p secure-transport-sys
version=$(sed -n 's/^version = "\(.*\)"/\1/p' sys/Cargo.toml | head -1)

install -d "$prefix/lib/pkgconfig" "$prefix/include"
install -m 0755 target/release/libsecuretransport.so "$prefix/lib/"
install -m 0644 target/release/libsecuretransport.a "$prefix/lib/"
cp -R sys/include/. "$prefix/include/"

cat > "$prefix/lib/pkgconfig/securetransport.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: securetransport
Description: Apple's Secure Transport API on Linux, carried out by OpenSSL
Version: $version
Requires.private: openssl
Cflags: -I\${includedir}
Libs: -L\${libdir} -lsecuretransport
Libs.private: -lpthread -ldl -lm
PC
echo "installed into $prefix"
