//! libFuzzer target: `site_doctor_engine::fuzz::target` must not panic on any input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| site_doctor_engine::fuzz::target(data));
