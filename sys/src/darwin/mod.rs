//! What Mac code asks of Darwin's C library around its TLS calls, answered as macOS 10.15
//! answers (the release whose Secure Transport the library reproduces).

pub mod sysctl;
