//! Fuzz target: see `jointex_fuzz::roster`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    jointex_fuzz::roster(data);
});
