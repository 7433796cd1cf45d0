//! The C ABI of secure-transport (Apple's exact function names and signatures).
//!
//! Reserved for the next milestone: the engine in the root crate is what it will call.
