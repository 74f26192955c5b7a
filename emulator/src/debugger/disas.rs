//! Instruction text for `disas`, `x/i` and stop reports: the one place the
//! debugger turns instruction bits into text, through the disassembler
//! (`crate::disasm`, objdump's syntax on the CPU's own decode table).
//! Branch and jump targets print as addresses; the caller names the
//! instruction's own address with its symbol.

/// The text of the instruction `raw` (`len` 2 or 4 bytes) at `pc`.
pub fn insn_text(raw: u32, len: u8, pc: u64) -> String {
    let bytes = raw.to_le_bytes();
    let len = if len == 2 { 2 } else { 4 };
    crate::disasm::disassemble(&bytes[..len], pc, None)
        .0
        .replace('\t', " ")
}

#[cfg(test)]
mod tests {
    use super::insn_text;

    #[test]
    fn text_comes_from_the_disassembler() {
        // objdump 2.40 prints addi with a register and an immediate as `add`.
        assert_eq!(insn_text(0x0015_0513, 4, 0x8000_0000), "add a0,a0,1");
        assert_eq!(insn_text(0x8082, 2, 0x8000_0000), "ret");
    }
}
