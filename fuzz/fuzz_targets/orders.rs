//! Fuzz target: see `jointex_fuzz::orders`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    jointex_fuzz::orders(data);
});
