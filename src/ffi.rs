//! OpenSSL 3 functions and macros that openssl-sys does not bind.

use libc::{c_int, c_long, c_void};
use openssl_sys::{SSL, SSL_CIPHER, SSL_CTX, X509_STORE_CTX};

pub const SSL_ERROR_WANT_CLIENT_HELLO_CB: c_int = 11;
pub const SSL_ERROR_WANT_RETRY_VERIFY: c_int = 12;
pub const SSL_CTRL_MODE: c_int = 33;
pub const SSL_CTRL_CLEAR_MODE: c_int = 78;
pub const SSL_CTRL_SET_RETRY_VERIFY: c_int = 136;
pub const SSL_MODE_SEND_FALLBACK_SCSV: c_long = 0x80;
pub const ERR_LIB_SSL: c_int = 20;
/// `ERR_LIB_SYS`: a system call failed (OpenSSL 3.2+ queue one for a failed BIO write).
pub const ERR_LIB_SYS: c_int = 2;
pub const SSL_AD_REASON_OFFSET: c_int = 1000;
/// `SSL_R_RECORD_LAYER_FAILURE`: OpenSSL 3.2+ adds it on top of the record layer's own error.
pub const SSL_R_RECORD_LAYER_FAILURE: c_int = 313;
/// `SSL_R_NO_RENEGOTIATION`: the peer refused a renegotiation we asked for.
pub const SSL_R_NO_RENEGOTIATION: c_int = 339;
/// `SSL_OP_ALLOW_CLIENT_RENEGOTIATION` (OpenSSL 3).
pub const SSL_OP_ALLOW_CLIENT_RENEGOTIATION: u64 = 1 << 8;
/// `SSL_CB_HANDSHAKE_START`: the info callback's "a handshake begins".
pub const SSL_CB_HANDSHAKE_START: c_int = 0x10;
/// `SSL_CTX_set_info_callback`'s callback.
pub type InfoCallback = unsafe extern "C" fn(ssl: *const SSL, where_: c_int, ret: c_int);

pub type CertCallback = unsafe extern "C" fn(ssl: *mut SSL, arg: *mut c_void) -> c_int;
pub type AppVerifyCallback =
    unsafe extern "C" fn(ctx: *mut X509_STORE_CTX, arg: *mut c_void) -> c_int;
pub type VerifyCallback = unsafe extern "C" fn(ok: c_int, ctx: *mut X509_STORE_CTX) -> c_int;
pub type PskClientCallback = unsafe extern "C" fn(
    ssl: *mut SSL,
    hint: *const libc::c_char,
    identity: *mut libc::c_char,
    max_identity_len: libc::c_uint,
    psk: *mut u8,
    max_psk_len: libc::c_uint,
) -> libc::c_uint;
pub type PskServerCallback = unsafe extern "C" fn(
    ssl: *mut SSL,
    identity: *const libc::c_char,
    psk: *mut u8,
    max_psk_len: libc::c_uint,
) -> libc::c_uint;
pub type SecurityCallback = unsafe extern "C" fn(
    ssl: *const SSL,
    ctx: *const SSL_CTX,
    op: c_int,
    bits: c_int,
    nid: c_int,
    other: *mut c_void,
    ex: *mut c_void,
) -> c_int;
/// `SSL_SECOP_TMP_DH` (ssl.h): a peer's ephemeral DH key is checked.
pub const SSL_SECOP_TMP_DH: c_int = 7 | (4 << 16);

extern "C" {
    pub fn SSL_CTX_set_cert_cb(ctx: *mut SSL_CTX, cb: Option<CertCallback>, arg: *mut c_void);
    pub fn SSL_CTX_set_cert_verify_callback(
        ctx: *mut SSL_CTX,
        cb: Option<AppVerifyCallback>,
        arg: *mut c_void,
    );
    pub fn X509_STORE_CTX_set_verify_cb(ctx: *mut X509_STORE_CTX, cb: Option<VerifyCallback>);
    pub fn SSL_CIPHER_find(ssl: *mut SSL, ptr: *const u8) -> *const SSL_CIPHER;
    /// Makes `ctx` the calling thread's default library context; returns the previous one.
    pub fn OSSL_LIB_CTX_set0_default(
        ctx: *mut openssl_sys::OSSL_LIB_CTX,
    ) -> *mut openssl_sys::OSSL_LIB_CTX;
    /// The certificate's "key ID" auxiliary value: `PKCS12_parse` puts a certificate bag's
    /// localKeyID attribute there. NULL if there is none.
    pub fn X509_keyid_get0(x: *mut openssl_sys::X509, len: *mut c_int) -> *mut u8;
}

/// The elements of an OpenSSL stack (`STACK_OF(T)`), none if the stack is null.
///
/// # Safety
/// `stack` must be null or a live stack whose elements are `T`s, unchanged while the
/// pointers are used.
pub unsafe fn stack_items<S, T>(stack: *const S) -> Vec<*mut T> {
    if stack.is_null() {
        return Vec::new();
    }
    let stack = stack.cast::<openssl_sys::OPENSSL_STACK>();
    // SAFETY: a live stack (the caller's promise), read within its bounds.
    unsafe {
        (0..openssl_sys::OPENSSL_sk_num(stack))
            .map(|i| openssl_sys::OPENSSL_sk_value(stack, i).cast::<T>())
            .collect()
    }
}

/// `SSL_set_retry_verify`, a macro in C: suspend the handshake from the verify callback.
///
/// # Safety
/// `ssl` is a live SSL inside its certificate verification.
pub unsafe fn ssl_set_retry_verify(ssl: *mut SSL) -> c_int {
    // SAFETY: the caller's promise; the control only sets a flag.
    let ret =
        unsafe { openssl_sys::SSL_ctrl(ssl, SSL_CTRL_SET_RETRY_VERIFY, 0, std::ptr::null_mut()) };
    (ret > 0) as c_int
}

/// `SSL_set_mode` / `SSL_clear_mode`, macros in C.
///
/// # Safety
/// `ssl` is a live SSL.
pub unsafe fn ssl_set_mode(ssl: *mut SSL, mode: c_long, on: bool) {
    let cmd = if on {
        SSL_CTRL_MODE
    } else {
        SSL_CTRL_CLEAR_MODE
    };
    // SAFETY: the caller's promise; the control only changes mode bits.
    unsafe { openssl_sys::SSL_ctrl(ssl, cmd, mode, std::ptr::null_mut()) };
}

/// Sets (`on`) or clears `options` on a live `SSL` (`SSL_set_options`/`SSL_clear_options`).
pub fn set_ssl_options(
    ssl: &mut openssl::ssl::SslRef,
    options: openssl::ssl::SslOptions,
    on: bool,
) {
    use foreign_types::ForeignTypeRef;
    // SAFETY: a live SSL; both calls only change its option bits.
    unsafe {
        if on {
            SSL_set_options(ssl.as_ptr(), options.bits());
        } else {
            SSL_clear_options(ssl.as_ptr(), options.bits());
        }
    }
}

pub const BIO_TYPE_SOURCE_SINK: c_int = 0x0400;

/// The `OSSL_HANDSHAKE_STATE`s (ssl.h) before the peer's hello is processed: before, a
/// DTLS HelloVerifyRequest, a client's ClientHello, a server's ClientHello. OpenSSL 3.2
/// inserted certificate-compression states into the enum (one before the ClientHello
/// states, two before the server's), so the numbers depend on the library running.
pub fn states_before_peer_hello() -> [c_int; 4] {
    let inserted = if openssl::version::number() >= 0x3020_0000 {
        1
    } else {
        0
    };
    [0, 2, 12 + inserted, 20 + 2 * inserted]
}

extern "C" {
    pub fn BIO_get_new_index() -> c_int;
    pub fn BIO_method_type(bio: *const openssl_sys::BIO) -> c_int;
    pub fn SSL_get_ciphers(ssl: *const SSL) -> *mut openssl_sys::stack_st_SSL_CIPHER;
    pub fn SSL_get1_supported_ciphers(ssl: *mut SSL) -> *mut openssl_sys::stack_st_SSL_CIPHER;
    pub fn SSL_is_dtls(ssl: *const SSL) -> c_int;
    pub fn SSL_get_state(ssl: *const SSL) -> c_int;
    pub fn SSL_CIPHER_get_auth_nid(cipher: *const SSL_CIPHER) -> c_int;
    pub fn SSL_CTX_get_ciphers(ctx: *const SSL_CTX) -> *mut openssl_sys::stack_st_SSL_CIPHER;
    pub fn SSL_set_psk_client_callback(ssl: *mut SSL, cb: Option<PskClientCallback>);
    pub fn SSL_set_psk_server_callback(ssl: *mut SSL, cb: Option<PskServerCallback>);
    pub fn SSL_set_security_callback(ssl: *mut SSL, cb: Option<SecurityCallback>);
    pub fn SSL_get_security_callback(ssl: *const SSL) -> Option<SecurityCallback>;
    pub fn SSL_CIPHER_is_aead(cipher: *const SSL_CIPHER) -> c_int;
    pub fn X509_STORE_CTX_get0_untrusted(
        ctx: *const X509_STORE_CTX,
    ) -> *mut openssl_sys::stack_st_X509;
    pub fn ASN1_TIME_to_tm(time: *const openssl_sys::ASN1_TIME, tm: *mut libc::tm) -> c_int;
}

/// `SSL_want` when the last call stopped to read from the transport (ssl.h).
pub const SSL_READING: c_int = 3;

extern "C" {
    pub fn SSL_want(ssl: *const SSL) -> c_int;
    pub fn SSL_in_init(ssl: *const SSL) -> c_int;
    pub fn SSL_certs_clear(ssl: *mut SSL);
    pub fn SSL_use_cert_and_key(
        ssl: *mut SSL,
        x509: *mut openssl_sys::X509,
        key: *mut openssl_sys::EVP_PKEY,
        chain: *mut openssl_sys::stack_st_X509,
        override_: c_int,
    ) -> c_int;
    pub fn ERR_peek_error() -> libc::c_ulong;
    pub fn ERR_set_mark() -> c_int;
    pub fn ERR_pop_to_mark() -> c_int;
    pub fn SSL_get_client_CA_list(ssl: *const SSL) -> *mut openssl_sys::stack_st_X509_NAME;
    pub fn SSL_set_options(ssl: *mut SSL, options: u64) -> u64;
    pub fn SSL_clear_options(ssl: *mut SSL, options: u64) -> u64;
    pub fn SSL_renegotiate(ssl: *mut SSL) -> c_int;
    pub fn SSL_renegotiate_pending(ssl: *const SSL) -> c_int;
    pub fn SSL_free_buffers(ssl: *mut SSL) -> c_int;
    pub fn SSL_CTX_set_info_callback(ctx: *mut SSL_CTX, cb: Option<InfoCallback>);
    pub fn SSL_set_session_id_context(
        ssl: *mut SSL,
        sid_ctx: *const u8,
        sid_ctx_len: libc::c_uint,
    ) -> c_int;
    pub fn SSL_set_not_resumable_session_callback(
        ssl: *mut SSL,
        cb: Option<unsafe extern "C" fn(ssl: *mut SSL, is_forward_secure: c_int) -> c_int>,
    );
}

/// `PKCS12_SAFEBAG` (pkcs12.h): one bag of a PKCS#12 archive (a certificate, a key…).
#[allow(non_camel_case_types)]
pub enum PKCS12_SAFEBAG {}

/// The bag types of PKCS#12 (RFC 7292 section 4.2), as OpenSSL numbers them.
pub const NID_keyBag: c_int = 150;
pub const NID_pkcs8ShroudedKeyBag: c_int = 151;
pub const NID_certBag: c_int = 152;
/// The content types of an archive's safes: plain data, password-encrypted data.
pub const NID_pkcs7_data: c_int = 21;
pub const NID_pkcs7_encrypted: c_int = 26;

extern "C" {
    pub fn PKCS12_SAFEBAG_create_cert(x509: *mut openssl_sys::X509) -> *mut PKCS12_SAFEBAG;
    pub fn PKCS12_SAFEBAG_create0_p8inf(
        p8: *mut openssl_sys::PKCS8_PRIV_KEY_INFO,
    ) -> *mut PKCS12_SAFEBAG;
    /// Declared with a `void *` so that it is the free function an `OPENSSL_sk_pop_free` takes.
    pub fn PKCS12_SAFEBAG_free(bag: *mut c_void);
    pub fn PKCS12_SAFEBAG_get_nid(bag: *const PKCS12_SAFEBAG) -> c_int;
    pub fn PKCS12_SAFEBAG_get0_p8inf(
        bag: *const PKCS12_SAFEBAG,
    ) -> *const openssl_sys::PKCS8_PRIV_KEY_INFO;
    pub fn PKCS12_SAFEBAG_get1_cert(bag: *const PKCS12_SAFEBAG) -> *mut openssl_sys::X509;
    pub fn PKCS12_decrypt_skey(
        bag: *const PKCS12_SAFEBAG,
        pass: *const libc::c_char,
        passlen: c_int,
    ) -> *mut openssl_sys::PKCS8_PRIV_KEY_INFO;
    pub fn PKCS12_add_localkeyid(
        bag: *mut PKCS12_SAFEBAG,
        name: *const u8,
        namelen: c_int,
    ) -> c_int;
    pub fn PKCS12_add_friendlyname_utf8(
        bag: *mut PKCS12_SAFEBAG,
        name: *const libc::c_char,
        namelen: c_int,
    ) -> c_int;
    /// The bag's friendly name as UTF-8, to be freed with `OPENSSL_free`; NULL if none.
    pub fn PKCS12_get_friendlyname(bag: *mut PKCS12_SAFEBAG) -> *mut libc::c_char;
    pub fn PKCS12_add_safe(
        psafes: *mut *mut openssl_sys::OPENSSL_STACK,
        bags: *mut openssl_sys::OPENSSL_STACK,
        safe_nid: c_int,
        iter: c_int,
        pass: *const libc::c_char,
    ) -> c_int;
    pub fn PKCS12_add_safes(
        safes: *mut openssl_sys::OPENSSL_STACK,
        p7_nid: c_int,
    ) -> *mut openssl_sys::PKCS12;
    pub fn PKCS12_mac_present(p12: *const openssl_sys::PKCS12) -> c_int;
    pub fn PKCS12_verify_mac(
        p12: *mut openssl_sys::PKCS12,
        pass: *const libc::c_char,
        passlen: c_int,
    ) -> c_int;
    pub fn PKCS12_unpack_authsafes(
        p12: *const openssl_sys::PKCS12,
    ) -> *mut openssl_sys::OPENSSL_STACK;
    pub fn PKCS12_unpack_p7data(p7: *mut openssl_sys::PKCS7) -> *mut openssl_sys::OPENSSL_STACK;
    pub fn PKCS12_unpack_p7encdata(
        p7: *mut openssl_sys::PKCS7,
        pass: *const libc::c_char,
        passlen: c_int,
    ) -> *mut openssl_sys::OPENSSL_STACK;
}
