//! `pt`: the Sv39 walk of one address, step by step, or the whole address
//! space as ranges (as QEMU's `info mem`). PTEs are read straight from RAM:
//! no TLB lookup, no counter, no A/D update.

use super::Debugger;
use crate::cpu::csr::{MSTATUS_MXR, MSTATUS_SUM};
use crate::cpu::Privilege;
use std::fmt::Write;
use vitrine_mmu::addr::level_shift;
use vitrine_mmu::permissions::allows;
use vitrine_mmu::{AccessCtx, AccessType, Pte, Satp, VirtAddr};

/// `V R W X U G A D` with `-` for bits that are clear.
pub fn flag_letters(pte: u64) -> String {
    let names = ["V", "R", "W", "X", "U", "G", "A", "D"];
    names
        .iter()
        .enumerate()
        .map(|(i, n)| if pte >> i & 1 != 0 { *n } else { "-" })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The teaching kernel's names for the RSW software bits (mm/vm.rs).
fn software_bits(pte: u64) -> String {
    let rsw = (pte & Pte::RSW_MASK) >> Pte::RSW_SHIFT;
    let name = match rsw {
        0 => return String::new(),
        1 => "COW",
        2 => "FILE",
        _ => "COW+FILE",
    };
    format!("  RSW={rsw:02b} ({name})")
}

fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b => format!("{} KiB", b >> 10),
    }
}

/// Why a leaf refuses `access` in `ctx`, or None if it allows it.
fn refusal(pte: u64, access: AccessType, ctx: AccessCtx) -> Option<&'static str> {
    if allows(pte, access, ctx) {
        return None;
    }
    let user_page = pte & Pte::U != 0;
    Some(match (access, ctx.privilege) {
        (_, Privilege::User) if !user_page => "U=0: not a user page",
        (AccessType::Fetch, Privilege::Supervisor | Privilege::Machine) if user_page => {
            "U=1: S-mode never executes user pages"
        }
        (_, Privilege::Supervisor | Privilege::Machine) if user_page && !ctx.sum => "U=1 and SUM=0",
        (AccessType::Fetch, _) => "X=0",
        (AccessType::Load, _) if ctx.mxr => "R=0 and X=0",
        (AccessType::Load, _) => "R=0",
        (AccessType::Store, _) => "W=0",
    })
}

impl Debugger {
    /// `pt VADDR [SATP]`: see the module documentation.
    pub fn pt_text(&mut self, args: &str) -> Result<String, String> {
        let (addr_text, satp_text) = split_last_arg(args);
        let cpu_satp = self.m.cpu.csr.satp;
        let satp = match satp_text {
            Some(t) => self.eval(t)?,
            None => cpu_satp,
        };
        if addr_text.trim().is_empty() {
            return self.pt_map(satp);
        }
        let va = self.eval(addr_text)?;
        let cpu = &self.m.cpu;
        let mem = &cpu.bus.mem;
        let s = Satp(satp);
        let mut out = String::new();
        let mstatus = cpu.csr.mstatus;
        let ctx_prv = cpu.data_privilege();
        let sum = mstatus & MSTATUS_SUM != 0;
        let mxr = mstatus & MSTATUS_MXR != 0;
        let _ = writeln!(
            out,
            "{va:#018x} under satp {satp:#x} ({}); hart in {:?}-mode, SUM={} MXR={}",
            super::catch::satp_words(satp),
            cpu.prv,
            sum as u8,
            mxr as u8
        );
        if !s.is_sv39() {
            let _ = writeln!(out, "  no translation (satp MODE is not Sv39): VA = PA");
            return Ok(out);
        }
        if cpu.prv == Privilege::Machine && satp_text.is_none() {
            let _ = writeln!(
                out,
                "  (M-mode fetches and accesses are not translated; the walk below is what S/U-mode would see)"
            );
        }
        let v = VirtAddr(va);
        let _ = writeln!(
            out,
            "  VPN[2]={} VPN[1]={} VPN[0]={} offset {:#05x}",
            v.vpn_field(2),
            v.vpn_field(1),
            v.vpn_field(0),
            va & 0xfff
        );
        if !v.is_canonical() {
            let _ = writeln!(
                out,
                "  not canonical (bits 63:39 differ from bit 38): page fault"
            );
            return Ok(out);
        }
        let mut table = s.root().addr().0;
        let mut level: u8 = 2;
        let leaf = loop {
            let pte_addr = table + v.vpn_field(level) * 8;
            let Some(raw) = mem.read_u64(pte_addr) else {
                let _ = writeln!(
                    out,
                    "  L{level} PTE at {pte_addr:#x}: not in RAM: access fault"
                );
                return Ok(out);
            };
            let pte = Pte(raw);
            let _ = write!(
                out,
                "  L{level} PTE at {pte_addr:#x} = {raw:#018x}  {}",
                flag_letters(raw)
            );
            if !pte.is_valid() {
                let _ = writeln!(out, "  V=0: not mapped (page fault)");
                return Ok(out);
            }
            if pte.is_malformed() {
                let _ = writeln!(
                    out,
                    "  malformed (reserved bits or W without R): page fault"
                );
                return Ok(out);
            }
            if pte.is_leaf() {
                if !pte.ppn().is_aligned_for(level) {
                    let _ = writeln!(out, "  misaligned superpage: page fault");
                    return Ok(out);
                }
                let _ = writeln!(
                    out,
                    "{}  leaf: {} page",
                    software_bits(raw),
                    size_text(1 << level_shift(level))
                );
                break (raw, level);
            }
            let next = pte.ppn().addr().0;
            let _ = writeln!(out, "{}  -> table at {next:#x}", software_bits(raw));
            if level == 0 {
                let _ = writeln!(out, "  pointer at level 0: page fault");
                return Ok(out);
            }
            level -= 1;
            table = next;
        };
        let (raw, level) = leaf;
        let size = 1u64 << level_shift(level);
        let base_pa = Pte(raw).ppn().addr().0;
        let pa = base_pa | (va & (size - 1));
        let base_va = va & !(size - 1);
        let _ = writeln!(
            out,
            "  maps {base_va:#x}..{:#x} -> {base_pa:#x}..{:#x}: {va:#x} is PA {pa:#x}",
            base_va.wrapping_add(size),
            base_pa + size
        );
        let mut modes = vec![ctx_prv];
        if ctx_prv != Privilege::User {
            modes.push(Privilege::User);
        }
        for prv in modes {
            let ctx = AccessCtx {
                privilege: prv,
                sum,
                mxr,
            };
            let word = |a| match refusal(raw, a, ctx) {
                None => "yes".to_string(),
                Some(why) => format!("no ({why})"),
            };
            let label = if prv == ctx_prv { "now" } else { "as U" };
            let _ = writeln!(
                out,
                "  {:?}-mode ({label}): read {}, write {}, execute {}",
                prv,
                word(AccessType::Load),
                word(AccessType::Store),
                word(AccessType::Fetch)
            );
        }
        if raw & Pte::A == 0 {
            let _ = writeln!(out, "  A=0: the next access sets A (hardware A/D update)");
        } else if raw & Pte::D == 0 && raw & Pte::W != 0 {
            let _ = writeln!(out, "  D=0: the next store sets D");
        }
        let asid = s.asid();
        for (name, tlb) in [
            ("iTLB", self.m.cpu.mmu.itlb()),
            ("dTLB", self.m.cpu.mmu.dtlb()),
        ] {
            let hits: Vec<String> = tlb
                .iter()
                .filter(|e| {
                    let sh = level_shift(e.level);
                    (va >> sh) == (e.va_base >> sh) && (e.global || e.asid == Some(asid))
                })
                .map(|e| {
                    format!(
                        "set {} way {} ({}, PPN {:#x}, {} page, {})",
                        e.set,
                        e.way,
                        e.asid.map_or("global".into(), |a| format!("ASID {a}")),
                        e.ppn.0,
                        size_text(1 << level_shift(e.level)),
                        flag_letters(e.flags as u64)
                    )
                })
                .collect();
            if hits.is_empty() {
                let _ = writeln!(out, "  {name}: not cached (ASID {asid})");
            } else {
                let _ = writeln!(out, "  {name}: cached in {}", hits.join("; "));
            }
        }
        Ok(out)
    }

    /// `pt` without an address: every mapping of `satp`, merged into ranges.
    fn pt_map(&mut self, satp: u64) -> Result<String, String> {
        let s = Satp(satp);
        let mut out = format!("satp {satp:#x} ({})\n", super::catch::satp_words(satp));
        if !s.is_sv39() {
            out.push_str("no translation (satp MODE is not Sv39): VA = PA\n");
            return Ok(out);
        }
        let mem = &self.m.cpu.bus.mem;
        // (va, pa, size, attribute bits)
        let mut leaves: Vec<(u64, u64, u64, u64)> = Vec::new();
        let mut stack = vec![(s.root().addr().0, 2u8, 0u64)];
        let mut tables = 0;
        while let Some((table, level, va_prefix)) = stack.pop() {
            tables += 1;
            if tables > 100_000 {
                return Err("pt: the page tables look circular (over 100000 tables)".into());
            }
            for i in (0..512u64).rev() {
                let Some(raw) = mem.read_u64(table + i * 8) else {
                    continue;
                };
                let pte = Pte(raw);
                if !pte.is_valid() || pte.is_malformed() {
                    continue;
                }
                let mut va = va_prefix | (i << level_shift(level));
                if level == 2 && i >= 256 {
                    va |= !((1u64 << 39) - 1); // sign-extend bit 38
                }
                if pte.is_leaf() {
                    let attrs = raw & (0xff | Pte::RSW_MASK) & !Pte::V;
                    leaves.push((va, pte.ppn().addr().0, 1 << level_shift(level), attrs));
                } else if level > 0 {
                    stack.push((pte.ppn().addr().0, level - 1, va));
                }
            }
        }
        leaves.sort_unstable();
        let mut ranges: Vec<(u64, u64, u64, u64)> = Vec::new();
        for (va, pa, size, attrs) in leaves {
            if let Some(last) = ranges.last_mut() {
                if last.0.wrapping_add(last.2) == va && last.1 + last.2 == pa && last.3 == attrs {
                    last.2 += size;
                    continue;
                }
            }
            ranges.push((va, pa, size, attrs));
        }
        let _ = writeln!(
            out,
            "{:<39}  {:<18}  {:>9}  flags",
            "virtual", "physical", "size"
        );
        for (va, pa, size, attrs) in &ranges {
            let _ = writeln!(
                out,
                "{va:#018x}-{:#018x}  {pa:#018x}  {:>9}  {}{}",
                va.wrapping_add(*size),
                size_text(*size),
                &flag_letters(*attrs | Pte::V)[2..],
                software_bits(*attrs)
            );
        }
        let _ = writeln!(out, "{} ranges", ranges.len());
        Ok(out)
    }
}

/// `pt ADDR SATP`: the address expression and, if two words are given, the
/// last one (a satp value).
fn split_last_arg(args: &str) -> (&str, Option<&str>) {
    let t = args.trim();
    // Only split when the last word stands alone (not `$sp + 8`).
    if let Some((a, b)) = t.rsplit_once(char::is_whitespace) {
        let a = a.trim_end();
        let op = |c: char| matches!(c, '+' | '-' | '*' | '(');
        if !a.ends_with(op) && !b.starts_with(['+', '-', ')']) {
            return (a, Some(b));
        }
    }
    (t, None)
}
