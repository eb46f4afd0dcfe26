//! Fuzz target: see `jointex_fuzz::record`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    jointex_fuzz::record(data);
});
