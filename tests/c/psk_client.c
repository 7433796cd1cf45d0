/* A pre-shared-key client, as Apple's own code sets one up (SecureTransportPriv.h):
 * SSLSetPSKSharedSecret, SSLSetPSKIdentity, a PSK suite enabled, no certificates at all,
 * against `openssl s_server -psk <hex> -psk_identity <identity> -rev`.
 * usage: psk_client <port> <key, hex> <identity>
 * Sends a line, expects it reversed; prints "OK <cipher suite>" or "FAILED <status>". */
#include "common.h"
#include <Security/SecureTransportPriv.h>

int main(int argc, char **argv) {
    REQUIRE(argc == 4, "usage: %s port key-hex identity", argv[0]);
    unsigned char key[64];
    size_t key_len = strlen(argv[2]) / 2;
    REQUIRE(key_len <= sizeof key, "key too long");
    for (size_t i = 0; i < key_len; i++) {
        unsigned byte;
        REQUIRE(sscanf(argv[2] + 2 * i, "%2x", &byte) == 1, "key is not hex");
        key[i] = (unsigned char)byte;
    }
    int fd = connect_loopback(atoi(argv[1]));
    SSLContextRef ctx = new_client(fd, socket_read, socket_write);
    CHECK(SSLSetPSKSharedSecret(ctx, key, key_len));
    CHECK(SSLSetPSKIdentity(ctx, argv[3], strlen(argv[3])));
    const void *identity = NULL;
    size_t identity_len = 0;
    CHECK(SSLGetPSKIdentity(ctx, &identity, &identity_len));
    REQUIRE(identity_len == strlen(argv[3]) && memcmp(identity, argv[3], identity_len) == 0,
            "SSLGetPSKIdentity");
    SSLCipherSuite psk_suite = TLS_PSK_WITH_AES_128_GCM_SHA256;
    CHECK(SSLSetEnabledCiphers(ctx, &psk_suite, 1));

    OSStatus status = handshake(ctx);
    if (status != noErr) {
        CFRelease(ctx);
        close(fd);
        printf("FAILED %d\n", (int)status);
        return 0;
    }
    const char *line = "pre-shared\n";
    size_t processed = 0;
    CHECK(SSLWrite(ctx, line, strlen(line), &processed));
    char reply[16] = {0};
    read_exactly(ctx, reply, strlen(line));
    REQUIRE(strcmp(reply, "derahs-erp\n") == 0, "reply '%s'", reply);
    SSLCipherSuite negotiated = 0;
    CHECK(SSLGetNegotiatedCipher(ctx, &negotiated));
    CHECK(SSLClose(ctx));
    CFRelease(ctx);
    close(fd);
    printf("OK 0x%04x\n", (unsigned)negotiated);
    return 0;
}
