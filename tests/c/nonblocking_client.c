/* A Mac-style non-blocking client: the socket is O_NONBLOCK, the callbacks return
 * errSSLWouldBlock whenever it would block (and the write callback also after 32 bytes, as
 * a congested socket does), and the program waits in poll() before calling Secure Transport
 * again. Against `openssl s_server -rev` it sends LINES numbered lines, each SSLWrite taking
 * the whole line into the session's queue, and checks every reply is that line reversed.
 * usage: nonblocking_client <port> <ca.der>
 * Prints "OK <lines> <would-block reads> <would-block writes> <queued writes>". */
#include "common.h"

#include <fcntl.h>
#include <poll.h>
#include <time.h>

#define LINES 2000
#define LINE_LENGTH 100
#define WRITE_SLICE 32

static long would_block_reads, would_block_writes;

static OSStatus nonblocking_read(SSLConnectionRef connection, void *data, size_t *length) {
    int fd = (int)(intptr_t)connection;
    size_t wanted = *length, got = 0;
    while (got < wanted) {
        ssize_t n = recv(fd, (char *)data + got, wanted - got, 0);
        if (n == 0) { *length = got; return errSSLClosedNoNotify; }
        if (n < 0) {
            if (errno == EINTR) continue;
            *length = got;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                would_block_reads++;
                return errSSLWouldBlock;
            }
            return errSecIO;
        }
        got += (size_t)n;
    }
    *length = got;
    return noErr;
}

static OSStatus nonblocking_write(SSLConnectionRef connection, const void *data, size_t *length) {
    int fd = (int)(intptr_t)connection;
    size_t wanted = *length < WRITE_SLICE ? *length : WRITE_SLICE, sent = 0;
    while (sent < wanted) {
        ssize_t n = send(fd, (const char *)data + sent, wanted - sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            *length = sent;
            return errSecIO;
        }
        sent += (size_t)n;
    }
    OSStatus status = sent < *length ? errSSLWouldBlock : noErr;
    if (status == errSSLWouldBlock) would_block_writes++;
    *length = sent;
    return status;
}

/* Line i: its number, then letters, LINE_LENGTH bytes with the newline. */
static void make_line(int i, char *line) {
    int n = snprintf(line, LINE_LENGTH, "%05d:", i);
    for (int k = n; k < LINE_LENGTH - 1; k++) line[k] = (char)('a' + (i + k) % 26);
    line[LINE_LENGTH - 1] = '\n';
}

static void wait_for_socket(int fd) {
    struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT, .revents = 0 };
    REQUIRE(poll(&p, 1, 1000) >= 0, "poll: %s", strerror(errno));
}

int main(int argc, char **argv) {
    REQUIRE(argc == 3, "usage: %s port ca.der", argv[0]);
    int fd = connect_loopback(atoi(argv[1]));
    REQUIRE(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0, "O_NONBLOCK");
    CFArrayRef anchors = copy_certificate_array(argv[2]);

    SSLContextRef ctx = new_client(fd, nonblocking_read, nonblocking_write);
    CHECK(SSLSetProtocolVersionMax(ctx, kTLSProtocol13)); /* TLS 1.2 by default, as on a Mac */
    CHECK(SSLSetTrustedRoots(ctx, anchors, true));
    CFRelease(anchors);

    time_t deadline = time(NULL) + 60;
    OSStatus status;
    while ((status = SSLHandshake(ctx)) == errSSLWouldBlock) {
        REQUIRE(time(NULL) < deadline, "handshake timed out");
        wait_for_socket(fd);
    }
    CHECK(status);

    char line[LINE_LENGTH], expected[LINE_LENGTH], reply[LINE_LENGTH];
    int sent = 0, received = 0;
    size_t reply_have = 0;
    long queued = 0;
    while (received < LINES) {
        REQUIRE(time(NULL) < deadline, "transfer timed out: sent %d, received %d", sent, received);
        size_t processed = 0;
        if (sent < LINES) {
            /* All or nothing: the line goes into the queue even when the socket is full. */
            make_line(sent, line);
            status = SSLWrite(ctx, line, LINE_LENGTH, &processed);
            REQUIRE(status == noErr || status == errSSLWouldBlock, "SSLWrite: %d", (int)status);
            REQUIRE(processed == LINE_LENGTH, "SSLWrite took %zu of %d", processed, LINE_LENGTH);
            if (status == errSSLWouldBlock) queued++;
            sent++;
        } else {
            /* Everything handed over: a zero-length write keeps flushing the queue. */
            status = SSLWrite(ctx, NULL, 0, &processed);
            REQUIRE(status == noErr || status == errSSLWouldBlock, "flush: %d", (int)status);
        }
        /* Take whatever replies have arrived, without waiting. */
        for (int reads = 0; reads < 100000; reads++) {
            status = SSLRead(ctx, reply + reply_have, LINE_LENGTH - reply_have, &processed);
            reply_have += processed;
            if (reply_have == LINE_LENGTH) {
                make_line(received, line);
                for (int k = 0; k < LINE_LENGTH - 1; k++) expected[k] = line[LINE_LENGTH - 2 - k];
                expected[LINE_LENGTH - 1] = '\n';
                REQUIRE(memcmp(reply, expected, LINE_LENGTH) == 0, "reply %d differs", received);
                received++;
                reply_have = 0;
            }
            if (status == errSSLWouldBlock) break;
            CHECK(status);
        }
        if (sent == LINES) wait_for_socket(fd);
    }

    while ((status = SSLClose(ctx)) == errSSLWouldBlock) {
        REQUIRE(time(NULL) < deadline, "close timed out");
        wait_for_socket(fd);
    }
    CHECK(status);
    CFRelease(ctx);
    close(fd);
    printf("OK %d %ld %ld %ld\n", received, would_block_reads, would_block_writes, queued);
    return 0;
}
