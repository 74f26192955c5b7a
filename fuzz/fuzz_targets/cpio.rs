#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| vitrine_fuzz::cpio::run(data));
