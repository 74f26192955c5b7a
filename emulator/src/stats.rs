//! The machine's counters, gathered at the edges (never formatted on the
//! execute loop), and their presentation as a `perf stat`-like table and JSON.

use crate::cpu::trap::INTERRUPT_BIT;
use crate::cpu::Privilege;
use serde::Serialize;
use vitrine_mmu::MmuCounters;

/// Counters the CPU keeps itself (the MMU keeps TLB counters).
#[derive(Clone, Debug, Default)]
pub struct CpuStats {
    /// Instructions retired in U, S, (reserved), M mode, up to `mode_start`.
    pub instret_by_mode: [u64; 4],
    /// `instret` when the current privilege mode was entered.
    pub mode_start: u64,
    pub exceptions: [u64; 16],
    pub interrupts: [u64; 16],
    pub satp_writes: u64,
    pub fence_i: u64,
}

impl CpuStats {
    pub fn close_mode_interval(&mut self, prv: Privilege, instret: u64) {
        self.instret_by_mode[prv as usize] += instret - self.mode_start;
        self.mode_start = instret;
    }

    #[inline]
    pub fn count_trap(&mut self, cause: u64) {
        let code = (cause & 15) as usize;
        if cause & INTERRUPT_BIT != 0 {
            self.interrupts[code] += 1;
        } else {
            self.exceptions[code] += 1;
        }
    }
}

/// Everything `--stats` reports, with stable field names for `--stats-json`.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub program: String,
    pub exit_code: i32,
    pub exit_reason: String,
    /// The hart's pc when the run stopped.
    pub pc: u64,
    pub instructions: Instructions,
    pub cycles: u64,
    pub mtime: u64,
    pub host_seconds: f64,
    pub mips: f64,
    pub traps: Traps,
    pub page_faults: PageFaults,
    pub tlb: Tlb,
    pub satp_writes: u64,
    pub fence_i: u64,
    /// System calls as the guest kernel reported them (introspection).
    pub syscalls: Syscalls,
    /// `--stats=task` or `--trace`: how rows were keyed, and one row per
    /// task or address space (`tasks/report.rs` has the field names).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_accounting: Option<crate::tasks::report::Accounting>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tasks: Option<Vec<crate::tasks::report::TaskJson>>,
    /// The virtio block device's counters, when the machine has a disk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk: Option<crate::devices::virtio::blk::BlkStats>,
}

/// What the kernel told the machine about system calls.
#[derive(Clone, Debug, Serialize)]
pub struct Syscalls {
    /// Calls the kernel does not have (it returned ENOSYS): the next
    /// thing to implement for a program that fails.
    pub unknown: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Instructions {
    pub total: u64,
    pub user: u64,
    pub supervisor: u64,
    pub machine: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Traps {
    /// Exceptions by cause name, only those that happened.
    pub exceptions: std::collections::BTreeMap<String, u64>,
    /// Interrupts taken, by name.
    pub interrupts: std::collections::BTreeMap<String, u64>,
    pub exceptions_total: u64,
    pub interrupts_total: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct PageFaults {
    pub instruction: u64,
    pub load: u64,
    pub store: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct TlbSide {
    pub hits: u64,
    pub misses: u64,
    pub walks: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Tlb {
    pub entries: usize,
    pub ways: usize,
    pub itlb: TlbSide,
    pub dtlb: TlbSide,
    pub flush_all: u64,
    pub flush_asid: u64,
    pub flush_addr: u64,
    pub flush_addr_asid: u64,
}

pub fn exception_name(code: usize) -> &'static str {
    match code {
        0 => "instruction_address_misaligned",
        1 => "instruction_access_fault",
        2 => "illegal_instruction",
        3 => "breakpoint",
        4 => "load_address_misaligned",
        5 => "load_access_fault",
        6 => "store_address_misaligned",
        7 => "store_access_fault",
        8 => "ecall_from_u",
        9 => "ecall_from_s",
        11 => "ecall_from_m",
        12 => "instruction_page_fault",
        13 => "load_page_fault",
        15 => "store_page_fault",
        _ => "reserved",
    }
}

pub fn interrupt_name(code: usize) -> &'static str {
    match code {
        1 => "supervisor_software",
        3 => "machine_software",
        5 => "supervisor_timer",
        7 => "machine_timer",
        9 => "supervisor_external",
        11 => "machine_external",
        _ => "reserved",
    }
}

/// Inputs for building a [`Report`].
pub struct ReportInput<'a> {
    pub program: &'a str,
    pub exit_code: i32,
    pub exit_reason: String,
    pub pc: u64,
    pub cpu: &'a CpuStats,
    pub instret: u64,
    pub cycles: u64,
    pub mtime: u64,
    pub mmu: &'a MmuCounters,
    pub tlb_entries: usize,
    pub tlb_ways: usize,
    pub host_seconds: f64,
    pub unknown_syscalls: u64,
}

impl Report {
    pub fn new(i: ReportInput) -> Report {
        let c = i.cpu;
        let named = |counts: &[u64; 16], name: fn(usize) -> &'static str| {
            counts
                .iter()
                .enumerate()
                .filter(|(_, &n)| n > 0)
                .map(|(k, &n)| (name(k).to_string(), n))
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        let side = |s: &vitrine_mmu::TlbCounters| TlbSide {
            hits: s.hits,
            misses: s.misses,
            walks: s.walks,
        };
        Report {
            program: i.program.to_string(),
            exit_code: i.exit_code,
            exit_reason: i.exit_reason,
            pc: i.pc,
            instructions: Instructions {
                total: i.instret,
                user: c.instret_by_mode[0],
                supervisor: c.instret_by_mode[1],
                machine: c.instret_by_mode[3],
            },
            cycles: i.cycles,
            mtime: i.mtime,
            host_seconds: i.host_seconds,
            mips: if i.host_seconds > 0.0 {
                i.instret as f64 / i.host_seconds / 1e6
            } else {
                0.0
            },
            traps: Traps {
                exceptions: named(&c.exceptions, exception_name),
                interrupts: named(&c.interrupts, interrupt_name),
                exceptions_total: c.exceptions.iter().sum(),
                interrupts_total: c.interrupts.iter().sum(),
            },
            page_faults: PageFaults {
                instruction: c.exceptions[12],
                load: c.exceptions[13],
                store: c.exceptions[15],
            },
            tlb: Tlb {
                entries: i.tlb_entries,
                ways: i.tlb_ways,
                itlb: side(&i.mmu.itlb),
                dtlb: side(&i.mmu.dtlb),
                flush_all: i.mmu.flush_all,
                flush_asid: i.mmu.flush_asid,
                flush_addr: i.mmu.flush_addr,
                flush_addr_asid: i.mmu.flush_addr_asid,
            },
            satp_writes: c.satp_writes,
            fence_i: c.fence_i,
            syscalls: Syscalls {
                unknown: i.unknown_syscalls,
            },
            task_accounting: None,
            tasks: None,
            disk: None,
        }
    }

    /// The `perf stat`-like table printed by `--stats`.
    pub fn table(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let pct = |n: u64, d: u64| {
            if d == 0 {
                0.0
            } else {
                100.0 * n as f64 / d as f64
            }
        };
        let mut row = |n: u64, what: &str, note: String| {
            let _ = writeln!(s, "{:>20}      {:<26}{}", group(n), what, note);
        };
        let ins = &self.instructions;
        row(
            ins.total,
            "instructions",
            format!("# {:.1} MIPS", self.mips),
        );
        row(
            ins.user,
            "instructions:u",
            format!("# {:5.1}% of all", pct(ins.user, ins.total)),
        );
        row(
            ins.supervisor,
            "instructions:s",
            format!("# {:5.1}% of all", pct(ins.supervisor, ins.total)),
        );
        row(
            ins.machine,
            "instructions:m",
            format!("# {:5.1}% of all", pct(ins.machine, ins.total)),
        );
        row(
            self.cycles,
            "cycles",
            format!("# mtime {}", group(self.mtime)),
        );
        row(self.traps.exceptions_total, "exceptions", String::new());
        for (name, n) in &self.traps.exceptions {
            row(*n, &format!("  {name}"), String::new());
        }
        row(self.traps.interrupts_total, "interrupts", String::new());
        for (name, n) in &self.traps.interrupts {
            row(*n, &format!("  {name}"), String::new());
        }
        let pf = &self.page_faults;
        row(
            pf.instruction + pf.load + pf.store,
            "page-faults",
            String::new(),
        );
        row(pf.instruction, "  page-faults:instruction", String::new());
        row(pf.load, "  page-faults:load", String::new());
        row(pf.store, "  page-faults:store", String::new());
        for (name, t) in [("itlb", &self.tlb.itlb), ("dtlb", &self.tlb.dtlb)] {
            let acc = t.hits + t.misses;
            row(acc, &format!("{name}-accesses"), String::new());
            row(
                t.hits,
                &format!("{name}-hits"),
                format!("# {:5.1}% of accesses", pct(t.hits, acc)),
            );
            row(
                t.misses,
                &format!("{name}-misses"),
                format!("# {:5.1}% of accesses", pct(t.misses, acc)),
            );
            row(t.walks, &format!("{name}-walks"), String::new());
        }
        let t = &self.tlb;
        row(
            t.flush_all + t.flush_asid + t.flush_addr + t.flush_addr_asid,
            "tlb-flushes",
            format!("# sfence.vma; TLB {}x{}", t.entries, t.ways),
        );
        row(t.flush_all, "  tlb-flushes:all", String::new());
        row(t.flush_asid, "  tlb-flushes:asid", String::new());
        row(t.flush_addr, "  tlb-flushes:addr", String::new());
        row(t.flush_addr_asid, "  tlb-flushes:addr+asid", String::new());
        row(self.satp_writes, "satp-writes", String::new());
        row(
            self.syscalls.unknown,
            "syscalls:unknown",
            String::from("# ENOSYS: not in the guest kernel"),
        );
        if let Some(d) = &self.disk {
            let mean = if d.requests > 0 {
                d.in_flight_ticks as f64 / d.requests as f64 / 10.0
            } else {
                0.0
            };
            row(
                d.requests,
                "disk-requests",
                format!("# virtio-blk, {mean:.1} us in flight on average"),
            );
            row(d.reads, "  disk-requests:read", String::new());
            row(d.writes, "  disk-requests:write", String::new());
            row(d.flushes, "  disk-requests:flush", String::new());
            row(d.errors, "  disk-requests:error", String::new());
            row(d.sectors_read, "disk-sectors-read", String::new());
            row(d.sectors_written, "disk-sectors-written", String::new());
        }
        let mut out = format!("\n Performance counter stats for '{}':\n\n", self.program);
        out.push_str(&s);
        let _ = writeln!(
            out,
            "\n{:>20.6} seconds host time        # exit: {}\n",
            self.host_seconds, self.exit_reason
        );
        out
    }
}

/// 1234567 -> "1,234,567", as perf prints counts.
pub fn group(n: u64) -> String {
    let d = n.to_string();
    let mut out = String::new();
    for (i, ch) in d.chars().enumerate() {
        if i > 0 && (d.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
