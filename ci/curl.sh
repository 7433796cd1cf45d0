#!/usr/bin/env bash
# curl's own Secure Transport backend (lib/vtls/sectransp.c of Debian's curl source package),
# built on Linux against the installed library and run against `openssl s_server` on
# 127.0.0.1 with a throwaway PKI. Only curl's build system changes (CMake offers the backend
# only on Apple: the script lets it on and links -lsecuretransport where the Security and
# CoreFoundation frameworks were); not one line of a .c file, and no stand-in of ours.
# The source, the library's prefix and curl's build stay in target/curl/ (a warm run only
# reinstalls the library and relinks). Bounded: the whole job (CURL_CI_SECONDS, default 1200),
# every curl call and every server.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${CURL_CI_BOUNDED:-}" ]; then
    export CURL_CI_BOUNDED=1
    exec timeout -k 10 "${CURL_CI_SECONDS:-1200}" bash "$0" "$@"
fi

root=$PWD
work=$root/target/curl
prefix=$work/prefix
build=$work/build
mkdir -p "$work"

echo "== curl: Debian's source package"
source_dir=$(find "$work" -maxdepth 1 -type d -name 'curl-[0-9]*' | sort | tail -1)
if [ -z "$source_dir" ] || [ ! -f "$source_dir/lib/vtls/sectransp.c" ]; then
    # apt-get source needs deb-src lines: add them to the deb822 sources (Types: deb deb-src)
    # or, for a one-line sources.list, a deb-src twin of each deb line.
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    if ! grep -rqs '^[[:space:]]*\(deb-src\|Types:.*deb-src\)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        for file in /etc/apt/sources.list.d/*.sources; do
            [ -f "$file" ] && grep -q 'debian' "$file" &&
                $sudo_cmd sed -i 's/^Types:[[:space:]]*deb[[:space:]]*$/Types: deb deb-src/' "$file"
        done
        if [ -f /etc/apt/sources.list ]; then
            sed -n 's/^deb \(.*debian.*\)/deb-src \1/p' /etc/apt/sources.list |
                $sudo_cmd tee /etc/apt/sources.list.d/curl-ci-deb-src.list >/dev/null
        fi
    fi
    $sudo_cmd apt-get update -q >/dev/null || true
    if ! apt-cache showsrc curl 2>/dev/null | grep -q '^Package: curl'; then
        # apt verifies the index as its sandbox user: where that user cannot (a machine whose
        # /dev/null it may not open), fetch as root instead.
        $sudo_cmd apt-get update -q -o APT::Sandbox::User=root >/dev/null
    fi
    (cd "$work" && apt-get source -q curl >/dev/null 2>&1) ||
        (cd "$work" && apt-get source -q -o APT::Sandbox::User=root curl >/dev/null)
    source_dir=$(find "$work" -maxdepth 1 -type d -name 'curl-[0-9]*' | sort | tail -1)
fi
echo "source: $source_dir"

echo "== curl: its CMake lets the Secure Transport backend on and links our library"
# Edits CMakeLists.txt only (each edit must apply: a curl whose CMake differs stops here).
cmake_file=$source_dir/CMakeLists.txt
[ -f "$cmake_file.orig" ] || cp "$cmake_file" "$cmake_file.orig"
cp "$cmake_file.orig" "$cmake_file"
edit() { # edit <sed expression> <text that must then be present>
    sed -i "$1" "$cmake_file"
    grep -qF "$2" "$cmake_file" || { echo "curl.sh: CMakeLists.txt edit did not apply: $1"; exit 1; }
}
# The option exists on Apple only; SECURE_TRANSPORT_PREFIX offers it here too.
edit '/^if(APPLE)$/{N;s/^if(APPLE)\n\(  cmake_dependent_option(CURL_USE_SECTRANSP\)/if(APPLE OR SECURE_TRANSPORT_PREFIX)\n\1/}' \
    'if(APPLE OR SECURE_TRANSPORT_PREFIX)'
# The frameworks are our library, their headers our include directory.
edit 's|find_library(SECURITY_FRAMEWORK "Security")|find_library(SECURITY_FRAMEWORK securetransport PATHS ${SECURE_TRANSPORT_PREFIX}/lib NO_DEFAULT_PATH)\n  include_directories(SYSTEM ${SECURE_TRANSPORT_PREFIX}/include/securetransport)|' \
    'find_library(SECURITY_FRAMEWORK securetransport'
edit 's|list(APPEND CURL_LIBS "-framework Security")|list(APPEND CURL_LIBS ${SECURITY_FRAMEWORK})|' \
    'list(APPEND CURL_LIBS ${SECURITY_FRAMEWORK})'
edit 's|find_library(COREFOUNDATION_FRAMEWORK "CoreFoundation")|find_library(COREFOUNDATION_FRAMEWORK securetransport PATHS ${SECURE_TRANSPORT_PREFIX}/lib NO_DEFAULT_PATH)|' \
    'find_library(COREFOUNDATION_FRAMEWORK securetransport'
edit 's|list(APPEND CURL_LIBS "-framework CoreFoundation")|list(APPEND CURL_LIBS ${COREFOUNDATION_FRAMEWORK})|' \
    'list(APPEND CURL_LIBS ${COREFOUNDATION_FRAMEWORK})'
# Keep the edited file's time when its text is unchanged, so a warm build does not reconfigure.
if cmp -s "$cmake_file" "$work/CMakeLists.applied"; then
    touch -r "$work/CMakeLists.applied" "$cmake_file"
else
    cp -p "$cmake_file" "$work/CMakeLists.applied"
fi

echo "== curl: our library into $prefix"
PREFIX="$prefix" PROFILE=debug bash ci/install.sh >/dev/null

echo "== curl: configure and build (HTTP only, no other TLS library, no compression, no IDN)"
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$source_dir" -B "$build" -DCMAKE_BUILD_TYPE=Debug \
        -DSECURE_TRANSPORT_PREFIX="$prefix" -DCURL_USE_SECTRANSP=ON -DCURL_USE_OPENSSL=OFF \
        -DHTTP_ONLY=ON -DCURL_DISABLE_LDAP=ON -DCURL_USE_LIBSSH2=OFF -DCURL_ZLIB=OFF \
        -DCURL_BROTLI=OFF -DCURL_ZSTD=OFF -DUSE_NGHTTP2=OFF -DUSE_LIBIDN2=OFF \
        -DCURL_USE_GSSAPI=OFF -DENABLE_MANUAL=OFF -DBUILD_TESTING=OFF -DBUILD_SHARED_LIBS=OFF \
        -DCURL_CA_BUNDLE=none -DCURL_CA_PATH=none -DCMAKE_BUILD_RPATH="$prefix/lib" \
        >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
fi
cmake --build "$build" -j "$(nproc)" >"$work/build.log" 2>&1 || { tail -50 "$work/build.log"; exit 1; }
curl_bin=$build/src/curl
"$curl_bin" --version
"$curl_bin" --version | grep -q 'SecureTransport' || { echo "curl: not the Secure Transport backend"; exit 1; }
ldd "$curl_bin" | grep -q "$prefix/lib/libsecuretransport.so" ||
    { echo "curl: not linked with $prefix/lib/libsecuretransport.so"; exit 1; }
