//! `parse` must return (Ok or Err) on any input, never panic or hang.
//!
//! Inputs: random bytes, random bytes behind a valid ELF identification,
//! and a valid hand-made ELF with random byte edits, random field-sized
//! overwrites with boundary values (0, 1, all-ones, around the file length)
//! at random places, and random truncation.

mod common;

use common::*;
use proptest::prelude::*;
use vitrine_loader::parse;

/// Call `parse` and check what it returns is consistent.
fn check(bytes: &[u8]) {
    match parse(bytes) {
        Ok(img) => {
            assert!(!img.segments.is_empty());
            for s in &img.segments {
                assert!(s.data.len() as u64 <= s.mem_size);
                assert!(s.paddr.checked_add(s.mem_size).is_some());
            }
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(
                !msg.is_empty() && !msg.contains('\n'),
                "bad message {msg:?}"
            );
        }
    }
}

/// One edit of a file: a byte, or a little-endian field of 2, 4 or 8 bytes.
#[derive(Clone, Debug)]
enum Edit {
    Byte(usize, u8),
    Field(usize, u8, u64),
}

fn interesting(len: u64) -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0u64),
        Just(1),
        Just(u64::MAX),
        Just(u64::MAX - 7),
        Just(u32::MAX as u64),
        Just(0xffff),
        Just(0x8000_0000),
        (0..len + 64),
        any::<u64>(),
    ]
}

fn edit(len: usize) -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..len, any::<u8>()).prop_map(|(at, b)| Edit::Byte(at, b)),
        (
            0..len,
            prop_oneof![Just(2u8), Just(4), Just(8)],
            interesting(len as u64)
        )
            .prop_map(|(at, w, v)| Edit::Field(at, w, v)),
    ]
}

fn apply(bytes: &mut [u8], edits: &[Edit]) {
    for e in edits {
        match *e {
            Edit::Byte(at, b) => bytes[at] = b,
            Edit::Field(at, w, v) => {
                let w = (w as usize).min(bytes.len() - at);
                bytes[at..at + w].copy_from_slice(&v.to_le_bytes()[..w]);
            }
        }
    }
}

fn valid_elf() -> Vec<u8> {
    let mut b = Builder::default();
    b.symbols.as_mut().unwrap().push(Sym::local("local", 42));
    b.build()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        check(&bytes);
    }

    #[test]
    fn random_bytes_after_a_valid_ident(
        tail in proptest::collection::vec(any::<u8>(), 0..600),
        machine in prop_oneof![Just(243u16), any::<u16>()],
    ) {
        let mut bytes = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec();
        bytes.extend_from_slice(&tail);
        if bytes.len() >= 20 {
            bytes[16] = 2; // ET_EXEC
            bytes[17] = 0;
            bytes[18..20].copy_from_slice(&machine.to_le_bytes());
        }
        check(&bytes);
    }

    #[test]
    fn mutated_valid_elf(
        edits in proptest::collection::vec(edit(valid_elf().len()), 1..8),
        cut in proptest::option::of(0..valid_elf().len()),
    ) {
        let mut bytes = valid_elf();
        apply(&mut bytes, &edits);
        if let Some(cut) = cut {
            bytes.truncate(cut);
        }
        check(&bytes);
    }

    #[test]
    fn mutated_headers_only(
        edits in proptest::collection::vec(edit(64 + 2 * 56), 1..6),
    ) {
        let mut bytes = valid_elf();
        apply(&mut bytes, &edits);
        check(&bytes);
    }
}

#[test]
fn every_truncation_of_a_valid_elf() {
    let bytes = valid_elf();
    parse(&bytes).unwrap();
    for len in 0..bytes.len() {
        check(&bytes[..len]);
        assert!(
            parse(&bytes[..len]).is_err(),
            "cut at {len} of {} accepted",
            bytes.len()
        );
    }
}

#[test]
fn every_single_byte_flip_of_a_valid_elf() {
    let bytes = valid_elf();
    for at in 0..bytes.len() {
        for v in [0u8, 0x01, 0x7f, 0x80, 0xff, bytes[at] ^ 0xff] {
            let mut b = bytes.clone();
            b[at] = v;
            check(&b);
        }
    }
}
