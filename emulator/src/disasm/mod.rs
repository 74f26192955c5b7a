//! The disassembler: RV64GC machine code, with Zba, Zbb, Zbc, Zbs,
//! Zicond, Zicbom and Zicboz, to the text GNU objdump 2.40
//! prints for it (`objdump -d`, default options: ABI register names,
//! pseudo-instructions), built on the CPU's own decode table.
//!
//! An encoding is identified by `cpu::decode::lookup32` (compressed ones
//! first expanded by `cpu::rvc::expand`), the same routing the CPU
//! executes, so the disassembler names exactly the instruction the CPU
//! would run, and an encoding the CPU rejects prints as data (`.4byte
//! 0x...`, `.2byte 0x...`; the all-zero halfword is objdump's `unimp`).
//! `syntax` and `compressed` choose objdump's spelling for each decoded
//! instruction; `operands` prints the operands.
//!
//! # API (for the debugger)
//!
//! ```
//! use vitrine_emulator::disasm::{disassemble, Disassembler};
//!
//! // One instruction, no symbols: (text, length in bytes).
//! let (text, len) = disassemble(&[0x13, 0x05, 0x15, 0x00], 0x8000_0000, None);
//! assert_eq!((text.as_str(), len), ("add\ta0,a0,1", 4));
//!
//! // With symbols: a closure from an address to the symbol to name it by
//! // (its name and address). Branch and jump targets print as absolute
//! // addresses with `<symbol+0xoff>`.
//! let lookup = |_addr: u64| Some(("_start".to_string(), 0x8000_0000));
//! let (text, len) = disassemble(&[0x6f, 0x00, 0x00, 0x01], 0x8000_0000, Some(&lookup));
//! assert_eq!(text, "j\t80000010 <_start+0x10>");
//!
//! // A run of instructions: a `Disassembler` remembers `lui`/`auipc`
//! // results as objdump does, and completes them in a comment.
//! let mut d = Disassembler::new();
//! let code = [0x97, 0x02, 0x00, 0x00, 0x93, 0x82, 0x82, 0x01]; // auipc t0,0; addi t0,t0,24
//! let (first, n) = d.next(&code, 0x8000_0000, Some(&lookup));
//! let (second, _) = d.next(&code[n..], 0x8000_0000 + n as u64, Some(&lookup));
//! assert_eq!(first, "auipc\tt0,0x0");
//! assert_eq!(second, "add\tt0,t0,24 # 80000018 <_start+0x18>");
//! ```
//!
//! The text is objdump's instruction column: the mnemonic, a tab, the
//! operands, and possibly ` # address <symbol>`. [`hex_column`] gives the
//! column of raw bytes before it. Bytes are read little-endian; fewer bytes
//! than the instruction needs print as data (`.2byte`, `.byte`), so any
//! input, even empty, gives an answer and never panics.
//!
//! Symbols: with `symbols` = `None` an address prints as `0x1c` (what
//! objdump does for code without a symbol table); with a lookup, as
//! `8000001c <name+0x1c>` (`<name>` at offset 0), or bare `8000001c` if the
//! lookup returns `None`. objdump names an address by the last symbol at or
//! below it, and by the lowest symbol when none is below (`<_start-0x10>`);
//! a lookup that does the same reproduces its output.
//!
//! Zicond's `czero.eqz`/`czero.nez` are printed as binutils 2.41 spells
//! them (objdump 2.40 predates Zicond and prints them as data).
//!
//! Where objdump names an encoding the CPU rejects (e.g. `c.addi16sp`
//! with a zero immediate, which objdump prints as `add sp,sp,0`), this
//! disassembler prints data: it shows what the CPU does.
//!
//! CSR names are those of the privileged specification 1.11, the version
//! `riscv64-unknown-elf-as` records in the programs it assembles (so
//! `menvcfg` prints as `0x30a`, as objdump prints it for those programs).

mod compressed;
mod csr_names;
mod names;
mod operands;
mod syntax;

use crate::cpu::decode::lookup32;
use crate::cpu::rvc;
use operands::{Printer, NO_HI};
use std::fmt::Write;

pub use csr_names::csr_name;
pub use names::{FPR, GPR};

/// A symbol lookup: for an address, the symbol to name it by, as (name,
/// the symbol's address); the disassembler prints the offset.
pub type Symbols<'a> = &'a dyn Fn(u64) -> Option<(String, u64)>;

/// Disassemble the instruction at the start of `bytes`, located at `pc`:
/// its text and its length in bytes (see the module documentation). Starts
/// from no knowledge of earlier instructions; use a [`Disassembler`] for a
/// run of them.
pub fn disassemble(bytes: &[u8], pc: u64, symbols: Option<Symbols>) -> (String, usize) {
    Disassembler::new().next(bytes, pc, symbols)
}

/// Disassembles a run of instructions, carrying what objdump carries from
/// one instruction to the next: the value each register got from `lui` or
/// `auipc`, completed into an address comment by a later `addi`, load,
/// store or `jalr` on that register.
#[derive(Clone, Debug)]
pub struct Disassembler {
    hi: [u64; 32],
    gp: Option<u64>,
}

impl Default for Disassembler {
    fn default() -> Self {
        Self::new()
    }
}

/// The length objdump gives the instruction starting with halfword `lo`
/// (the standard variable-length encoding; reserved lengths count as 2).
pub fn insn_length(lo: u16) -> usize {
    let w = lo as u32;
    if w & 3 != 3 {
        2
    } else if w & 0x1f != 0x1f {
        4
    } else if w & 0x3f == 0x1f {
        6
    } else if w & 0x7f == 0x3f {
        8
    } else if w & 0x7f == 0x7f && w & 0x7000 != 0x7000 {
        10 + ((w >> 11) & 0xe) as usize
    } else {
        2
    }
}

/// Bytes that are not an instruction, as objdump writes them.
fn data(bytes: &[u8]) -> String {
    match bytes.len() {
        0 => String::new(),
        1 => format!(".byte\t0x{:02x}", bytes[0]),
        n @ (2 | 4 | 8) => {
            let v = bytes.iter().rev().fold(0u64, |v, &b| v << 8 | b as u64);
            format!(".{n}byte\t0x{v:x}")
        }
        _ => {
            let list: Vec<String> = bytes.iter().map(|b| format!("0x{b:02x}")).collect();
            format!(".byte\t{}", list.join(", "))
        }
    }
}

/// objdump's column of raw bytes for an instruction of `bytes`: 16- or
/// 32-bit little-endian groups, padded to the width of 8 bytes (e.g.
/// `"00000297          "` or `"4185                "`).
pub fn hex_column(bytes: &[u8]) -> String {
    let chunk = if bytes.len().is_multiple_of(4) { 4 } else { 2 };
    let mut s = String::new();
    let mut n = 0;
    for group in bytes.chunks(chunk) {
        for b in group.iter().rev() {
            let _ = write!(s, "{b:02x}");
        }
        s.push(' ');
        n += chunk;
    }
    while n < 8 {
        s.push_str(&" ".repeat(chunk * 2 + 1));
        n += chunk;
    }
    s
}

impl Disassembler {
    pub fn new() -> Self {
        Disassembler {
            hi: [NO_HI; 32],
            gp: None,
        }
    }

    /// A disassembler that knows the value of `gp` (the program's
    /// `__global_pointer$`), so `gp`-relative accesses get address comments.
    pub fn with_gp(gp: u64) -> Self {
        Disassembler {
            gp: Some(gp),
            ..Self::new()
        }
    }

    /// Disassemble the instruction at the start of `bytes` (at `pc`): its
    /// text and length. See the module documentation.
    pub fn next(&mut self, bytes: &[u8], pc: u64, symbols: Option<Symbols>) -> (String, usize) {
        if bytes.len() < 2 {
            return (data(bytes), bytes.len());
        }
        let lo = u16::from_le_bytes([bytes[0], bytes[1]]);
        let len = insn_length(lo);
        if bytes.len() < len {
            return (data(&bytes[..2]), 2);
        }
        let (raw, c16) = match len {
            2 => match rvc::expand(lo) {
                Some(raw) => (raw, Some(lo)),
                None if lo == 0 => return ("unimp".to_string(), 2),
                None => return (data(&bytes[..2]), 2),
            },
            4 => (
                u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]),
                None,
            ),
            _ => return (data(&bytes[..len]), len),
        };
        let Some(op) = lookup32(raw) else {
            return (data(&bytes[..len]), len);
        };
        let chosen = match c16 {
            Some(c) => compressed::syntax16(c, &op, raw),
            None => syntax::syntax(&op, raw),
        };
        let Some((name, args)) = chosen else {
            return (data(&bytes[..len]), len);
        };
        let mut p = Printer {
            raw,
            c16,
            pc,
            state: self,
            symbols,
            out: name.into_owned(),
            comment: None,
        };
        p.args(args);
        if let Some(addr) = p.comment {
            let _ = write!(p.out, " # {}", operands::address(addr, symbols));
        }
        (p.out, len)
    }
}
