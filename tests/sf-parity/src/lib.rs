//! Compiles only if this crate, renamed `security_framework`, has security-framework 3.7's
//! items with their signatures (see README.md). Nothing here runs.
// Generated code names items as security-framework writes them.
#![allow(
    dead_code,
    deprecated,
    non_snake_case,
    unused_imports,
    clippy::all,
    missing_docs
)]

pub mod auto_traits;
pub mod items;
pub mod ssl;
