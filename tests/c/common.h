/* What the C test programs share: the kind of helpers Mac code keeps next to its Secure
 * Transport calls (socket callbacks, loading DER and PKCS#12 files), written with nothing
 * but Apple's API and POSIX. Each program includes it once; the helpers are inline so
 * that a program may leave some unused. */
#ifndef TESTS_C_COMMON_H
#define TESTS_C_COMMON_H

#include <Security/Security.h>
#include <Security/SecureTransport.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Exits with the call, its line and its status unless it returned noErr. */
#define CHECK(call)                                                              \
    do {                                                                         \
        OSStatus status_ = (call);                                               \
        if (status_ != noErr) {                                                  \
            fprintf(stderr, "%s:%d: %s -> %d\n", __FILE__, __LINE__, #call,      \
                    (int)status_);                                               \
            exit(1);                                                             \
        }                                                                        \
    } while (0)

/* Exits with a message when `condition` is false. */
#define REQUIRE(condition, ...)                                                  \
    do {                                                                         \
        if (!(condition)) {                                                      \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                      \
            fprintf(stderr, __VA_ARGS__);                                        \
            fputc('\n', stderr);                                                 \
            exit(1);                                                             \
        }                                                                        \
    } while (0)

/* The classic blocking callbacks: move every byte asked for, or say why not. */
static inline OSStatus socket_read(SSLConnectionRef connection, void *data, size_t *length) {
    int fd = (int)(intptr_t)connection;
    size_t wanted = *length, got = 0;
    while (got < wanted) {
        ssize_t n = recv(fd, (char *)data + got, wanted - got, 0);
        if (n == 0) { *length = got; return errSSLClosedNoNotify; }
        if (n < 0) {
            if (errno == EINTR) continue;
            *length = got;
            return errSecIO;
        }
        got += (size_t)n;
    }
    *length = got;
    return noErr;
}

static inline OSStatus socket_write(SSLConnectionRef connection, const void *data, size_t *length) {
    int fd = (int)(intptr_t)connection;
    size_t wanted = *length, sent = 0;
    while (sent < wanted) {
        ssize_t n = send(fd, (const char *)data + sent, wanted - sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            *length = sent;
            return errSecIO;
        }
        sent += (size_t)n;
    }
    *length = sent;
    return noErr;
}

/* A TCP connection to 127.0.0.1:port. */
static inline int connect_loopback(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0,
            "connect to port %d: %s", port, strerror(errno));
    return fd;
}

/* A whole file as CFData. */
static inline CFDataRef copy_file(const char *path) {
    FILE *f = fopen(path, "rb");
    REQUIRE(f != NULL, "open %s: %s", path, strerror(errno));
    static UInt8 buf[65536];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return CFDataCreate(kCFAllocatorDefault, buf, (CFIndex)n);
}

/* A DER certificate file as a one-element array (an anchor list). */
static inline CFArrayRef copy_certificate_array(const char *der_path) {
    CFDataRef data = copy_file(der_path);
    SecCertificateRef certificate = SecCertificateCreateWithData(kCFAllocatorDefault, data);
    CFRelease(data);
    REQUIRE(certificate != NULL, "%s is not a DER certificate", der_path);
    CFArrayRef array = CFArrayCreate(kCFAllocatorDefault, (const void **)&certificate, 1,
                                     &kCFTypeArrayCallBacks);
    CFRelease(certificate);
    return array;
}

/* The array SSLSetCertificate takes, from a PKCS#12 file: the identity, then the rest of
 * its chain, as Apple's sample code builds it. */
static inline CFArrayRef copy_identity_from_pkcs12(const char *path, const char *password) {
    CFDataRef data = copy_file(path);
    CFStringRef passphrase = CFStringCreateWithCString(kCFAllocatorDefault, password,
                                                       kCFStringEncodingUTF8);
    const void *keys[] = { kSecImportExportPassphrase };
    const void *values[] = { passphrase };
    CFDictionaryRef options = CFDictionaryCreate(kCFAllocatorDefault, keys, values, 1,
                                                 &kCFTypeDictionaryKeyCallBacks,
                                                 &kCFTypeDictionaryValueCallBacks);
    CFArrayRef items = NULL;
    CHECK(SecPKCS12Import(data, options, &items));
    CFRelease(options);
    CFRelease(passphrase);
    CFRelease(data);
    REQUIRE(CFArrayGetCount(items) == 1, "%ld identities", (long)CFArrayGetCount(items));

    CFDictionaryRef item = (CFDictionaryRef)CFArrayGetValueAtIndex(items, 0);
    SecIdentityRef identity = (SecIdentityRef)CFDictionaryGetValue(item, kSecImportItemIdentity);
    CFArrayRef chain = (CFArrayRef)CFDictionaryGetValue(item, kSecImportItemCertChain);
    REQUIRE(identity != NULL && CFGetTypeID(identity) == SecIdentityGetTypeID(), "no identity");
    CFMutableArrayRef certificates = CFArrayCreateMutable(kCFAllocatorDefault, 0,
                                                          &kCFTypeArrayCallBacks);
    CFArrayAppendValue(certificates, identity);
    /* The chain starts with the identity's own certificate. */
    for (CFIndex i = 1; chain != NULL && i < CFArrayGetCount(chain); i++)
        CFArrayAppendValue(certificates, CFArrayGetValueAtIndex(chain, i));
    CFRelease(items);
    return certificates;
}

/* A client context for "localhost" that talks through `fd` with the given callbacks. */
static inline SSLContextRef new_client(int fd, SSLReadFunc read_func, SSLWriteFunc write_func) {
    SSLContextRef ctx = SSLCreateContext(kCFAllocatorDefault, kSSLClientSide, kSSLStreamType);
    REQUIRE(ctx != NULL, "SSLCreateContext");
    CHECK(SSLSetIOFuncs(ctx, read_func, write_func));
    CHECK(SSLSetConnection(ctx, (SSLConnectionRef)(intptr_t)fd));
    CHECK(SSLSetPeerDomainName(ctx, "localhost", strlen("localhost")));
    return ctx;
}

/* Reads exactly `length` bytes: SSLRead may return fewer per call. */
static inline void read_exactly(SSLContextRef ctx, char *buf, size_t length) {
    size_t have = 0, processed = 0;
    while (have < length) {
        CHECK(SSLRead(ctx, buf + have, length - have, &processed));
        have += processed;
    }
}

/* Calls SSLHandshake until it stops asking to be called again. */
static inline OSStatus handshake(SSLContextRef ctx) {
    OSStatus status;
    int rounds = 0;
    do {
        status = SSLHandshake(ctx);
    } while (status == errSSLWouldBlock && ++rounds < 100000);
    return status;
}

/* A client with `certificates` (an identity first) for a server on `port` that reverses
 * lines (`openssl s_server -rev`) and anchors in `ca_der`: sends "me", stores the reply
 * ("em") in `reply` (3 bytes) and returns the SSLClientCertificateState. */
static inline SSLClientCertificateState client_exchange(int port, const char *ca_der,
                                                        CFArrayRef certificates, char *reply) {
    int fd = connect_loopback(port);
    CFArrayRef anchors = copy_certificate_array(ca_der);
    SSLContextRef ctx = new_client(fd, socket_read, socket_write);
    CHECK(SSLSetTrustedRoots(ctx, anchors, true));
    CHECK(SSLSetCertificate(ctx, certificates));
    CFRelease(anchors);
    CHECK(handshake(ctx));
    size_t processed = 0;
    CHECK(SSLWrite(ctx, "me\n", 3, &processed));
    memset(reply, 0, 3);
    read_exactly(ctx, reply, 3);
    reply[2] = '\0';
    SSLClientCertificateState state;
    CHECK(SSLGetClientCertificateState(ctx, &state));
    CHECK(SSLClose(ctx));
    CFRelease(ctx);
    close(fd);
    return state;
}

#endif
