/*
 * SecRandom.h - cryptographically secure random numbers, for the Linux build
 * of secure-transport (OpenSSL's generator).
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _SECURITY_SECRANDOM_H_
#define _SECURITY_SECRANDOM_H_

#include <stddef.h>
#include <stdint.h>
#include <Security/SecBase.h>

#ifdef __cplusplus
extern "C" {
#endif

CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

/* A random number generator; there is one, the default. */
typedef const struct __SecRandom * SecRandomRef;

/* NULL, as on Apple: the default generator. */
extern const SecRandomRef kSecRandomDefault;

/*
 * Fills `bytes` with `count` random bytes. Returns 0 on success, -1 if the
 * generator failed, errSecParam for NULL bytes with a count. `rnd` is
 * ignored (pass kSecRandomDefault).
 */
int SecRandomCopyBytes(SecRandomRef __nullable rnd, size_t count, void *bytes)
    CF_WARN_UNUSED_RESULT;

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END

#ifdef __cplusplus
}
#endif

#endif /* _SECURITY_SECRANDOM_H_ */
