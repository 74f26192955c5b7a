//! PLACEHOLDER: to be implemented.
use crate::cpu::Insn;

pub fn decode(_raw: u32) -> Option<Insn> {
    None
}
