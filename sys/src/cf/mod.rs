//! CoreFoundation, as much as Secure Transport's C API is expressed in: the object runtime
//! and the types TLS code builds around the API (arrays, data, strings, dictionaries,
//! booleans, errors, numbers, dates).

pub mod array;
pub mod base;
pub mod boolean;
pub mod data;
pub mod date;
pub mod dictionary;
pub mod error;
pub mod items;
pub mod number;
pub mod runtime;
pub mod string;
pub mod types;
