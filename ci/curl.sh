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
# clang, as on a Mac: curl's own check then finds __builtin_available, which sectransp.c wants
# for ALPN and its newer version calls. DWARF 4: what valgrind 3.19 reads. No CA bundle: without --cacert, the system's trust.
configure=(-DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS=-gdwarf-4
    -DSECURE_TRANSPORT_PREFIX="$prefix" -DCURL_USE_SECTRANSP=ON -DCURL_USE_OPENSSL=OFF
    -DHTTP_ONLY=ON -DCURL_DISABLE_LDAP=ON -DCURL_USE_LIBSSH2=OFF -DCURL_ZLIB=OFF
    -DCURL_BROTLI=OFF -DCURL_ZSTD=OFF -DUSE_NGHTTP2=OFF -DUSE_LIBIDN2=OFF
    -DCURL_USE_GSSAPI=OFF -DENABLE_MANUAL=OFF -DBUILD_TESTING=OFF -DBUILD_SHARED_LIBS=OFF
    -DCURL_CA_BUNDLE=none -DCURL_CA_PATH=none -DCMAKE_BUILD_RPATH="$prefix/lib")
if [ "$(cat "$work/configure.args" 2>/dev/null)" != "${configure[*]}" ]; then
    rm -rf "$build"
    cmake -S "$source_dir" -B "$build" "${configure[@]}" >"$work/configure.log" 2>&1 ||
        { cat "$work/configure.log"; exit 1; }
    echo "${configure[*]}" >"$work/configure.args"
fi
cmake --build "$build" -j "$(nproc)" >"$work/build.log" 2>&1 || { tail -50 "$work/build.log"; exit 1; }
curl_bin=$build/src/curl
version=$("$curl_bin" --version)
echo "$version"
grep -q 'SecureTransport' <<<"$version" || { echo "curl: not the Secure Transport backend"; exit 1; }
grep -q "$prefix/lib/libsecuretransport.so" <<<"$(ldd "$curl_bin")" ||
    { echo "curl: not linked with $prefix/lib/libsecuretransport.so"; exit 1; }

scratch=$(mktemp -d)
servers=()
cleanup() {
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$scratch"
}
trap cleanup EXIT
pki=$scratch/pki
docroot=$scratch/www
mkdir -p "$pki" "$docroot"

echo "== curl: a throwaway PKI (openssl)"
ossl() { openssl "$@" >>"$scratch/openssl.log" 2>&1 || { cat "$scratch/openssl.log"; exit 1; }; }
for ca in ca other-ca; do
    ossl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj "/CN=curl-ci $ca" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
        -keyout "$pki/$ca.key" -out "$pki/$ca.pem"
done
issue() { # issue <name> <subject> <extensions>: a leaf signed by ca
    ossl req -new -newkey rsa:2048 -nodes -subj "$2" -keyout "$pki/$1.key" -out "$pki/$1.csr"
    printf '%b' "$3" >"$pki/$1.ext"
    ossl x509 -req -sha256 -days 2 -in "$pki/$1.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca.key" \
        -CAcreateserial -extfile "$pki/$1.ext" -out "$pki/$1.pem"
}
issue server /CN=localhost \
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n'
client_name="curl-ci client"
issue client "/CN=$client_name" 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n'
ossl pkcs12 -export -passout pass:secret -in "$pki/client.pem" -inkey "$pki/client.key" \
    -certfile "$pki/ca.pem" -out "$pki/client.p12"
ossl pkcs12 -export -legacy -passout pass:secret -in "$pki/client.pem" -inkey "$pki/client.key" \
    -certfile "$pki/ca.pem" -out "$pki/client-legacy.p12"
pin="sha256//$(openssl x509 -in "$pki/server.pem" -noout -pubkey | openssl pkey -pubin -outform DER |
    openssl dgst -sha256 -binary | base64)"
other_pin="sha256//$(openssl x509 -in "$pki/other-ca.pem" -noout -pubkey | openssl pkey -pubin -outform DER |
    openssl dgst -sha256 -binary | base64)"
printf 'hello from s_server\n' >"$docroot/hello.txt"
head -c $((10 * 1024 * 1024)) /dev/urandom >"$docroot/big.bin"

# start_server <name> <s_server arguments...>: an s_server on a free port of 127.0.0.1 in the
# document root, answering with the server certificate; sets $port and $server.
start_server() {
    local log=$scratch/server-$1.log
    shift
    : >"$log" # exists before the server opens it, for the port loop's first read
    (cd "$docroot" && exec timeout 600 openssl s_server -accept 127.0.0.1:0 \
        -cert "$pki/server.pem" -key "$pki/server.key" "$@" <"${server_input:-/dev/null}" \
        >"$log" 2>&1) &
    server=$!
    servers+=("$server")
    port=""
    for _ in $(seq 100); do
        port=$(sed -n 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$log")
        [ -n "$port" ] && return 0
        sleep 0.1
    done
    echo "s_server did not start:"; cat "$log"; exit 1
}
stop_server() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }

failures=()
# check <case> <expected exit> <curl arguments...>: runs curl (bounded); its output in $out,
# its -v trace in $trace. A wrong exit code records the case as failed and returns 1.
check() {
    local name=$1 want=$2 status=0
    shift 2
    out=$scratch/$name.out
    trace=$scratch/$name.trace
    timeout 60 env -u CURL_CA_BUNDLE -u SSL_CERT_DIR -u SSL_CERT_FILE \
        "${runner[@]}" "$curl_bin" -sS -v --max-time 45 "$@" >"$out" 2>"$trace" || status=$?
    if [ "$status" -ne "$want" ]; then
        echo "FAIL $name: curl exit $status, expected $want"
        grep -v '^[<>{}] \|^\*   Trying' "$trace" | tail -15
        failures+=("$name")
        return 1
    fi
}
# expect <case> <file> <text>: the file holds the text (a fixed string).
expect() {
    grep -qF -- "$3" "$2" && return 0
    echo "FAIL $1: no \"$3\" in curl's ${2##*.}"
    failures+=("$1")
    return 1
}
ok() { echo "ok: $1"; }
runner=()
hello=$(cat "$docroot/hello.txt")
url_of() { echo "https://localhost:$port/$1"; }

echo "== curl: against openssl s_server -WWW (TLS 1.2 and 1.3 on offer)"
start_server www -WWW
check cacert 0 --cacert "$pki/ca.pem" "$(url_of hello.txt)" &&
    expect cacert "$out" "$hello" &&
    ok "verified GET with --cacert"
# curl's tool reads its CA from CURL_CA_BUNDLE, else SSL_CERT_DIR (a --capath, which Secure
# Transport ignores), else SSL_CERT_FILE: each case runs without the first two, so the
# machine's own settings (CI images often set all three) cannot stand in for the case's anchors.
runner=(env "SSL_CERT_FILE=$pki/ca.pem")
check ssl-cert-file 0 "$(url_of hello.txt)" &&
    expect ssl-cert-file "$out" "$hello" && ok "verified GET with SSL_CERT_FILE naming the CA"
# The library's own default trust store (OpenSSL's default paths, as SecTrust's system anchors):
# curl hands SSL_CERT_DIR to CAPATH, which Secure Transport lacks, so curl sets no anchors and
# the CA is found in the hashed directory by the library alone.
mkdir -p "$pki/hashed" && cp "$pki/ca.pem" "$pki/hashed/" && openssl rehash "$pki/hashed"
runner=(env "SSL_CERT_DIR=$pki/hashed")
check default-store 0 "$(url_of hello.txt)" &&
    expect default-store "$out" "$hello" &&
    ok "verified GET through the default trust store (SSL_CERT_DIR holding the CA)"
runner=()
check no-trust 60 "$(url_of hello.txt)" && ok "no anchor for the server's CA: exit 60"
check wrong-host 60 --cacert "$pki/ca.pem" --resolve "wrong.example:$port:127.0.0.1" \
    "https://wrong.example:$port/hello.txt" && ok "wrong host name: exit 60"
check untrusted-ca 60 --cacert "$pki/other-ca.pem" "$(url_of hello.txt)" &&
    ok "another CA in --cacert: exit 60"
check insecure 0 -k --cacert "$pki/other-ca.pem" "$(url_of hello.txt)" &&
    expect insecure "$out" "$hello" && ok "-k: unverified GET"
check pinned 0 --cacert "$pki/ca.pem" --pinnedpubkey "$pin" "$(url_of hello.txt)" &&
    expect pinned "$out" "$hello" && ok "--pinnedpubkey sha256// of the server's key"
check pinned-wrong 90 --cacert "$pki/ca.pem" --pinnedpubkey "$other_pin" "$(url_of hello.txt)" &&
    ok "--pinnedpubkey of another key: exit 90"
check cipher-openssl 0 --cacert "$pki/ca.pem" --tls-max 1.2 --ciphers ECDHE-RSA-AES128-GCM-SHA256 \
    "$(url_of hello.txt)" && expect cipher-openssl "$out" "$hello" &&
    expect cipher-openssl "$trace" "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" &&
    ok "--ciphers by OpenSSL name"
check cipher-iana 0 --cacert "$pki/ca.pem" --tls-max 1.2 --ciphers TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 \
    "$(url_of hello.txt)" && expect cipher-iana "$out" "$hello" &&
    expect cipher-iana "$trace" "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" &&
    ok "--ciphers by IANA name"
check big 0 --cacert "$pki/ca.pem" "$(url_of big.bin)" &&
    if cmp -s "$out" "$docroot/big.bin"; then ok "10 MB download, byte for byte"; else
        echo "FAIL big: the download differs from the file"; failures+=(big); fi
if command -v valgrind >/dev/null; then
    runner=(valgrind -q --error-exitcode=97 --leak-check=full --errors-for-leak-kinds=definite,indirect
        --show-leak-kinds=definite,indirect)
    check valgrind 0 --cacert "$pki/ca.pem" "$(url_of hello.txt)" &&
        expect valgrind "$out" "$hello" && ok "valgrind: a verified GET without memory errors or leaks"
    runner=()
else
    echo "FAIL valgrind: not installed"; failures+=(valgrind)
fi
stop_server

echo "== curl: TLS versions pinned (s_server at security level 0 for TLS 1.0 and 1.1)"
for version in 1.0 1.1 1.2; do
    start_server "tls$version" -WWW -cipher 'DEFAULT:@SECLEVEL=0' \
        "-tls1$([ "$version" = 1.0 ] || echo "_${version#1.}")"
    check "tls$version" 0 --cacert "$pki/ca.pem" "--tlsv$version" --tls-max "$version" \
        "$(url_of hello.txt)" && expect "tls$version" "$out" "$hello" &&
        expect "tls$version" "$trace" "TLS $version connection using" && ok "TLS $version pinned"
    stop_server
done
start_server tls1.2-only -WWW -tls1_2
check tls-too-old 35 --cacert "$pki/ca.pem" --tlsv1.0 --tls-max 1.1 "$(url_of hello.txt)" &&
    ok "TLS 1.0-1.1 against a TLS 1.2 server: exit 35"
stop_server

echo "== curl: client certificates (s_server -Verify 1)"
start_server client-cert -WWW -Verify 1 -CAfile "$pki/ca.pem"
for p12 in client client-legacy; do
    check "p12-$p12" 0 --cacert "$pki/ca.pem" --cert "$pki/$p12.p12:secret" --cert-type P12 \
        "$(url_of hello.txt)" && expect "p12-$p12" "$out" "$hello" && ok "client certificate from $p12.p12"
done
export XDG_DATA_HOME=$scratch/xdg
unset SECURE_TRANSPORT_KEYCHAIN
cc -std=c99 -Wall -Werror ci/curl/keychain_import.c -o "$scratch/keychain_import" \
    -I "$prefix/include/securetransport" -L "$prefix/lib" -lsecuretransport -Wl,-rpath,"$prefix/lib"
"$scratch/keychain_import" "$pki/client.p12" secret >"$scratch/keychain.path"
check keychain-label 0 --cacert "$pki/ca.pem" --cert "$client_name" "$(url_of hello.txt)" &&
    expect keychain-label "$out" "$hello" && ok "client certificate by keychain label"
check keychain-no-label 58 --cacert "$pki/ca.pem" --cert "no such label" "$(url_of hello.txt)" &&
    ok "an unknown label: exit 58"
check no-client-cert 56 --cacert "$pki/ca.pem" "$(url_of hello.txt)" ||
    { [ "${failures[-1]}" = no-client-cert ] && grep -q 'curl: (35)' "$trace" && unset 'failures[-1]'; } &&
    ok "no client certificate: refused"
stop_server

echo "== curl: ALPN and two URLs on one connection (HTTP/1.1 answers written to s_server)"
mkfifo "$scratch/answers"
# Read and write, so opening it does not wait for s_server, and s_server never reads an end.
exec 3<>"$scratch/answers"
server_input=$scratch/answers start_server reuse -alpn http/1.1
(
    for i in 1 2; do
        for _ in $(seq 300); do
            [ "$(grep -c '^GET ' "$scratch/server-reuse.log")" -ge "$i" ] && break
            sleep 0.1
        done
        printf 'HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nanswer%d\n' "$i" >&3
    done
) &
answers=$!
check reuse 0 --cacert "$pki/ca.pem" "$(url_of one)" "$(url_of two)" &&
    expect reuse "$out" "answer1" && expect reuse "$out" "answer2" &&
    expect reuse "$trace" "Re-using existing connection" &&
    expect reuse "$trace" "ALPN: offers http/1.1" &&
    expect reuse "$scratch/server-reuse.log" "ALPN protocols advertised by the client: http/1.1" &&
    if grep -q "ALPN: server did not agree" "$trace"; then
        echo "FAIL reuse: curl saw no ALPN answer"; failures+=(reuse); false; fi &&
    ok "ALPN http/1.1; two URLs on one connection"
kill "$answers" 2>/dev/null || true
exec 3>&-
stop_server

if [ ${#failures[@]} -gt 0 ]; then
    echo "curl.sh: FAILED: ${failures[*]}"
    exit 1
fi
echo "ok: curl's Secure Transport backend, every case"
