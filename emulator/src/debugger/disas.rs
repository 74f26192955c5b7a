//! Instruction text for `disas`, `x/i` and stop reports.
//!
//! The disassembler is its own module (`crate::disas`, built alongside);
//! this function is the one place the debugger turns instruction bits into
//! text, and calls it once the two are merged. Until then it prints the raw
//! word as an assembler directive, which `as` accepts back.

/// The text of the instruction `raw` (`len` 2 or 4 bytes) at `pc`.
pub fn insn_text(raw: u32, len: u8, pc: u64) -> String {
    let _ = pc;
    if len == 2 {
        format!(".2byte 0x{:04x}", raw & 0xffff)
    } else {
        format!(".4byte 0x{raw:08x}")
    }
}
