//! Catchpoints: stop when the hart does something (traps, page faults,
//! `sfence.vma`, `satp` writes, system calls, address-space switches,
//! exec), whatever code does it. They are checked after every block, on the
//! events `events.rs` finds, so they cost nothing while none is set beyond
//! that check.

use super::events::{Event, SfenceKind, TrapInfo};
use super::syscalls;
use super::tasks::{describe, Spaces};
use crate::cpu::trap::cause;
use crate::stats::{exception_name, interrupt_name};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatchSpec {
    /// Any trap, or those with this `xcause` (bit 63 for interrupts).
    Trap(Option<u64>),
    /// Interrupts, or this one (its code).
    Interrupt(Option<u64>),
    /// Page faults, or of this cause (12, 13, 15).
    PageFault(Option<u64>),
    Sfence(Option<SfenceFilter>),
    Satp,
    /// System calls (ecall traps), or this number (a7).
    Ecall(Option<u64>),
    /// Context switches (the kernel's, or address-space switches for a
    /// kernel that does not announce them), or those from or to this pid.
    Switch(Option<u32>),
    /// Successful execs, or of programs whose path ends with this.
    Exec(Option<String>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SfenceFilter {
    All,
    Asid,
    /// By address (with or without an ASID).
    Addr,
}

/// `xcause` from a number or a name (`12`, `0xc`, `store_page_fault`,
/// `illegal_instruction`, `supervisor_timer`...).
fn trap_cause(s: &str) -> Result<u64, String> {
    let n = if let Some(h) = s.strip_prefix("0x") {
        u64::from_str_radix(h, 16).ok()
    } else {
        s.parse().ok()
    };
    if let Some(n) = n {
        return Ok(n);
    }
    let name = s.replace('-', "_");
    for code in 0..16 {
        if exception_name(code) == name && name != "reserved" {
            return Ok(code as u64);
        }
        if interrupt_name(code) == name && name != "reserved" {
            return Ok(code as u64 | crate::cpu::trap::INTERRUPT_BIT);
        }
    }
    let short = match name.as_str() {
        "ecall" => Some(cause::ECALL_FROM_U),
        "breakpoint" | "ebreak" => Some(cause::BREAKPOINT),
        "illegal" => Some(cause::ILLEGAL_INSN),
        _ => None,
    };
    short.ok_or_else(|| format!("unknown trap cause '{s}' (a number, or a name such as store_page_fault, illegal_instruction, supervisor_timer)"))
}

fn interrupt_code(s: &str) -> Result<u64, String> {
    match s {
        "timer" | "stimer" => return Ok(cause::IRQ_S_TIMER),
        "external" | "sext" => return Ok(cause::IRQ_S_EXT),
        "software" | "ssoft" => return Ok(cause::IRQ_S_SOFT),
        _ => {}
    }
    let c = trap_cause(s)?;
    Ok(c & !crate::cpu::trap::INTERRUPT_BIT)
}

impl CatchSpec {
    /// Parse what follows `catch`.
    pub fn parse(args: &str) -> Result<CatchSpec, String> {
        let mut words = args.split_whitespace();
        let kind = words.next().unwrap_or("");
        let arg = words.next();
        if let Some(extra) = words.next() {
            return Err(format!("catch {kind}: unexpected '{extra}'"));
        }
        Ok(match kind {
            "trap" => CatchSpec::Trap(arg.map(trap_cause).transpose()?),
            "interrupt" | "irq" => CatchSpec::Interrupt(arg.map(interrupt_code).transpose()?),
            "pagefault" | "page-fault" | "pf" => CatchSpec::PageFault(match arg {
                None => None,
                Some("inst" | "insn" | "fetch" | "instruction") => Some(cause::INSN_PAGE_FAULT),
                Some("load" | "read") => Some(cause::LOAD_PAGE_FAULT),
                Some("store" | "write") => Some(cause::STORE_PAGE_FAULT),
                Some(a) => {
                    return Err(format!(
                        "catch pagefault {a}: expected inst, load or store"
                    ))
                }
            }),
            "sfence" => CatchSpec::Sfence(match arg {
                None => None,
                Some("all") => Some(SfenceFilter::All),
                Some("asid") => Some(SfenceFilter::Asid),
                Some("addr") => Some(SfenceFilter::Addr),
                Some(a) => return Err(format!("catch sfence {a}: expected all, asid or addr")),
            }),
            "satp" => {
                if let Some(a) = arg {
                    return Err(format!("catch satp: unexpected '{a}'"));
                }
                CatchSpec::Satp
            }
            "ecall" | "syscall" => CatchSpec::Ecall(match arg {
                None => None,
                Some(a) => Some(match a.parse() {
                    Ok(n) => n,
                    Err(_) => syscalls::number(a)
                        .ok_or_else(|| format!("catch ecall: unknown system call '{a}'"))?,
                }),
            }),
            "switch" => CatchSpec::Switch(
                arg.map(|a| {
                    a.parse()
                        .map_err(|_| format!("catch switch: '{a}' is not a pid"))
                })
                .transpose()?,
            ),
            "exec" => CatchSpec::Exec(arg.map(str::to_string)),
            "" => return Err("catch what? trap, pagefault, sfence, satp, ecall, switch, exec, interrupt".into()),
            k => return Err(format!("catch {k}: unknown kind; expected trap, pagefault, sfence, satp, ecall, switch, exec or interrupt")),
        })
    }

    /// What `info breakpoints` says.
    pub fn describe(&self) -> String {
        let any = |o: Option<String>| o.map(|s| format!(" {s}")).unwrap_or_default();
        match self {
            CatchSpec::Trap(c) => format!("trap{}", any(c.map(cause_name))),
            CatchSpec::Interrupt(c) => format!(
                "interrupt{}",
                any(c.map(|c| interrupt_name(c as usize).to_string()))
            ),
            CatchSpec::PageFault(c) => format!("pagefault{}", any(c.map(cause_name))),
            CatchSpec::Sfence(f) => {
                format!("sfence{}", any(f.map(|f| format!("{f:?}").to_lowercase())))
            }
            CatchSpec::Satp => "satp".into(),
            CatchSpec::Ecall(n) => format!(
                "ecall{}",
                any(n.map(|n| syscalls::name(n).map_or(n.to_string(), |s| format!("{s} ({n})"))))
            ),
            CatchSpec::Switch(p) => format!("switch{}", any(p.map(|p| format!("pid {p}")))),
            CatchSpec::Exec(n) => format!("exec{}", any(n.clone())),
        }
    }

    /// If `ev` is caught, what happened, in words.
    pub fn check(&self, ev: &Event, spaces: &Spaces) -> Option<String> {
        match (self, ev) {
            (CatchSpec::Trap(c), Event::Trap(t)) if c.is_none_or(|c| c == t.cause) => {
                Some(trap_words(t))
            }
            (CatchSpec::Interrupt(c), Event::Trap(t))
                if t.is_interrupt() && c.is_none_or(|c| c == t.code()) =>
            {
                Some(trap_words(t))
            }
            (CatchSpec::PageFault(c), Event::Trap(t))
                if !t.is_interrupt()
                    && matches!(t.code(), 12 | 13 | 15)
                    && c.is_none_or(|c| c == t.code()) =>
            {
                Some(trap_words(t))
            }
            (CatchSpec::Ecall(n), Event::Trap(t))
                if t.is_ecall() && n.is_none_or(|n| n == t.args[7]) =>
            {
                let nr = t.args[7];
                let name = syscalls::name(nr).unwrap_or("?");
                Some(format!(
                    "system call {nr} ({name}) from {:?}-mode at pc {:#x}, a0 {:#x} a1 {:#x} a2 {:#x}",
                    t.from, t.epc, t.args[0], t.args[1], t.args[2]
                ))
            }
            (CatchSpec::Sfence(f), Event::Sfence { kind, vaddr, asid }) => {
                let ok = match f {
                    None => true,
                    Some(SfenceFilter::All) => *kind == SfenceKind::All,
                    Some(SfenceFilter::Asid) => *kind == SfenceKind::Asid,
                    Some(SfenceFilter::Addr) => {
                        matches!(kind, SfenceKind::Addr | SfenceKind::AddrAsid)
                    }
                };
                ok.then(|| {
                    let v = vaddr.map_or("all addresses".into(), |v| format!("vaddr {v:#x}"));
                    let a = asid.map_or("all ASIDs".into(), |a| format!("ASID {a}"));
                    format!("sfence.vma: {v}, {a}")
                })
            }
            (CatchSpec::Satp, Event::Satp { old, new }) => Some(format!(
                "satp write: {old:#x} -> {new:#x} ({})",
                satp_words(*new)
            )),
            (CatchSpec::Switch(p), Event::Switch { from, to }) => {
                let next = spaces.get(*to);
                let before = from.and_then(|f| spaces.list.iter().rev().find(|s| s.satp == f));
                let pid_of = |s: Option<&super::tasks::Space>| s.and_then(|s| s.pid);
                if p.is_some_and(|p| pid_of(next) != Some(p) && pid_of(before) != Some(p)) {
                    return None;
                }
                let prev = from.map_or("(nothing)".into(), |f| describe(before, f));
                Some(format!("switch: {prev} -> {}", describe(next, *to)))
            }
            (CatchSpec::Switch(p), Event::TaskSwitch(r)) => {
                if p.is_some_and(|p| r.prev.pid != p && r.next.pid != p) {
                    return None;
                }
                Some(task_switch_words(r))
            }
            (CatchSpec::Exec(name), Event::Exec { path, satp }) => {
                let hit = name
                    .as_ref()
                    .is_none_or(|n| path == n || path.rsplit('/').next() == Some(n.as_str()));
                hit.then(|| format!("exec {path} ({})", describe(spaces.get(*satp), *satp)))
            }
            _ => None,
        }
    }
}

/// "switch: pid 4 (cow) left S (sleep) -> pid 5 (free)", then each task's
/// switch counts as `/proc/PID/sched` names them.
fn task_switch_words(r: &crate::tasks::SwitchRecord) -> String {
    let who = |s: &crate::tasks::SwitchSide| format!("pid {} ({})", s.pid, s.comm);
    let left = match r.prev_state {
        Some((state, why)) => format!(" left {state} ({})", why.describe()),
        None => String::new(),
    };
    let mut out = format!("switch: {}{left} -> {}", who(&r.prev), who(&r.next));
    for s in [&r.prev, &r.next].into_iter().filter(|s| s.pid != 0) {
        out += &format!(
            "\n  pid {}: nr_switches {}, nr_voluntary_switches {}, nr_involuntary_switches {}",
            s.pid,
            s.voluntary + s.involuntary,
            s.voluntary,
            s.involuntary
        );
    }
    out
}

/// `store_page_fault (15)`, `supervisor_timer (interrupt 5)`.
pub fn cause_name(c: u64) -> String {
    if c & crate::cpu::trap::INTERRUPT_BIT != 0 {
        let code = c & !crate::cpu::trap::INTERRUPT_BIT;
        format!("{} (interrupt {code})", interrupt_name(code as usize))
    } else {
        format!("{} ({c})", exception_name(c as usize))
    }
}

fn trap_words(t: &TrapInfo) -> String {
    let mut s = format!(
        "{} from {:?}-mode at pc {:#x}",
        cause_name(t.cause),
        t.from,
        t.epc
    );
    if !t.is_interrupt() && t.tval != 0 {
        s += &format!(", tval {:#x}", t.tval);
    }
    s += &format!(", to {:?}-mode", t.to);
    s
}

/// "Sv39, ASID 3, root 0x80123000" or "Bare".
pub fn satp_words(satp: u64) -> String {
    let s = vitrine_mmu::Satp(satp);
    match s.mode() {
        vitrine_mmu::SatpMode::Bare => "Bare".into(),
        vitrine_mmu::SatpMode::Sv39 => {
            format!("Sv39, ASID {}, root {:#x}", s.asid(), s.root().addr().0)
        }
        vitrine_mmu::SatpMode::Other(m) => format!("mode {m}"),
    }
}
