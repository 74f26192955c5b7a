//! Looking at the hart without changing it: registers, CSRs, memory (`x`,
//! `xp`), and the few deliberate changes (`set`).
//!
//! Memory is read through the current translation with `Cpu::peek_virt`
//! (the page tables are walked without the TLB: no counter moves, no A/D
//! bit is set) or physically (`xp`), RAM only (reading a device register
//! could change it).

use super::Debugger;
use crate::cpu::{Cpu, Privilege};
use std::fmt::Write;

/// Register names: the ABI names the disassembler prints.
pub use crate::disasm::{FPR as FP_ABI, GPR as ABI};

/// CSRs by name.
pub const CSRS: &[(&str, u16)] = &[
    ("fflags", 0x001),
    ("frm", 0x002),
    ("fcsr", 0x003),
    ("cycle", 0xc00),
    ("time", 0xc01),
    ("instret", 0xc02),
    ("sstatus", 0x100),
    ("sie", 0x104),
    ("stvec", 0x105),
    ("scounteren", 0x106),
    ("senvcfg", 0x10a),
    ("sscratch", 0x140),
    ("sepc", 0x141),
    ("scause", 0x142),
    ("stval", 0x143),
    ("sip", 0x144),
    ("stimecmp", 0x14d),
    ("satp", 0x180),
    ("mstatus", 0x300),
    ("misa", 0x301),
    ("medeleg", 0x302),
    ("mideleg", 0x303),
    ("mie", 0x304),
    ("mtvec", 0x305),
    ("mcounteren", 0x306),
    ("menvcfg", 0x30a),
    ("mcountinhibit", 0x320),
    ("mscratch", 0x340),
    ("mepc", 0x341),
    ("mcause", 0x342),
    ("mtval", 0x343),
    ("mip", 0x344),
    ("pmpcfg0", 0x3a0),
    ("pmpcfg2", 0x3a2),
    ("mcycle", 0xb00),
    ("minstret", 0xb02),
    ("mvendorid", 0xf11),
    ("marchid", 0xf12),
    ("mimpid", 0xf13),
    ("mhartid", 0xf14),
];

/// Integer register number of `name` (`a0`, `x10`, `fp`).
pub fn xreg(name: &str) -> Option<usize> {
    if name == "fp" {
        return Some(8);
    }
    if let Some(i) = ABI.iter().position(|&n| n == name) {
        return Some(i);
    }
    let n: usize = name.strip_prefix('x')?.parse().ok()?;
    (n < 32).then_some(n)
}

/// FP register number of `name` (`fa0`, `f10`).
pub fn freg(name: &str) -> Option<usize> {
    if let Some(i) = FP_ABI.iter().position(|&n| n == name) {
        return Some(i);
    }
    let n: usize = name.strip_prefix('f')?.parse().ok()?;
    (n < 32).then_some(n)
}

/// CSR number of `name` or of a number (`0x180`, `384`).
pub fn csr_number(name: &str) -> Option<u16> {
    if let Some((_, n)) = CSRS.iter().find(|(s, _)| *s == name) {
        return Some(*n);
    }
    if let Some(i) = name
        .strip_prefix("pmpaddr")
        .and_then(|i| i.parse::<u16>().ok())
    {
        return (i < 16).then_some(0x3b0 + i);
    }
    let n = match name.strip_prefix("0x") {
        Some(h) => u16::from_str_radix(h, 16).ok()?,
        None => name.parse().ok()?,
    };
    (n < 0x1000).then_some(n)
}

pub fn csr_name(n: u16) -> String {
    if let Some((s, _)) = CSRS.iter().find(|(_, m)| *m == n) {
        return s.to_string();
    }
    if (0x3b0..0x3c0).contains(&n) {
        return format!("pmpaddr{}", n - 0x3b0);
    }
    format!("csr{n:#x}")
}

/// Read CSR `n` as M-mode would, with no side effects (reads have none);
/// FP CSRs even with the FPU off. None if it does not exist.
pub fn read_csr(cpu: &mut Cpu, n: u16) -> Option<u64> {
    match n {
        0x001 => return Some(cpu.csr.fflags as u64),
        0x002 => return Some(cpu.csr.frm as u64),
        0x003 => return Some((cpu.csr.frm as u64) << 5 | cpu.csr.fflags as u64),
        _ => {}
    }
    // `csr_read` checks the privilege: ask as M-mode, then put it back.
    let prv = cpu.prv;
    cpu.prv = Privilege::Machine;
    let v = cpu.csr_read(n, 0).ok();
    cpu.prv = prv;
    v
}

/// Write a register (`x`, `f`, `pc`, or a CSR that is plain storage):
/// what `set reg` may change.
pub fn write_reg(cpu: &mut Cpu, name: &str, v: u64) -> Result<(), String> {
    if name == "pc" {
        cpu.pc = v & !1;
        cpu.flush_fetch();
        return Ok(());
    }
    if let Some(r) = xreg(name) {
        if r == 0 {
            return Err("zero (x0) is always 0".into());
        }
        cpu.x[r] = v;
        return Ok(());
    }
    if let Some(r) = freg(name) {
        cpu.f[r] = v;
        return Ok(());
    }
    let c = &mut cpu.csr;
    match name {
        "sscratch" => c.sscratch = v,
        "sepc" => c.sepc = v & !1,
        "scause" => c.scause = v,
        "stval" => c.stval = v,
        "stvec" => c.stvec = v & !2,
        "mscratch" => c.mscratch = v,
        "mepc" => c.mepc = v & !1,
        "mcause" => c.mcause = v,
        "mtval" => c.mtval = v,
        "mtvec" => c.mtvec = v & !2,
        "satp" => {
            let mode = v >> 60;
            if mode != 0 && mode != 8 {
                return Err(format!("satp: mode {mode} is not supported (0 Bare, 8 Sv39)"));
            }
            c.satp = v;
            cpu.flush_fetch();
        }
        _ => {
            return Err(format!(
                "cannot set '{name}': registers are x0-x31 (ABI names), f0-f31, pc, and the CSRs sscratch sepc scause stval stvec mscratch mepc mcause mtval mtvec satp"
            ))
        }
    }
    Ok(())
}

/// The value of register `name` for expressions (`pc`, `a0`, `f1`, a CSR).
pub fn reg_value(cpu: &mut Cpu, name: &str) -> Option<u64> {
    if name == "pc" {
        return Some(cpu.pc);
    }
    if let Some(r) = xreg(name) {
        return Some(cpu.x[r]);
    }
    if let Some(r) = freg(name) {
        return Some(cpu.f[r]);
    }
    match name {
        "prv" | "mode" => return Some(cpu.prv as u64),
        "pos" => return Some(cpu.position()),
        _ => {}
    }
    // CSRs by name only (a number would be ambiguous with `$1`-style).
    let n = CSRS
        .iter()
        .find(|(s, _)| *s == name)
        .map(|(_, n)| *n)
        .or_else(|| {
            name.strip_prefix("pmpaddr")
                .and_then(|i| i.parse::<u16>().ok())
                .filter(|&i| i < 16)
                .map(|i| 0x3b0 + i)
        })?;
    read_csr(cpu, n)
}

/// Expression environment over a debugger.
pub struct EvalEnv<'a> {
    pub d: &'a mut Debugger,
}

impl super::expr::Env for EvalEnv<'_> {
    fn register(&mut self, name: &str) -> Option<u64> {
        reg_value(&mut self.d.m.cpu, name)
    }
    fn variable(&self, name: &str) -> Option<u64> {
        self.d.vars.get(name).copied()
    }
    fn symbol(&mut self, name: &str) -> Result<u64, String> {
        let locs = self.d.symbol_locations(name);
        match locs.as_slice() {
            [] => Err(format!("no symbol \"{name}\"")),
            [one] => Ok(one.addr),
            many => {
                let names: Vec<String> = many
                    .iter()
                    .take(4)
                    .map(|l| format!("{} ({:#x})", l.name, l.addr))
                    .collect();
                Err(format!(
                    "\"{name}\" is ambiguous: {}{}",
                    names.join(", "),
                    if many.len() > 4 { ", ..." } else { "" }
                ))
            }
        }
    }
    fn pseudo(&mut self, name: &str) -> Option<Result<u64, String>> {
        let cpu = &self.d.m.cpu;
        Some(match name {
            "pid" => self
                .d
                .current_pid()
                .map(u64::from)
                .ok_or_else(|| "the current task's pid is not known (yet)".to_string()),
            "asid" => Ok(vitrine_mmu::Satp(cpu.csr.satp).asid() as u64),
            "satp" => Ok(cpu.csr.satp),
            "mode" => Ok(cpu.prv as u64),
            _ => return None,
        })
    }
    fn read_u64(&mut self, addr: u64) -> Result<u64, String> {
        let mut b = [0u8; 8];
        self.d
            .m
            .cpu
            .peek_virt(addr, &mut b)
            .ok_or_else(|| cannot_access(addr))?;
        Ok(u64::from_le_bytes(b))
    }
}

pub fn cannot_access(addr: u64) -> String {
    format!("Cannot access memory at address {addr:#x}")
}

fn mode_name(p: Privilege) -> &'static str {
    match p {
        Privilege::User => "U",
        Privilege::Supervisor => "S",
        Privilege::Machine => "M",
    }
}

pub fn mode_letter(p: Privilege) -> &'static str {
    mode_name(p)
}

impl Debugger {
    /// `regs`: pc, mode, counters, and x0-x31.
    pub fn regs_text(&mut self) -> String {
        let pc = self.m.cpu.pc;
        let sym = self
            .symbolize(pc)
            .map(|s| format!(" <{s}>"))
            .unwrap_or_default();
        let cpu = &self.m.cpu;
        let mut s = format!(
            "pc   {:#018x}{sym}  {}-mode  instret {}  traps {}\n",
            pc,
            mode_name(cpu.prv),
            cpu.instret,
            cpu.traps
        );
        for row in 0..8 {
            for col in 0..4 {
                let r = row * 4 + col;
                let _ = write!(s, "{:<4} {:#018x}", ABI[r], cpu.x[r]);
                s.push_str(if col == 3 { "\n" } else { "  " });
            }
        }
        s
    }

    /// `fregs`: f0-f31 as bits, double and (NaN-boxed) single, and fcsr.
    pub fn fregs_text(&self) -> String {
        let cpu = &self.m.cpu;
        let mut s = String::new();
        for (r, &v) in cpu.f.iter().enumerate() {
            let single = if v >> 32 == 0xffff_ffff {
                format!("  (single {})", f32::from_bits(v as u32))
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "{:<5} {:#018x}  {}{single}",
                FP_ABI[r],
                v,
                f64::from_bits(v)
            );
        }
        let _ = writeln!(
            s,
            "fcsr  {:#x} (frm {}, fflags {:#x})",
            (cpu.csr.frm as u64) << 5 | cpu.csr.fflags as u64,
            cpu.csr.frm,
            cpu.csr.fflags
        );
        s
    }

    /// `csr NAME|NUM`.
    pub fn csr_text(&mut self, arg: &str) -> Result<String, String> {
        let arg = arg.trim();
        if arg.is_empty() {
            return Err("csr: which one? (a name such as satp, or a number)".into());
        }
        let n = csr_number(arg).ok_or_else(|| format!("csr: unknown CSR '{arg}'"))?;
        let v = read_csr(&mut self.m.cpu, n)
            .ok_or_else(|| format!("csr: {} ({n:#x}) does not exist on this hart", csr_name(n)))?;
        let name = csr_name(n);
        let more = match name.as_str() {
            "satp" => format!("  ({})", super::catch::satp_words(v)),
            "scause" | "mcause" => format!("  ({})", super::catch::cause_name(v)),
            "mstatus" | "sstatus" => format!("  ({})", mstatus_words(v)),
            _ => String::new(),
        };
        Ok(format!("{name} ({n:#05x}) = {v:#018x}{more}\n"))
    }

    /// `x/FMT ADDR` (virtual) and `xp/FMT ADDR` (physical).
    pub fn examine(
        &mut self,
        fmt: &str,
        addr_text: &str,
        physical: bool,
    ) -> Result<String, String> {
        let f = Format::parse(fmt)?;
        if addr_text.trim().is_empty() {
            return Err("x: an address is needed, e.g. x/4xg $sp".into());
        }
        let addr = self.eval(addr_text)?;
        let read = |d: &Debugger, a: u64, buf: &mut [u8]| -> Result<(), String> {
            let ok = if physical {
                d.m.cpu.bus.mem.read_bytes(a, buf)
            } else {
                d.m.cpu.peek_virt(a, buf)
            };
            ok.ok_or_else(|| {
                if physical {
                    format!("Cannot access physical address {a:#x} (not RAM)")
                } else {
                    cannot_access(a)
                }
            })
        };
        let mut out = String::new();
        match f.kind {
            'i' => {
                let mut a = addr;
                for _ in 0..f.count {
                    let (raw, len) = if physical {
                        let mut lo = [0u8; 2];
                        read(self, a, &mut lo)?;
                        let lo = u16::from_le_bytes(lo);
                        if lo & 3 == 3 {
                            let mut w = [0u8; 4];
                            read(self, a, &mut w)?;
                            (u32::from_le_bytes(w), 4u8)
                        } else {
                            (lo as u32, 2u8)
                        }
                    } else {
                        super::watch::fetch(&self.m.cpu, a).ok_or_else(|| cannot_access(a))?
                    };
                    let marker = if a == self.m.cpu.pc && !physical {
                        "=> "
                    } else {
                        "   "
                    };
                    let sym = self
                        .symbolize(a)
                        .map(|s| format!(" <{s}>"))
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "{marker}{a:#018x}{sym}:\t{}",
                        super::disas::insn_text(raw, len, a)
                    );
                    a = a.wrapping_add(len as u64);
                }
            }
            's' => {
                let mut a = addr;
                for _ in 0..f.count {
                    let mut text = Vec::new();
                    loop {
                        let mut b = [0u8];
                        read(self, a.wrapping_add(text.len() as u64), &mut b)?;
                        if b[0] == 0 || text.len() >= 4096 {
                            break;
                        }
                        text.push(b[0]);
                    }
                    let _ = writeln!(out, "{a:#018x}:\t{:?}", String::from_utf8_lossy(&text));
                    a = a.wrapping_add(text.len() as u64 + 1);
                }
            }
            _ => {
                let size = f.size as usize;
                let per_line = (16 / size).max(1);
                let mut a = addr;
                let mut i = 0;
                while i < f.count {
                    let sym = self
                        .symbolize(a)
                        .map(|s| format!(" <{s}>"))
                        .unwrap_or_default();
                    let _ = write!(out, "{a:#018x}{sym}:");
                    for _ in 0..per_line.min((f.count - i) as usize) {
                        let mut buf = [0u8; 8];
                        read(self, a, &mut buf[..size])?;
                        let v = u64::from_le_bytes(buf);
                        let _ = write!(out, "\t{}", f.show(v));
                        a = a.wrapping_add(size as u64);
                        i += 1;
                    }
                    out.push('\n');
                }
            }
        }
        Ok(out)
    }
}

/// MIE/SIE, MPP/SPP, SUM, MXR, FS of mstatus.
fn mstatus_words(v: u64) -> String {
    use crate::cpu::csr::*;
    let bit = |m: u64, n: &str| {
        if v & m != 0 {
            Some(n.to_string())
        } else {
            None
        }
    };
    let mut w: Vec<String> = [
        bit(MSTATUS_SIE, "SIE"),
        bit(MSTATUS_MIE, "MIE"),
        bit(MSTATUS_SPIE, "SPIE"),
        bit(MSTATUS_MPIE, "MPIE"),
        bit(MSTATUS_SPP, "SPP=S"),
        bit(MSTATUS_MPRV, "MPRV"),
        bit(MSTATUS_SUM, "SUM"),
        bit(MSTATUS_MXR, "MXR"),
        bit(MSTATUS_TVM, "TVM"),
        bit(MSTATUS_TW, "TW"),
        bit(MSTATUS_TSR, "TSR"),
    ]
    .into_iter()
    .flatten()
    .collect();
    w.push(format!(
        "MPP={}",
        ["U", "S", "?", "M"][((v >> MSTATUS_MPP_SHIFT) & 3) as usize]
    ));
    w.push(format!("FS={}", (v >> 13) & 3));
    w.join(" ")
}

/// An `x` format: count, kind (x d u o t c a i s), size (b h w g).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    pub count: u64,
    pub kind: char,
    pub size: u8,
}

impl Format {
    /// `4xg`, `i`, `16b`, `s`, `` (one hex word).
    pub fn parse(s: &str) -> Result<Format, String> {
        let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
        let count = if digits.is_empty() {
            1
        } else {
            digits
                .parse::<u64>()
                .ok()
                .filter(|&n| n > 0 && n <= 65536)
                .ok_or_else(|| format!("x/{s}: bad count"))?
        };
        let mut kind = 'x';
        let mut size = 4u8;
        for c in s[digits.len()..].chars() {
            match c {
                'x' | 'd' | 'u' | 'o' | 't' | 'c' | 'a' | 'i' | 's' => kind = c,
                'b' => size = 1,
                'h' => size = 2,
                'w' => size = 4,
                'g' => size = 8,
                _ => {
                    return Err(format!(
                    "x/{s}: unknown format letter '{c}' (formats x d u o t c a i s, sizes b h w g)"
                ))
                }
            }
        }
        if kind == 'a' {
            size = 8;
        }
        if kind == 'c' && !s.contains(['h', 'w', 'g']) {
            size = 1;
        }
        Ok(Format { count, kind, size })
    }

    fn show(&self, v: u64) -> String {
        let bits = self.size as u32 * 8;
        let sext = |v: u64| ((v << (64 - bits)) as i64) >> (64 - bits);
        match self.kind {
            'd' => sext(v).to_string(),
            'u' => v.to_string(),
            'o' => format!("{v:#o}"),
            't' => format!("{v:0width$b}", width = bits as usize),
            'c' => format!("{:?}", (v as u8) as char),
            _ => format!("{v:#0width$x}", width = 2 + 2 * self.size as usize),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_names() {
        assert_eq!(xreg("a0"), Some(10));
        assert_eq!(xreg("x31"), Some(31));
        assert_eq!(xreg("fp"), Some(8));
        assert_eq!(xreg("x32"), None);
        assert_eq!(freg("fa0"), Some(10));
        assert_eq!(csr_number("satp"), Some(0x180));
        assert_eq!(csr_number("0x141"), Some(0x141));
        assert_eq!(csr_number("pmpaddr3"), Some(0x3b3));
        assert_eq!(csr_number("bogus"), None);
    }

    #[test]
    fn formats() {
        let f = Format::parse("4xg").unwrap();
        assert_eq!((f.count, f.kind, f.size), (4, 'x', 8));
        let f = Format::parse("").unwrap();
        assert_eq!((f.count, f.kind, f.size), (1, 'x', 4));
        let f = Format::parse("8i").unwrap();
        assert_eq!((f.count, f.kind), (8, 'i'));
        assert!(Format::parse("4q").is_err());
        assert!(Format::parse("0x").is_err());
        assert_eq!(Format::parse("dh").unwrap().show(0xffff), "-1");
    }
}
