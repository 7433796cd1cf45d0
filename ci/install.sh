#!/usr/bin/env bash
# Builds the C library (release, or PROFILE=debug) and installs it with its headers and a
# pkg-config file under PREFIX (default /usr/local):
#   PREFIX/lib/libsecuretransport.{so,a}, PREFIX/lib/pkgconfig/securetransport.pc,
#   PREFIX/include/securetransport/{Security,CoreFoundation,CommonCrypto,sys/sysctl.h,
#   MacTypes.h,TargetConditionals.h,Availability*.h} (a directory of their own, so they never
#   shadow other headers of those names)
# Then: cc app.c $(pkg-config --cflags --libs securetransport)
# (with PKG_CONFIG_PATH=PREFIX/lib/pkgconfig for a prefix pkg-config does not search).
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${PREFIX:-/usr/local}"

profile="${PROFILE:-release}"
if [ "$profile" = release ]; then
    cargo build --release -p secure-transport-ffi
else
    cargo build -p secure-transport-ffi
fi
version=$(sed -n 's/^version = "\(.*\)"/\1/p' sys/Cargo.toml | head -1)

install -d "$prefix/lib/pkgconfig" "$prefix/include/securetransport"
install -m 0755 "target/$profile/libsecuretransport.so" "$prefix/lib/"
install -m 0644 "target/$profile/libsecuretransport.a" "$prefix/lib/"
cp -R sys/include/. "$prefix/include/securetransport/"

cat > "$prefix/lib/pkgconfig/securetransport.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: securetransport
Description: Apple's Secure Transport API on Linux, carried out by OpenSSL
Version: $version
Requires.private: openssl
Cflags: -I\${includedir}/securetransport
Libs: -L\${libdir} -lsecuretransport
Libs.private: -lpthread -ldl -lm
PC
echo "installed into $prefix"
