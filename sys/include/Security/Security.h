/*
 * Security.h - umbrella header: everything libsecuretransport offers of
 * Apple's Security framework (Secure Transport, certificates, identities,
 * policies, trust evaluation, keys, import and export, keychains, random
 * numbers).
 *
 * Build with -I<this include directory>; link with -lsecuretransport.
 */

/* Clang: treat this like the SDK header it stands in for (no warnings from
 * the Clang-only nullability qualifiers under -pedantic). */
#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _SECURITY_SECURITY_H_
#define _SECURITY_SECURITY_H_

#include <CoreFoundation/CoreFoundation.h>
#include <Security/SecBase.h>
#include <Security/SecCertificate.h>
#include <Security/SecItem.h>
#include <Security/SecKey.h>
#include <Security/SecIdentity.h>
#include <Security/SecPolicy.h>
#include <Security/SecTrust.h>
#include <Security/SecImportExport.h>
#include <Security/SecKeychain.h>
#include <Security/SecRandom.h>
#include <Security/SecProtocolTypes.h>
#include <Security/CipherSuite.h>
#include <Security/SecureTransport.h>

#endif /* _SECURITY_SECURITY_H_ */
