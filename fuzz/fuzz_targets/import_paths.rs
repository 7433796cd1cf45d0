//! The import paths: PKCS#12 (`SecPKCS12Import`), DER certificates
//! (`SecCertificateCreateWithData`), PEM certificates and identities, and `SecItemImport`
//! of every format with its items exported again (`SecItemExport`) and read back.
//!
//! Input: a mode byte, then the data. Mode & 3: 0 PKCS#12 through the C ABI (bits 2–3: the
//! fixture's passphrase, an empty one, no options, options without a passphrase); 1 a DER
//! certificate through the C ABI; 2 PEM through the Rust API; 3 `SecItemImport` through the
//! C ABI (bits 2–4: the format given, bit 5: the fixture's passphrase or none, bits 6–7:
//! no file name, ".p12", "key.p8", "leaf.cer").
#![no_main]

use libfuzzer_sys::fuzz_target;
use secure_transport::certificate::{errSecInternal, SecCertificate};
use secure_transport::identity::SecIdentity;
use secure_transport::import_export::{ExternalFormat, ImportOptions};
use secure_transport::status::*;
use secure_transport_fuzz::calls::data;
use secure_transport_fuzz::{check, fixture};
use securetransport::cf::{array::*, base::*, dictionary::*, string::*};
use securetransport::security::{
    certificate::*, identity::*, import::*, key::*, policy::*, trust::*,
};

type Ref = *const std::ffi::c_void;

fuzz_target!(|input: &[u8]| {
    let Some((&mode, body)) = input.split_first() else {
        return;
    };
    match mode & 3 {
        0 => pkcs12(mode >> 2, body),
        1 => der(body),
        2 => pem(body),
        _ => item_import(mode >> 2, body),
    }
});

/// Releases the objects that are not NULL.
fn release_all(objects: &[Ref]) {
    for &object in objects.iter().filter(|o| !o.is_null()) {
        CFRelease(object);
    }
}

/// A PKCS#12 archive through the C ABI, with the options `options_kind` picks.
fn pkcs12(options_kind: u8, body: &[u8]) {
    let archive = data(body);
    let passphrase = match options_kind % 4 {
        0 => Some(fixture::P12_PASSPHRASE),
        1 => Some(""),
        _ => None,
    };
    let text = passphrase.map(|p| std::ffi::CString::new(p).unwrap());
    let value = text.as_ref().map_or(std::ptr::null(), |t| {
        // SAFETY: `t` is a NUL-terminated string, live for the call (the CFString copies it).
        unsafe { CFStringCreateWithCString(std::ptr::null(), t.as_ptr(), kCFStringEncodingUTF8) }
    });
    let key = kSecImportExportPassphrase.get();
    let options = match options_kind % 4 {
        2 => std::ptr::null(),
        // SAFETY: no keys or values (NULL, 0); CF's own callbacks, statics.
        3 => unsafe {
            CFDictionaryCreate(
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                0,
                &kCFTypeDictionaryKeyCallBacks,
                &kCFTypeDictionaryValueCallBacks,
            )
        },
        // SAFETY: one key and one value (the count), read from the locals `key` and `value`;
        // CF's own callbacks (statics), which take any value.
        _ => unsafe {
            CFDictionaryCreate(
                std::ptr::null(),
                &key,
                &value,
                1,
                &kCFTypeDictionaryKeyCallBacks,
                &kCFTypeDictionaryValueCallBacks,
            )
        },
    };
    let mut items = std::ptr::null();
    // SAFETY: the out-pointer is the local `items`.
    let status = unsafe { SecPKCS12Import(archive, options, &mut items) };
    let status = check("SecPKCS12Import", status);
    assert_eq!(status == 0, !items.is_null(), "SecPKCS12Import {status}");
    if status == 0 {
        assert_eq!(CFGetTypeID(items), CFArrayGetTypeID());
        for i in 0..CFArrayGetCount(items) {
            inspect_item(CFArrayGetValueAtIndex(items, i));
        }
    }
    release_all(&[archive, value, options, items]);
}

/// One imported identity: its certificate leads its chain, its trust holds the chain.
fn inspect_item(item: Ref) {
    assert_eq!(CFGetTypeID(item), CFDictionaryGetTypeID());
    // SAFETY: SecPKCS12Import's dictionaries compare keys with CF's callback (CFEqual), which
    // takes any value; the key is a constant CFString.
    let identity = unsafe { CFDictionaryGetValue(item, kSecImportItemIdentity.get()) };
    // SAFETY: as for the identity.
    let chain = unsafe { CFDictionaryGetValue(item, kSecImportItemCertChain.get()) };
    // SAFETY: as for the identity.
    let trust = unsafe { CFDictionaryGetValue(item, kSecImportItemTrust.get()) };
    assert!(!identity.is_null() && !chain.is_null() && !trust.is_null());
    let mut certificate = std::ptr::null();
    // SAFETY: the out-pointer is the local `certificate`.
    let status = unsafe { SecIdentityCopyCertificate(identity, &mut certificate) };
    assert_eq!(status, 0);
    assert_eq!(CFEqual(certificate, CFArrayGetValueAtIndex(chain, 0)), 1);
    // Counting evaluates the trust and counts the chain it built, as on Apple.
    assert!(SecTrustGetCertificateCount(trust) >= 1);
    assert_eq!(
        CFEqual(
            SecTrustGetCertificateAtIndex(trust, 0),
            CFArrayGetValueAtIndex(chain, 0)
        ),
        1
    );
    let mut result = 0;
    // SAFETY: the out-pointer is the local `result`.
    let status = unsafe { SecTrustEvaluate(trust, &mut result) };
    check("SecTrustEvaluate", status);
    release_all(&[certificate]);
}

/// A DER certificate: its data round-trips, and it can be evaluated.
fn der(body: &[u8]) {
    let input = data(body);
    let certificate = SecCertificateCreateWithData(std::ptr::null(), input);
    let parsed = SecCertificate::from_der(body);
    assert_eq!(
        certificate.is_null(),
        parsed.is_err(),
        "C and Rust parsers disagree"
    );
    if certificate.is_null() {
        assert_eq!(parsed.err().map(|e| e.code()), Some(errSecDecode));
        release_all(&[input]);
        return;
    }
    let copy = SecCertificateCopyData(certificate);
    let again = SecCertificateCreateWithData(std::ptr::null(), copy);
    assert!(!again.is_null(), "the DER a certificate gives back parses");
    assert_eq!(CFEqual(certificate, again), 1);
    let summary = SecCertificateCopySubjectSummary(certificate);
    assert!(!summary.is_null());
    inspect_certificate(certificate);
    // SAFETY: a NUL-terminated string literal, static.
    let host = unsafe {
        CFStringCreateWithCString(
            std::ptr::null(),
            c"localhost".as_ptr(),
            kCFStringEncodingUTF8,
        )
    };
    let policy = SecPolicyCreateSSL(1, host);
    let mut trust = std::ptr::null();
    // SAFETY: the out-pointer is the local `trust`.
    let status = unsafe { SecTrustCreateWithCertificates(certificate, policy, &mut trust) };
    assert_eq!(check("SecTrustCreateWithCertificates", status), 0);
    // SAFETY: one value (the count), read from the local `certificate`; CF's callbacks (a
    // static), which take any value.
    let anchors =
        unsafe { CFArrayCreate(std::ptr::null(), &certificate, 1, &kCFTypeArrayCallBacks) };
    check(
        "SecTrustSetAnchorCertificates",
        SecTrustSetAnchorCertificates(trust, anchors),
    );
    let mut error = std::ptr::null();
    // SAFETY: the out-pointer is the local `error`.
    let trusted = unsafe { SecTrustEvaluateWithError(trust, &mut error) };
    assert_eq!(trusted, error.is_null());
    release_all(&[
        input,
        certificate,
        copy,
        again,
        summary,
        host,
        policy,
        trust,
        anchors,
        error,
    ]);
}

/// PEM: one certificate, a bundle, an identity from the same text (certificate and key).
fn pem(body: &[u8]) {
    let one = SecCertificate::from_pem(body);
    let all = SecCertificate::stack_from_pem(body);
    if let Ok(first) = &one {
        assert_eq!(
            SecCertificate::from_der(&first.to_der()).ok().as_ref(),
            Some(first)
        );
    }
    if let Ok(all) = &all {
        if let (Some(head), Ok(one)) = (all.first(), &one) {
            assert_eq!(head, one, "the bundle starts with the first certificate");
        }
    }
    match SecIdentity::from_pem(body, body) {
        Ok(identity) => {
            let certificate = identity
                .certificate()
                .expect("an identity has a certificate");
            assert_eq!(Some(&certificate), one.as_ref().ok());
        }
        Err(e) => {
            check("SecIdentity::from_pem", e.code());
        }
    }
    for result in [one.err(), all.err()].into_iter().flatten() {
        assert_eq!(result.code(), errSecDecode);
    }
}

/// What Apple reads out of a certificate: every getter answers, and the key, if any, is the
/// one its certificate data says.
fn inspect_certificate(certificate: Ref) {
    let mut name = std::ptr::null();
    // SAFETY: the out-pointer is the local `name`.
    let status = unsafe { SecCertificateCopyCommonName(certificate, &mut name) };
    // A subject without a common name is Apple's errSecInternal, not one of SecBase.h's.
    assert!(status == errSecInternal || check("SecCertificateCopyCommonName", status) == 0);
    let mut emails = std::ptr::null();
    // SAFETY: the out-pointer is the local `emails`.
    let status = unsafe { SecCertificateCopyEmailAddresses(certificate, &mut emails) };
    assert_eq!(status, 0);
    let mut error = std::ptr::null();
    // SAFETY: the error out-pointer is the local `error`.
    let serial = unsafe { SecCertificateCopySerialNumberData(certificate, &mut error) };
    assert!(!serial.is_null() && error.is_null());
    let made = [
        SecCertificateCopyNormalizedIssuerSequence(certificate),
        SecCertificateCopyNormalizedSubjectSequence(certificate),
        SecCertificateCopyNotValidBeforeDate(certificate),
        SecCertificateCopyNotValidAfterDate(certificate),
        SecCertificateCopyKey(certificate),
    ];
    release_all(&[name, emails, serial]);
    release_all(&made);
}

/// `SecItemImport` with the hints `options` picks; what it imports is exported again and
/// must import as the same items. The C ABI and the Rust API must agree.
fn item_import(options: u8, body: &[u8]) {
    const FORMATS: [u32; 8] = [0, 10, 12, 9, 1, 3, 5, 11];
    const NAMES: [Option<&std::ffi::CStr>; 4] =
        [None, Some(c".p12"), Some(c"key.p8"), Some(c"leaf.cer")];
    let format_given = FORMATS[usize::from(options & 7)];
    let passphrase = (options & 8 == 0).then_some(fixture::P12_PASSPHRASE);
    let name = NAMES[usize::from(options >> 4 & 3)];

    let input = data(body);
    let name_ref = name.map_or(std::ptr::null(), |n| {
        // SAFETY: a NUL-terminated literal, static.
        unsafe { CFStringCreateWithCString(std::ptr::null(), n.as_ptr(), kCFStringEncodingUTF8) }
    });
    let pass_text = passphrase.map(|p| std::ffi::CString::new(p).unwrap());
    let pass_ref = pass_text.as_ref().map_or(std::ptr::null(), |t| {
        // SAFETY: a NUL-terminated string, live for the call.
        unsafe { CFStringCreateWithCString(std::ptr::null(), t.as_ptr(), kCFStringEncodingUTF8) }
    });
    let parameters = KeyParameters::with_passphrase(pass_ref);
    let (mut format, mut kind) = (format_given, 0u32);
    let mut items = std::ptr::null();
    // SAFETY: every out-pointer is a local; the parameters a local struct.
    let status = unsafe {
        SecItemImport(
            input,
            name_ref,
            &mut format,
            &mut kind,
            0,
            &parameters,
            std::ptr::null(),
            &mut items,
        )
    };
    let status = check("SecItemImport", status);

    let mut rust = ImportOptions::new();
    rust.format(ExternalFormat::from_raw(format_given));
    if let Some(passphrase) = passphrase {
        rust.passphrase(passphrase);
    }
    if let Some(name) = name {
        rust.filename(name.to_str().unwrap());
    }
    let imported = rust.import_items(body);
    assert_eq!(
        imported.as_ref().err().map_or(0, |e| e.code()),
        status,
        "C and Rust disagree"
    );
    if status != 0 {
        assert!(items.is_null() && format == format_given);
        release_all(&[input, name_ref, pass_ref]);
        return;
    }
    let count = CFArrayGetCount(items);
    assert_eq!(
        usize::try_from(count).ok(),
        imported.ok().map(|i| i.items.len())
    );
    for i in 0..count {
        round_trip(CFArrayGetValueAtIndex(items, i));
    }
    release_all(&[input, name_ref, pass_ref, items]);
}

/// One imported item, exported as PEM in its default format and imported again: the same
/// item (an identity comes back as its certificate and its key).
fn round_trip(item: Ref) {
    let mut exported = std::ptr::null();
    // SAFETY: the out-pointer is the local `exported`; no key parameters.
    let status = unsafe { SecItemExport(item, 0, 1, std::ptr::null(), &mut exported) };
    assert_eq!(check("SecItemExport", status), 0);
    let mut again = std::ptr::null();
    // SAFETY: the out-pointer is the local `again`; no hints, no parameters.
    let status = unsafe {
        SecItemImport(
            exported,
            std::ptr::null(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
            std::ptr::null(),
            std::ptr::null(),
            &mut again,
        )
    };
    assert_eq!(check("SecItemImport again", status), 0);
    let first = CFArrayGetValueAtIndex(again, 0);
    if CFGetTypeID(item) == SecIdentityGetTypeID() {
        let (mut certificate, mut key) = (std::ptr::null(), std::ptr::null());
        // SAFETY: the out-pointers are locals.
        unsafe {
            assert_eq!(SecIdentityCopyCertificate(item, &mut certificate), 0);
            assert_eq!(SecIdentityCopyPrivateKey(item, &mut key), 0);
        }
        assert_eq!(CFArrayGetCount(again), 2);
        assert_eq!(CFEqual(first, certificate), 1);
        assert_eq!(CFEqual(CFArrayGetValueAtIndex(again, 1), key), 1);
        release_all(&[certificate, key]);
    } else {
        assert_eq!(CFArrayGetCount(again), 1);
        assert_eq!(
            CFEqual(first, item),
            1,
            "an item exported and imported again is the same"
        );
    }
    if CFGetTypeID(item) == SecCertificateGetTypeID() {
        inspect_certificate(item);
    }
    if CFGetTypeID(item) == SecKeyGetTypeID() {
        assert!(SecKeyGetBlockSize(item) > 0);
        let attributes = SecKeyCopyAttributes(item);
        assert_eq!(CFGetTypeID(attributes), CFDictionaryGetTypeID());
        release_all(&[attributes]);
    }
    release_all(&[exported, again]);
}
