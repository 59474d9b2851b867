//! libFuzzer target: `site_doctor_engine::fuzz::dns_answer` must not panic on any input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| site_doctor_engine::fuzz::dns_answer(data));
