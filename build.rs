//! Tells the crate what the linked OpenSSL was built without (openssl-sys passes it on).

fn main() {
    println!("cargo:rustc-check-cfg=cfg(openssl_no_ssl3)");
    println!("cargo:rerun-if-env-changed=DEP_OPENSSL_CONF");
    let conf = std::env::var("DEP_OPENSSL_CONF").unwrap_or_default();
    if conf.split(',').any(|c| c == "OPENSSL_NO_SSL3_METHOD") {
        println!("cargo:rustc-cfg=openssl_no_ssl3");
    }
}
