//! The system's trusted roots: OpenSSL's default file and directories (`SSL_CERT_FILE`,
//! `SSL_CERT_DIR`), as a store for evaluations and as a list for
//! `SecTrustCopyAnchorCertificates`.

use std::path::Path;
use std::sync::OnceLock;

use openssl::x509::store::{X509Store, X509StoreBuilder};
use openssl::x509::X509;
use openssl_sys as sys;

/// The system's trusted roots, loaded once (OpenSSL's default paths, `SSL_CERT_FILE`/`_DIR`).
pub(super) fn store() -> &'static X509Store {
    static ROOTS: OnceLock<X509Store> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let mut builder = X509StoreBuilder::new().expect("X509_STORE_new");
        if let Err(e) = builder.set_default_paths() {
            log::warn!("cannot load the system's trusted roots: {e}");
        }
        builder.build()
    })
}

/// Every certificate of OpenSSL's default trusted-roots file and directories (the
/// `<hash>.<n>` files of each; `<hash>.r<n>` are CRLs), each once.
pub(super) fn certificates() -> Vec<X509> {
    let setting = |env: *const libc::c_char, default: *const libc::c_char| {
        let text = |p| {
            // SAFETY: OpenSSL's static, NUL-terminated strings.
            unsafe { std::ffi::CStr::from_ptr(p) }
                .to_string_lossy()
                .into_owned()
        };
        std::env::var(text(env)).unwrap_or_else(|_| text(default))
    };
    // SAFETY: these return pointers to static strings.
    let (file, dirs) = unsafe {
        (
            setting(
                sys::X509_get_default_cert_file_env(),
                sys::X509_get_default_cert_file(),
            ),
            setting(
                sys::X509_get_default_cert_dir_env(),
                sys::X509_get_default_cert_dir(),
            ),
        )
    };
    let read = |path: &Path| {
        std::fs::read(path)
            .ok()
            .and_then(|pem| X509::stack_from_pem(&pem).ok())
            .unwrap_or_default()
    };
    let mut roots = read(Path::new(&file));
    for dir in dirs.split(':').filter(|d| !d.is_empty()) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let hashed = name.split_once('.').is_some_and(|(hash, n)| {
                hash.len() == 8
                    && hash.bytes().all(|b| b.is_ascii_hexdigit())
                    && !n.is_empty()
                    && n.bytes().all(|b| b.is_ascii_digit())
            });
            if hashed {
                roots.extend(read(&path));
            }
        }
    }
    let mut unique: Vec<X509> = Vec::new();
    for root in roots {
        if !unique.iter().any(|known| **known == *root) {
            unique.push(root);
        }
    }
    unique
}
