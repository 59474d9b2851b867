//! libFuzzer target: `site_doctor_engine::fuzz::status_json` must not panic on any input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| site_doctor_engine::fuzz::status_json(data));
