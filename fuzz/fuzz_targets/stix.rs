//! Fuzz target: see `jointex_fuzz::stix`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    jointex_fuzz::stix(data);
});
