//! The C ABI of secure-transport: Apple's Secure Transport functions, with their exact names
//! and signatures, over the engine of the root crate — and the CoreFoundation and Security
//! subset they are expressed in, one module per framework. Each function checks its
//! arguments and makes one engine call; no panic crosses into C.

// Apple's names are kept as they are.
#![allow(non_upper_case_globals, non_snake_case)]
// The exported functions' safety contract is the C API's documentation: every object
// reference is validated by the runtime, and buffers and out-pointers are the caller's.
#![allow(clippy::missing_safety_doc)]

mod c_args;
pub mod cf;
pub mod common_crypto;
pub mod darwin;
mod guard;
pub mod security;
pub mod ssl;
