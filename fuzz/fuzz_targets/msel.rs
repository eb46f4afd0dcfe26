//! Fuzz target: see `jointex_fuzz::msel`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    jointex_fuzz::msel(data);
});
