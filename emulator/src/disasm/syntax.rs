//! How GNU objdump 2.40 writes each instruction of the decode table: the
//! mnemonic (its pseudo-instruction where it prefers one: `li`, `mv`, `ret`,
//! `beqz`, `csrr`, `fmv.d`, ...) and the argument string for
//! `operands::Printer`. Keyed by the decode table's name for the encoding,
//! so the disassembler names exactly what the CPU executes.
//!
//! `None` means objdump has no instruction for an encoding that the CPU
//! accepts (its reserved fields are not zero: `fence` with `fm` or register
//! fields set, `fence.i` with an immediate, `fcvt.d.s` with a rounding mode
//! other than `rne`), and it prints as data, as objdump does.

use crate::cpu::op::{Form, Op};
use std::borrow::Cow;

/// The mnemonic and argument string for a 32-bit encoding.
pub(super) fn syntax(op: &Op, raw: u32) -> Option<(Cow<'static, str>, &'static str)> {
    let rd = (raw >> 7) & 31;
    let rs1 = (raw >> 15) & 31;
    let rs2 = (raw >> 20) & 31;
    let rm = (raw >> 12) & 7;
    let imm = (raw as i32) >> 20;
    let csr = raw >> 20;
    let plain = |args| Some((Cow::Borrowed(op.name), args));
    let named = |name: &'static str, args| Some((Cow::Borrowed(name), args));
    // Rounding mode: left out when dynamic.
    let with_rm = |args: &'static str, args_rm: &'static str| {
        Some((Cow::Borrowed(op.name), if rm == 7 { args } else { args_rm }))
    };
    match op.form {
        Form::I => match op.name {
            "addi" if raw == 0x13 => named("nop", ""),
            "addi" if rs1 == 0 => named("li", "d,j"),
            "addi" if imm == 0 => named("mv", "d,s"),
            "addi" => named("add", "d,s,j"),
            "andi" if imm == 255 => named("zext.b", "d,s"),
            "andi" => named("and", "d,s,j"),
            // Zicbop's prefetch hints (ori with rd = 0), which objdump names.
            "ori" if rd == 0 && imm & 31 == 0 => named("prefetch.i", "f(s)"),
            "ori" if rd == 0 && imm & 31 == 1 => named("prefetch.r", "f(s)"),
            "ori" if rd == 0 && imm & 31 == 3 => named("prefetch.w", "f(s)"),
            "ori" => named("or", "d,s,j"),
            "xori" if imm == -1 => named("not", "d,s"),
            "xori" => named("xor", "d,s,j"),
            "sltiu" if imm == 1 => named("seqz", "d,s"),
            "addiw" if imm == 0 => named("sext.w", "d,s"),
            "addiw" => named("addw", "d,s,j"),
            _ => plain("d,s,j"),
        },
        // objdump names the immediate forms after the register forms
        // (`srl`, `ror`, `bclr`, ...), except `slli.uw`.
        Form::Shift => named(
            match op.name {
                "slli.uw" => "slli.uw",
                name => name.strip_suffix('i').unwrap_or(name),
            },
            "d,s,>",
        ),
        Form::ShiftW => named(
            match op.name {
                "slliw" => "sllw",
                "srliw" => "srlw",
                "roriw" => "rorw",
                _ => "sraw",
            },
            "d,s,<",
        ),
        Form::Unary => plain("d,s"),
        Form::Cbo => plain("(s)"),
        Form::R => match op.name {
            "sub" if rs1 == 0 => named("neg", "d,t"),
            "subw" if rs1 == 0 => named("negw", "d,t"),
            "slt" if rs2 == 0 => named("sltz", "d,s"),
            "slt" if rs1 == 0 => named("sgtz", "d,t"),
            "sltu" if rs1 == 0 => named("snez", "d,t"),
            "add.uw" if rs2 == 0 => named("zext.w", "d,s"),
            _ => plain("d,s,t"),
        },
        Form::Upper => plain("d,u"),
        Form::Load => plain("d,o(s)"),
        Form::Store => plain("t,q(s)"),
        Form::Branch => match op.name {
            "beq" if rs2 == 0 => named("beqz", "s,p"),
            "bne" if rs2 == 0 => named("bnez", "s,p"),
            "bge" if rs1 == 0 => named("blez", "t,p"),
            "bge" if rs2 == 0 => named("bgez", "s,p"),
            "blt" if rs2 == 0 => named("bltz", "s,p"),
            "blt" if rs1 == 0 => named("bgtz", "t,p"),
            _ => plain("s,t,p"),
        },
        Form::Jal => match rd {
            0 => named("j", "a"),
            1 => named("jal", "a"),
            _ => plain("d,a"),
        },
        Form::Jalr => match (rd, rs1, imm) {
            (0, 1, 0) => named("ret", ""),
            (0, _, 0) => named("jr", "s"),
            (0, _, _) => named("jr", "o(s)"),
            (1, _, 0) => plain("s"),
            (1, _, _) => plain("o(s)"),
            (_, _, 0) => plain("d,s"),
            _ => plain("d,o(s)"),
        },
        Form::Fence => {
            if rd != 0 || rs1 != 0 {
                None
            } else if raw == 0x0ff0_000f {
                plain("")
            } else if raw == 0x8330_000f {
                named("fence.tso", "")
            } else if raw >> 28 == 0 {
                plain("P,Q")
            } else {
                None
            }
        }
        Form::Bare => match op.name {
            "fence.i" if raw != 0x0000_100f => None,
            _ => plain(""),
        },
        Form::SfenceVma => match (rs1, rs2) {
            (0, 0) => plain(""),
            (_, 0) => plain("s"),
            _ => plain("s,t"),
        },
        Form::Lr | Form::Amo => {
            let suffix = match (raw >> 25) & 3 {
                0 => "",
                1 => ".rl",
                2 => ".aq",
                _ => ".aqrl",
            };
            let args = if op.form == Form::Lr {
                "d,0(s)"
            } else {
                "d,t,0(s)"
            };
            Some((Cow::Owned(format!("{}{suffix}", op.name)), args))
        }
        Form::Csr => match (op.name, rd, rs1) {
            _ if raw == 0xc000_1073 => named("unimp", ""),
            ("csrrw", 0, _) => match csr {
                1 => named("fsflags", "s"),
                2 => named("fsrm", "s"),
                3 => named("fscsr", "s"),
                _ => named("csrw", "E,s"),
            },
            ("csrrw", _, _) => match csr {
                1 => named("fsflags", "d,s"),
                2 => named("fsrm", "d,s"),
                3 => named("fscsr", "d,s"),
                _ => plain("d,E,s"),
            },
            ("csrrs", _, 0) => match csr {
                1 => named("frflags", "d"),
                2 => named("frrm", "d"),
                3 => named("frcsr", "d"),
                0xc00 => named("rdcycle", "d"),
                0xc01 => named("rdtime", "d"),
                0xc02 => named("rdinstret", "d"),
                _ => named("csrr", "d,E"),
            },
            ("csrrs", 0, _) => named("csrs", "E,s"),
            ("csrrc", 0, _) => named("csrc", "E,s"),
            _ => plain("d,E,s"),
        },
        Form::CsrImm => match (op.name, rd) {
            ("csrrwi", _) if csr == 1 => named("fsflagsi", "d,Z"),
            ("csrrwi", _) if csr == 2 => named("fsrmi", "d,Z"),
            ("csrrwi", 0) => named("csrw", "E,Z"),
            ("csrrsi", 0) => named("csrs", "E,Z"),
            ("csrrci", 0) => named("csrc", "E,Z"),
            _ => named(&op.name[..5], "d,E,Z"),
        },
        Form::FLoad => plain("D,o(s)"),
        Form::FStore => plain("T,q(s)"),
        Form::FR4 => with_rm("D,S,T,R", "D,S,T,R,m"),
        Form::FRRm => with_rm("D,S,T", "D,S,T,m"),
        Form::FRR if rs1 == rs2 => match op.name {
            "fsgnj.s" => named("fmv.s", "D,U"),
            "fsgnjn.s" => named("fneg.s", "D,U"),
            "fsgnjx.s" => named("fabs.s", "D,U"),
            "fsgnj.d" => named("fmv.d", "D,U"),
            "fsgnjn.d" => named("fneg.d", "D,U"),
            "fsgnjx.d" => named("fabs.d", "D,U"),
            _ => plain("D,S,T"),
        },
        Form::FRR => plain("D,S,T"),
        // Exact conversions: objdump knows them only with rm = 0.
        Form::FRm if op.name == "fcvt.d.s" => (rm == 0).then_some((Cow::Borrowed(op.name), "D,S")),
        Form::FRm => with_rm("D,S", "D,S,m"),
        Form::XToF if matches!(op.name, "fcvt.d.w" | "fcvt.d.wu") => {
            (rm == 0).then_some((Cow::Borrowed(op.name), "D,s"))
        }
        Form::XToF => with_rm("D,s", "D,s,m"),
        Form::FToX => with_rm("d,S", "d,S,m"),
        Form::FCmp => plain("d,S,T"),
        Form::FMvToX => plain("d,S"),
        Form::FMvFromX => plain("D,s"),
    }
}
