//! Printing operands from an objdump-style argument string (`"d,s,j"`,
//! `"t,q(s)"`, ...) over a 32-bit encoding, with objdump's side effects:
//! the `lui`/`auipc` high parts it remembers per register and the
//! `# address` comment it adds when a later instruction completes one (or
//! uses `gp`, `tp` or `zero` as a base).
//!
//! Letters (those of GNU opcodes' `riscv-opc.c`): `d s t` integer rd, rs1,
//! rs2; `D S U T R` FP rd, rs1, rs1, rs2, rs3; `j` I-immediate, `o` load
//! offset, `q` store offset, `u` upper immediate, `>`/`<` 6/5-bit shift
//! amount, `a` jump target, `p` branch target, `E` CSR, `Z` CSR immediate,
//! `m` rounding mode, `P`/`Q` fence sets, `z` the zero register, `0` a zero
//! offset (printed only when last), `f` a prefetch offset (the I-immediate,
//! low five bits zero); anything else is copied.
//!
//! A compressed instruction is printed from its 32-bit expansion, which has
//! the same operand values; only the side effects differ (objdump reads the
//! compressed formats, where only `c.addi`/`c.addiw` complete an address).

use super::names::{fence_set, rounding_mode, FPR, GPR};
use super::{Disassembler, Symbols};
use crate::cpu::decode::{imm_b, imm_i, imm_j, imm_s, imm_u};
use std::fmt::Write;

/// `bfd_vma` -1: no high part known for the register.
pub(super) const NO_HI: u64 = u64::MAX;

const GP: usize = 3;
const TP: usize = 4;

pub(super) struct Printer<'a, 'b> {
    /// The 32-bit encoding (the expansion, for a compressed instruction).
    pub raw: u32,
    /// The compressed encoding, if the instruction is one.
    pub c16: Option<u16>,
    pub pc: u64,
    pub state: &'a mut Disassembler,
    pub symbols: Option<Symbols<'b>>,
    pub out: String,
    /// The address for the `# ...` comment, if one is due.
    pub comment: Option<u64>,
}

/// `target` as objdump prints an address: `0x1c` without a symbol table,
/// `8000001c <_start+0x1c>` with one (bare hex if no symbol covers it).
pub(super) fn address(target: u64, symbols: Option<Symbols>) -> String {
    match symbols {
        None => format!("0x{target:x}"),
        Some(lookup) => match lookup(target) {
            Some((name, start)) if target == start => format!("{target:x} <{name}>"),
            Some((name, start)) if target > start => {
                format!("{target:x} <{name}+0x{:x}>", target - start)
            }
            Some((name, start)) => format!("{target:x} <{name}-0x{:x}>", start - target),
            None => format!("{target:x}"),
        },
    }
}

impl Printer<'_, '_> {
    fn rd(&self) -> usize {
        ((self.raw >> 7) & 31) as usize
    }
    fn rs1(&self) -> usize {
        ((self.raw >> 15) & 31) as usize
    }
    fn rs2(&self) -> usize {
        ((self.raw >> 20) & 31) as usize
    }

    /// objdump's `maybe_print_address`.
    fn maybe_address(&mut self, base: usize, offset: i32, wide: bool) {
        let offset = offset as i64 as u64;
        let hi = self.state.hi[base];
        let mut addr = if hi != NO_HI {
            self.state.hi[base] = NO_HI;
            if base != 0 { hi } else { 0 }.wrapping_add(offset)
        } else if base == GP && self.state.gp.is_some() {
            self.state.gp.unwrap_or(0).wrapping_add(offset)
        } else if base == TP || base == 0 {
            offset
        } else {
            return;
        };
        if wide {
            addr = addr as i32 as i64 as u64;
        }
        self.comment = Some(addr);
    }

    /// The side effects of objdump's `j` operand (also reached from `o`).
    fn immediate_effects(&mut self) {
        let imm = imm_i(self.raw);
        if let Some(c) = self.c16 {
            // c.addi (funct3 000) and c.addiw (001) in quadrant 1, rd != 0.
            let rd = self.rd();
            if c & 3 == 1 && rd != 0 {
                match c >> 13 {
                    0 => self.maybe_address(rd, imm, false),
                    1 => self.maybe_address(rd, imm, true),
                    _ => {}
                }
            }
            return;
        }
        let (op, rs1) = (self.raw & 0x707f, self.rs1());
        if (op == 0x13 && rs1 != 0) || op == 0x67 {
            self.maybe_address(rs1, imm, false);
        }
        if op == 0x1b && rs1 != 0 {
            self.maybe_address(rs1, imm, true);
        }
    }

    fn target(&mut self, offset: i32) {
        let t = self.pc.wrapping_add(offset as i64 as u64);
        self.out.push_str(&address(t, self.symbols));
    }

    /// Print `args` (see the module documentation), preceded by a tab if
    /// there is anything to print.
    pub fn args(&mut self, args: &str) {
        if !args.is_empty() {
            self.out.push('\t');
        }
        let chars: Vec<char> = args.chars().collect();
        for (i, &ch) in chars.iter().enumerate() {
            let raw = self.raw;
            match ch {
                'd' => {
                    let rd = self.rd();
                    match raw & 0x7f {
                        0x17 => self.state.hi[rd] = self.pc.wrapping_add(imm_u(raw) as i64 as u64),
                        0x37 => self.state.hi[rd] = imm_u(raw) as i64 as u64,
                        _ => {}
                    }
                    self.out.push_str(GPR[rd]);
                }
                's' => {
                    if self.c16.is_none() && raw & 0x707f == 0x67 {
                        self.maybe_address(self.rs1(), imm_i(raw), false);
                    }
                    self.out.push_str(GPR[self.rs1()]);
                }
                't' => self.out.push_str(GPR[self.rs2()]),
                'z' => self.out.push_str(GPR[0]),
                'D' => self.out.push_str(FPR[self.rd()]),
                'S' | 'U' => self.out.push_str(FPR[self.rs1()]),
                'T' => self.out.push_str(FPR[self.rs2()]),
                'R' => self.out.push_str(FPR[(raw >> 27) as usize]),
                'o' | 'j' => {
                    if ch == 'o' && self.c16.is_none() {
                        self.maybe_address(self.rs1(), imm_i(raw), false);
                    }
                    self.immediate_effects();
                    let _ = write!(self.out, "{}", imm_i(raw));
                }
                'f' => {
                    let _ = write!(self.out, "{}", imm_i(raw) & !31);
                }
                'q' => {
                    if self.c16.is_none() {
                        self.maybe_address(self.rs1(), imm_s(raw), false);
                    }
                    let _ = write!(self.out, "{}", imm_s(raw));
                }
                'u' => {
                    let _ = write!(self.out, "0x{:x}", raw >> 12);
                }
                '>' => {
                    let _ = write!(self.out, "0x{:x}", (raw >> 20) & 63);
                }
                '<' => {
                    let _ = write!(self.out, "0x{:x}", (raw >> 20) & 31);
                }
                'a' => self.target(imm_j(raw)),
                'p' => self.target(imm_b(raw)),
                'E' => {
                    let csr = (raw >> 20) as u16;
                    match super::csr_names::csr_name(csr) {
                        Some(name) => self.out.push_str(name),
                        None => {
                            let _ = write!(self.out, "0x{csr:x}");
                        }
                    }
                }
                'Z' => {
                    let _ = write!(self.out, "{}", self.rs1());
                }
                'm' => self.out.push_str(rounding_mode(raw >> 12)),
                'P' => self.out.push_str(fence_set(raw >> 24)),
                'Q' => self.out.push_str(fence_set(raw >> 20)),
                '0' => {
                    if i + 1 == chars.len() {
                        self.out.push('0');
                    }
                }
                other => self.out.push(other),
            }
        }
    }
}
