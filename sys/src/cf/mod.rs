//! CoreFoundation, as much as Secure Transport's C API and the TLS code around it use: the
//! object runtime and the types such code builds with (arrays, data, strings, dictionaries,
//! booleans, errors, numbers, dates, file URLs).

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
pub mod url;
