"""Python ctypes bindings as written for a Mac of this CPU: SSLCipherSuite arrays of
uint32 on Intel (uint16 on ARM), passed to SSLSetEnabledCiphers and filled by
SSLGetEnabledCiphers / SSLGetSupportedCiphers of libsecuretransport.

usage: python3 cipher_suites.py <path to libsecuretransport.so> <uint32|uint16>
Prints "OK" or exits non-zero with what went wrong."""

import ctypes
import sys

lib = ctypes.CDLL(sys.argv[1])
Suite = {"uint32": ctypes.c_uint32, "uint16": ctypes.c_uint16}[sys.argv[2]]
ctx_ref = ctypes.c_void_p

lib.SSLCreateContext.restype = ctx_ref
lib.SSLCreateContext.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
lib.SSLSetEnabledCiphers.argtypes = [ctx_ref, ctypes.POINTER(Suite), ctypes.c_size_t]
lib.SSLGetEnabledCiphers.argtypes = [ctx_ref, ctypes.POINTER(Suite), ctypes.POINTER(ctypes.c_size_t)]
lib.SSLGetSupportedCiphers.argtypes = lib.SSLGetEnabledCiphers.argtypes
lib.SSLGetNumberSupportedCiphers.argtypes = [ctx_ref, ctypes.POINTER(ctypes.c_size_t)]
lib.CFRelease.argtypes = [ctypes.c_void_p]
for function in ("SSLSetEnabledCiphers", "SSLGetEnabledCiphers", "SSLGetSupportedCiphers",
                 "SSLGetNumberSupportedCiphers"):
    getattr(lib, function).restype = ctypes.c_int32

kSSLClientSide, kSSLStreamType = 1, 0
TLS_AES_128_GCM_SHA256 = 0x1301
TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 = 0xC02C
TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 = 0xC02F


def check(what, status):
    if status != 0:
        sys.exit(f"{what} -> {status}")


ctx = lib.SSLCreateContext(None, kSSLClientSide, kSSLStreamType)
if not ctx:
    sys.exit("SSLCreateContext returned NULL")

wanted = [TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLS_AES_128_GCM_SHA256,
          TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]
check("SSLSetEnabledCiphers",
      lib.SSLSetEnabledCiphers(ctx, (Suite * len(wanted))(*wanted), len(wanted)))
room = 64
enabled = (Suite * room)()
count = ctypes.c_size_t(room)
check("SSLGetEnabledCiphers", lib.SSLGetEnabledCiphers(ctx, enabled, ctypes.byref(count)))
got = list(enabled[:count.value])
if sorted(got) != sorted(wanted):  # OpenSSL keeps TLS 1.3 suites first
    sys.exit(f"enabled {[hex(s) for s in got]}, set {[hex(s) for s in wanted]}")

total = ctypes.c_size_t()
check("SSLGetNumberSupportedCiphers", lib.SSLGetNumberSupportedCiphers(ctx, ctypes.byref(total)))
supported = (Suite * total.value)()
count = ctypes.c_size_t(total.value)
check("SSLGetSupportedCiphers", lib.SSLGetSupportedCiphers(ctx, supported, ctypes.byref(count)))
suites = list(supported[:count.value])
if count.value != total.value or TLS_AES_128_GCM_SHA256 not in suites \
        or any(s > 0xFFFF for s in suites):
    sys.exit(f"supported: {count.value} of {total.value}, {[hex(s) for s in suites[:8]]}…")

lib.CFRelease(ctx)
print("OK")
