/* A Mac-style HTTPS client, unchanged from macOS: Secure Transport over a blocking socket,
 * the server checked against the system's roots and its host name.
 * Build (after ci/install.sh):  cc https_get.c $(pkg-config --cflags --libs securetransport)
 * Run:                          ./a.out example.com 443 */
#include <Security/SecureTransport.h>

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static OSStatus read_socket(SSLConnectionRef connection, void *data, size_t *length) {
    ssize_t n = recv(*(const int *)connection, data, *length, MSG_WAITALL);
    if (n <= 0) { *length = 0; return n == 0 ? errSSLClosedNoNotify : errSecIO; }
    OSStatus status = (size_t)n < *length ? errSSLWouldBlock : noErr;
    *length = (size_t)n;
    return status;
}

static OSStatus write_socket(SSLConnectionRef connection, const void *data, size_t *length) {
    ssize_t n = send(*(const int *)connection, data, *length, MSG_NOSIGNAL);
    if (n < 0) { *length = 0; return errSecIO; }
    OSStatus status = (size_t)n < *length ? errSSLWouldBlock : noErr;
    *length = (size_t)n;
    return status;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s host port\n", argv[0]); return 2; }
    const char *host = argv[1];

    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *address;
    if (getaddrinfo(host, argv[2], &hints, &address) != 0) { fprintf(stderr, "unknown host\n"); return 1; }
    int fd = socket(address->ai_family, SOCK_STREAM, 0);
    if (connect(fd, address->ai_addr, address->ai_addrlen) != 0) { perror("connect"); return 1; }
    freeaddrinfo(address);

    SSLContextRef ctx = SSLCreateContext(kCFAllocatorDefault, kSSLClientSide, kSSLStreamType);
    SSLSetIOFuncs(ctx, read_socket, write_socket);
    SSLSetConnection(ctx, &fd);
    SSLSetPeerDomainName(ctx, host, strlen(host));

    OSStatus status;
    do status = SSLHandshake(ctx); while (status == errSSLWouldBlock);
    if (status != noErr) {
        fprintf(stderr, "handshake failed: %d\n", (int)status); /* e.g. -9807: untrusted */
        CFRelease(ctx);
        return 1;
    }

    char request[512];
    int length = snprintf(request, sizeof request,
                          "GET / HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n", host);
    size_t processed;
    SSLWrite(ctx, request, (size_t)length, &processed);

    char reply[4096];
    while ((status = SSLRead(ctx, reply, sizeof reply, &processed)) == noErr
           || status == errSSLWouldBlock)
        fwrite(reply, 1, processed, stdout);
    /* errSSLClosedGraceful: the server said close_notify. */
    SSLClose(ctx);
    CFRelease(ctx);
    close(fd);
    return status == errSSLClosedGraceful || status == errSSLClosedNoNotify ? 0 : 1;
}
