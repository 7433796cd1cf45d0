//! The C ABI of secure-transport: Apple's Secure Transport functions, with their exact names
//! and signatures, over the engine of the root crate — and the CoreFoundation and Security
//! subset they are expressed in. Each function checks its arguments and makes one engine
//! call; no panic crosses into C.

// Apple's names are kept as they are.
#![allow(non_upper_case_globals, non_snake_case)]
// Every exported function checks its pointers itself (see `cf::object`); the signatures are
// Apple's, so the safety contract is the C API's documentation.
#![allow(clippy::missing_safety_doc)]

pub mod cf;
mod exclusive;
mod guard;
pub mod security;
pub mod ssl;
