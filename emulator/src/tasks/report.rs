//! How the per-task numbers are shown: the `--stats=task` tables (one row
//! per task, as `perf stat --per-thread` has one per thread) and the
//! `tasks` array of `--stats-json`, whose field names are stable.

use super::{Mode, Subject, TaskRow, Tracker};
use crate::devices::introspect::FaultKind;
use crate::stats::group;
use serde::Serialize;

/// `--stats-json`'s `task_accounting`: how rows were keyed, and events.
#[derive(Clone, Debug, Serialize)]
pub struct Accounting {
    /// "tasks" (the kernel announced them) or "address_spaces" (by satp).
    pub mode: &'static str,
    /// Introspection events taken, and refused (dropped).
    pub events: u64,
    pub dropped: u64,
}

/// One element of `--stats-json`'s `tasks`.
#[derive(Clone, Debug, Serialize)]
pub struct TaskJson {
    /// "task" or "address_space" ("total" only in the table).
    pub kind: &'static str,
    /// Process (thread group) id, the task's own id and its parent's; null
    /// for an address space.
    pub pid: Option<u32>,
    pub tid: Option<u32>,
    pub ppid: Option<u32>,
    pub comm: String,
    /// The program of its last exec, if any.
    pub path: Option<String>,
    pub kernel_thread: bool,
    /// The satp value of an address space (null for a task).
    pub satp: Option<u64>,
    pub asid: Option<u64>,
    pub created_ns: u64,
    pub exited: bool,
    pub exit_ns: Option<u64>,
    pub exit_status: Option<i64>,
    /// Guest time while it was on the hart, ns.
    pub run_ns: u64,
    pub instructions: Instructions,
    pub syscalls: u64,
    /// System calls the kernel did not have (introspection only).
    pub syscalls_unknown: u64,
    /// Page-fault traps, as the hardware took them.
    pub page_faults: HwFaults,
    /// Page faults as the kernel resolved them (introspection only).
    pub kernel_faults: KernelFaults,
    pub tlb: Tlb,
    pub context_switches: Switches,
    pub exceptions: u64,
    pub interrupts: u64,
    pub satp_writes: u64,
    /// Disk requests it submitted (virtio-blk), and their sectors.
    pub disk: Disk,
}

#[derive(Clone, Debug, Serialize)]
pub struct Disk {
    pub requests: u64,
    pub sectors_read: u64,
    pub sectors_written: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Instructions {
    pub total: u64,
    pub user: u64,
    pub supervisor: u64,
    pub machine: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct HwFaults {
    pub instruction: u64,
    pub load: u64,
    pub store: u64,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct KernelFaults {
    pub cow_copy: u64,
    pub cow_reuse: u64,
    pub zero: u64,
    pub file_minor: u64,
    pub file_major: u64,
    pub spurious: u64,
    pub shmem: u64,
    /// Linux's min_flt (every kind but file_major) and maj_flt.
    pub minor: u64,
    pub major: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct TlbSide {
    pub accesses: u64,
    pub hits: u64,
    pub misses: u64,
    pub walks: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Tlb {
    pub itlb: TlbSide,
    pub dtlb: TlbSide,
    pub flush_all: u64,
    pub flush_asid: u64,
    pub flush_addr: u64,
    pub flush_addr_asid: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Switches {
    /// Switched to from another task or from idle.
    #[serde(rename = "in")]
    pub switches_in: u64,
    /// Switched away from: slept, stopped or exited (nr_voluntary_switches),
    /// or preempted or yielded (nr_involuntary_switches).
    pub voluntary: u64,
    pub involuntary: u64,
}

impl TaskJson {
    pub fn of(r: &TaskRow) -> TaskJson {
        let c = &r.counters;
        let side = |t: &vitrine_mmu::TlbCounters| TlbSide {
            accesses: t.lookups(),
            hits: t.hits,
            misses: t.misses,
            walks: t.walks,
        };
        let k = |kind: FaultKind| r.faults[kind as usize - 1];
        let (minor, major) = r.minor_major();
        let [pf_i, pf_l, pf_s] = c.page_faults();
        let (kind, pid, tid, ppid, satp, asid) = match r.subject {
            Subject::Task { tid } => ("task", Some(r.tgid), Some(tid), Some(r.ppid), None, None),
            Subject::AddressSpace { satp } => (
                "address_space",
                None,
                None,
                None,
                Some(satp),
                vitrine_mmu::Satp(satp)
                    .is_sv39()
                    .then(|| vitrine_mmu::Satp(satp).asid() as u64),
            ),
        };
        TaskJson {
            kind,
            pid,
            tid,
            ppid,
            comm: r.comm.clone(),
            path: r.path.clone(),
            kernel_thread: r.kthread,
            satp,
            asid,
            created_ns: r.created_ns,
            exited: r.exited.is_some(),
            exit_ns: r.exited.map(|(t, _)| t),
            exit_status: r.exited.map(|(_, s)| s),
            run_ns: r.run_ns,
            instructions: Instructions {
                total: c.instret,
                user: c.by_mode[0],
                supervisor: c.by_mode[1],
                machine: c.by_mode[3],
            },
            syscalls: c.syscalls(),
            syscalls_unknown: r.unknown_syscalls,
            page_faults: HwFaults {
                instruction: pf_i,
                load: pf_l,
                store: pf_s,
            },
            kernel_faults: KernelFaults {
                cow_copy: k(FaultKind::CowCopy),
                cow_reuse: k(FaultKind::CowReuse),
                zero: k(FaultKind::Zero),
                file_minor: k(FaultKind::FileMinor),
                file_major: k(FaultKind::FileMajor),
                spurious: k(FaultKind::Spurious),
                shmem: k(FaultKind::Shmem),
                minor,
                major,
            },
            tlb: Tlb {
                itlb: side(&c.mmu.itlb),
                dtlb: side(&c.mmu.dtlb),
                flush_all: c.mmu.flush_all,
                flush_asid: c.mmu.flush_asid,
                flush_addr: c.mmu.flush_addr,
                flush_addr_asid: c.mmu.flush_addr_asid,
            },
            context_switches: Switches {
                switches_in: r.switches_in,
                voluntary: r.voluntary,
                involuntary: r.involuntary,
            },
            exceptions: c.exceptions.iter().sum(),
            interrupts: c.interrupts.iter().sum(),
            satp_writes: c.satp_writes,
            disk: Disk {
                requests: c.disk[0],
                sectors_read: c.disk[1],
                sectors_written: c.disk[2],
            },
        }
    }
}

impl Tracker {
    pub fn accounting(&self) -> Accounting {
        Accounting {
            mode: match self.mode {
                Mode::Tasks => "tasks",
                Mode::AddressSpaces => "address_spaces",
            },
            events: self.events,
            dropped: self.dropped,
        }
    }

    /// Every row, in the order they appeared.
    pub fn json(&self) -> Vec<TaskJson> {
        self.rows.iter().map(TaskJson::of).collect()
    }

    /// The `--stats=task` tables: one row per task (or address space),
    /// then the total, which equals the machine-wide table's counts.
    pub fn table(&self) -> String {
        let rows: Vec<TaskJson> = self.json();
        let mut total = TaskJson::of(&TaskRow {
            counters: self.total(),
            ..TaskRow::new(Subject::Task { tid: 0 }, "TOTAL".into(), 0)
        });
        let sum = |f: fn(&TaskJson) -> u64| rows.iter().map(f).sum::<u64>();
        total.run_ns = sum(|r| r.run_ns);
        total.syscalls_unknown = sum(|r| r.syscalls_unknown);
        let t = &mut total;
        t.kernel_faults = KernelFaults {
            cow_copy: sum(|r| r.kernel_faults.cow_copy),
            cow_reuse: sum(|r| r.kernel_faults.cow_reuse),
            zero: sum(|r| r.kernel_faults.zero),
            file_minor: sum(|r| r.kernel_faults.file_minor),
            file_major: sum(|r| r.kernel_faults.file_major),
            spurious: sum(|r| r.kernel_faults.spurious),
            shmem: sum(|r| r.kernel_faults.shmem),
            minor: sum(|r| r.kernel_faults.minor),
            major: sum(|r| r.kernel_faults.major),
        };
        t.context_switches = Switches {
            switches_in: sum(|r| r.context_switches.switches_in),
            voluntary: sum(|r| r.context_switches.voluntary),
            involuntary: sum(|r| r.context_switches.involuntary),
        };
        t.kind = "total";
        let tasks = self.mode == Mode::Tasks;
        let who = |r: &TaskJson| -> [String; 3] {
            match (r.kind, r.pid, r.tid) {
                ("total", ..) => ["".into(), "".into(), "TOTAL".into()],
                (_, Some(p), Some(t)) => [p.to_string(), t.to_string(), comm_of(r)],
                _ => ["-".into(), "-".into(), r.comm.clone()],
            }
        };
        let all: Vec<&TaskJson> = rows.iter().chain(std::iter::once(&total)).collect();

        let mut out = String::new();
        out.push_str(&if tasks {
            format!(
                "\n Per-task counters ({} tasks; pid 0 is the kernel: boot, the scheduler loop, the idle hart):\n",
                rows.len().saturating_sub(1)
            )
        } else {
            format!(
                "\n Per-address-space counters ({} address spaces, by satp: ASID and root page table; \
                 the kernel did not announce tasks):\n",
                rows.len()
            )
        });
        let sched: Vec<Column> = vec![
            ("RUN-NS", |r| group(r.run_ns)),
            ("INSNS", |r| group(r.instructions.total)),
            ("INSNS:U", |r| group(r.instructions.user)),
            ("INSNS:S", |r| group(r.instructions.supervisor)),
            ("SYSCALLS", |r| group(r.syscalls)),
            ("SYSC:UNKNOWN", |r| group(r.syscalls_unknown)),
            ("CS-IN", |r| group(r.context_switches.switches_in)),
            ("CS-VOL", |r| group(r.context_switches.voluntary)),
            ("CS-INVOL", |r| group(r.context_switches.involuntary)),
            ("EXIT", |r| match r.exit_status {
                Some(s) => s.to_string(),
                None => "-".into(),
            }),
        ];
        let faults: Vec<Column> = vec![
            ("PF:INSN", |r| group(r.page_faults.instruction)),
            ("PF:LOAD", |r| group(r.page_faults.load)),
            ("PF:STORE", |r| group(r.page_faults.store)),
            ("COW-COPY", |r| group(r.kernel_faults.cow_copy)),
            ("COW-REUSE", |r| group(r.kernel_faults.cow_reuse)),
            ("ZERO", |r| group(r.kernel_faults.zero)),
            ("FILE-MIN", |r| group(r.kernel_faults.file_minor)),
            ("FILE-MAJ", |r| group(r.kernel_faults.file_major)),
            ("SPURIOUS", |r| group(r.kernel_faults.spurious)),
            ("SHMEM", |r| group(r.kernel_faults.shmem)),
        ];
        let tlb: Vec<Column> = vec![
            ("ITLB-ACC", |r| group(r.tlb.itlb.accesses)),
            ("ITLB-MISS", |r| group(r.tlb.itlb.misses)),
            ("ITLB-WALK", |r| group(r.tlb.itlb.walks)),
            ("DTLB-ACC", |r| group(r.tlb.dtlb.accesses)),
            ("DTLB-MISS", |r| group(r.tlb.dtlb.misses)),
            ("DTLB-WALK", |r| group(r.tlb.dtlb.walks)),
            ("FL:ALL", |r| group(r.tlb.flush_all)),
            ("FL:ASID", |r| group(r.tlb.flush_asid)),
            ("FL:ADDR", |r| group(r.tlb.flush_addr)),
            ("FL:ADDR+ASID", |r| group(r.tlb.flush_addr_asid)),
        ];
        let faults_title = if tasks {
            "page faults: traps (hardware) | as the kernel resolved them"
        } else {
            "page faults: traps (hardware)"
        };
        let faults = if tasks { faults } else { faults[..3].to_vec() };
        for (title, cols) in [
            ("time, instructions, system calls, context switches", sched),
            (faults_title, faults),
            ("TLBs: accesses, misses, walks; sfence.vma by scope", tlb),
        ] {
            out.push_str(&format!("\n {title}\n"));
            out.push_str(&columns(&all, &who, &cols));
        }
        out.push('\n');
        out
    }
}

/// A column of a table: its heading and its cell for a row.
type Column = (&'static str, fn(&TaskJson) -> String);

/// The command name, with brackets for a kernel thread (as ps shows it).
fn comm_of(r: &TaskJson) -> String {
    if r.kernel_thread {
        format!("[{}]", r.comm)
    } else {
        r.comm.clone()
    }
}

/// A table: PID, TID, COMM, then `cols`, right-aligned to their widest
/// cell; the last row (the total) under a rule.
fn columns(rows: &[&TaskJson], who: &dyn Fn(&TaskJson) -> [String; 3], cols: &[Column]) -> String {
    let mut cells: Vec<Vec<String>> = vec![["PID", "TID", "COMM"]
        .iter()
        .map(|s| s.to_string())
        .chain(cols.iter().map(|(h, _)| h.to_string()))
        .collect()];
    for r in rows {
        let mut line: Vec<String> = who(r).to_vec();
        line.extend(cols.iter().map(|(_, f)| f(r)));
        cells.push(line);
    }
    let n = cells[0].len();
    let width: Vec<usize> = (0..n)
        .map(|i| {
            cells
                .iter()
                .map(|l| l[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (li, line) in cells.iter().enumerate() {
        if li + 1 == cells.len() {
            let w: usize = width.iter().sum::<usize>() + 2 * n;
            out.push_str(&format!("  {}\n", "-".repeat(w)));
        }
        let mut s = String::from(" ");
        for (i, c) in line.iter().enumerate() {
            if i == 2 {
                s.push_str(&format!(" {:<w$} ", c, w = width[i]));
            } else {
                s.push_str(&format!(" {:>w$} ", c, w = width[i]));
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    }
    out
}
