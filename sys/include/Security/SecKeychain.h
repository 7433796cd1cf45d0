/*
 * SecKeychain.h - keychains, for the Linux build of secure-transport.
 *
 * A keychain is a file: a PKCS#12 archive (inspect it with
 * `openssl pkcs12 -info -in FILE`) encrypted with the keychain's password,
 * mode 0600. Relative paths are in $XDG_DATA_HOME/secure-transport/
 * (~/.local/share/secure-transport/), where the default keychain,
 * login.keychain, is made with an empty password on first use; the
 * environment variable SECURE_TRANSPORT_KEYCHAIN names another file.
 * The default keychain and the search list set here are the process's.
 */

/* Clang: treat this like the SDK header it stands in for (no warnings from
 * the Clang-only nullability qualifiers under -pedantic). */
#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _SECURITY_SECKEYCHAIN_H_
#define _SECURITY_SECKEYCHAIN_H_

#include <CoreFoundation/CoreFoundation.h>
#include <Security/SecBase.h>

#ifdef __cplusplus
extern "C" {
#endif

CF_ASSUME_NONNULL_BEGIN

/* What SecKeychainGetStatus reports: a combination of these. */
typedef UInt32 SecKeychainStatus;
CF_ENUM(UInt32) {
    kSecUnlockStateStatus = 1, /* unlocked: this process holds the password */
    kSecReadPermStatus    = 2,
    kSecWritePermStatus   = 4
};

/* The CFTypeID of every SecKeychainRef. */
CFTypeID SecKeychainGetTypeID(void);

/* A reference to the keychain at pathName, which need not exist yet
 * (SecKeychainGetStatus then says errSecNoSuchKeychain). */
OSStatus SecKeychainOpen(const char *pathName,
                         SecKeychainRef * _Nonnull CF_RETURNS_RETAINED keychain);

/* A new keychain file, encrypted with the password (UTF-8), unlocked.
 * errSecDuplicateKeychain if the file exists. There is no one to prompt:
 * promptUser is errSecInteractionNotAllowed. initialAccess is not kept. */
OSStatus SecKeychainCreate(const char *pathName, UInt32 passwordLength,
                           const void * __nullable password, Boolean promptUser,
                           SecAccessRef __nullable initialAccess,
                           SecKeychainRef * _Nonnull CF_RETURNS_RETAINED keychain);

/* Removes the file of a keychain, or of each of an array of keychains, and
 * each from the search list and as the default. */
OSStatus SecKeychainDelete(SecKeychainRef __nullable keychainOrArray);

/* Unlocks a keychain (NULL: the default): errSecAuthFailed for a wrong
 * password. Without usePassword only an empty password is tried
 * (errSecInteractionNotAllowed if it is not the keychain's). */
OSStatus SecKeychainUnlock(SecKeychainRef __nullable keychain, UInt32 passwordLength,
                           const void * __nullable password, Boolean usePassword);

/* Locks a keychain (NULL: the default); its items are then
 * errSecInteractionNotAllowed until it is unlocked. */
OSStatus SecKeychainLock(SecKeychainRef __nullable keychain);

/* Locks every keychain the process has opened. */
OSStatus SecKeychainLockAll(void);

/* The default keychain (made on first use), retained. */
OSStatus SecKeychainCopyDefault(SecKeychainRef * _Nonnull CF_RETURNS_RETAINED keychain);

/* Makes a keychain the process's default. */
OSStatus SecKeychainSetDefault(SecKeychainRef __nullable keychain);

/* The keychains searched when none are named (by default: the default
 * keychain), as a retained array. */
OSStatus SecKeychainCopySearchList(CFArrayRef * _Nonnull CF_RETURNS_RETAINED searchList);

/* Sets the process's search list (an empty array: searches find nothing). */
OSStatus SecKeychainSetSearchList(CFArrayRef searchList);

/* Unlocked: all three status bits; locked: kSecReadPermStatus. */
OSStatus SecKeychainGetStatus(SecKeychainRef __nullable keychain,
                              SecKeychainStatus *keychainStatus);

/* The keychain's path, NUL-terminated, in pathName (*ioPathLength bytes);
 * *ioPathLength becomes its length without the NUL. errSecBufferTooSmall
 * if it does not fit. */
OSStatus SecKeychainGetPath(SecKeychainRef __nullable keychain, UInt32 *ioPathLength,
                            char *pathName);

CF_ASSUME_NONNULL_END

#ifdef __cplusplus
}
#endif

#endif /* _SECURITY_SECKEYCHAIN_H_ */
