//! Sequences of calls to the C ABI's exported functions, in any order, with fuzzed
//! arguments. Input layout and checks: `secure_transport_fuzz::calls`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    secure_transport_fuzz::calls::run(input);
});
