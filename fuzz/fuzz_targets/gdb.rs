#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| vitrine_fuzz::gdb::run(data));
