//! What happened in the last block: the hart's events, found by comparing
//! its counters with what was seen before (`Observer::after_block`, called
//! by the run loop after every block). Every trap, privilege change, `satp`
//! write and `sfence.vma` ends a block, so each is seen on its own, right
//! after it happened, and nothing is added to the execute loop.

use super::syscalls;
use super::tasks::Spaces;
use crate::cpu::trap::{cause, INTERRUPT_BIT};
use crate::cpu::{Cpu, Privilege};

/// A trap just taken.
#[derive(Clone, Debug)]
pub struct TrapInfo {
    /// `xcause` (bit 63 for interrupts).
    pub cause: u64,
    pub tval: u64,
    /// The interrupted or faulting pc (`xepc`).
    pub epc: u64,
    pub from: Privilege,
    pub to: Privilege,
    /// a0..a7 at the trap (system call number and arguments).
    pub args: [u64; 8],
}

impl TrapInfo {
    pub fn is_interrupt(&self) -> bool {
        self.cause & INTERRUPT_BIT != 0
    }
    pub fn code(&self) -> u64 {
        self.cause & !INTERRUPT_BIT
    }
    pub fn is_ecall(&self) -> bool {
        !self.is_interrupt()
            && matches!(
                self.code(),
                cause::ECALL_FROM_U | cause::ECALL_FROM_S | cause::ECALL_FROM_M
            )
    }
}

/// Which `sfence.vma`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SfenceKind {
    All,
    Asid,
    Addr,
    AddrAsid,
}

#[derive(Clone, Debug)]
pub enum Event {
    Trap(TrapInfo),
    Satp {
        old: u64,
        new: u64,
    },
    Sfence {
        kind: SfenceKind,
        vaddr: Option<u64>,
        asid: Option<u16>,
    },
    /// A successful execve: the first return to U-mode in the new program.
    Exec {
        path: String,
        satp: u64,
    },
    /// U-mode was entered in another address space than last time.
    Switch {
        from: Option<u64>,
        to: u64,
    },
    /// A context switch the kernel announced through its introspection
    /// device (the per-task tracker's; replaces `Switch` once the kernel
    /// names its tasks).
    TaskSwitch(crate::tasks::SwitchRecord),
}

/// A clone system call in progress: (space, CLONE_VM set).
#[derive(Clone, Debug)]
struct PendingClone {
    satp: u64,
    vm: bool,
}

#[derive(Clone, Debug)]
struct PendingExec {
    path: String,
    satp: u64,
    epc: u64,
}

/// See the module documentation. Cloned into every snapshot.
#[derive(Clone, Debug)]
pub struct Observer {
    traps: u64,
    satp: u64,
    satp_writes: u64,
    sfences: [u64; 4],
    prv: Privilege,
    pending_exec: Option<PendingExec>,
    /// Clones in progress, one per space at most.
    pending_clones: Vec<PendingClone>,
    pub spaces: Spaces,
}

const CLONE_VM: u64 = 0x100;
const CLONE_THREAD: u64 = 0x10000;

impl Observer {
    pub fn new(cpu: &Cpu) -> Observer {
        let c = &cpu.mmu.counters;
        Observer {
            traps: cpu.traps,
            satp: cpu.csr.satp,
            satp_writes: cpu.stats.satp_writes,
            sfences: [c.flush_all, c.flush_asid, c.flush_addr, c.flush_addr_asid],
            prv: cpu.prv,
            pending_exec: None,
            pending_clones: Vec::new(),
            spaces: Spaces::default(),
        }
    }

    /// Look at the hart after a block; push what happened to `out`.
    pub fn after_block(&mut self, cpu: &Cpu, out: &mut Vec<Event>) {
        let prv_before = self.prv;
        if cpu.traps != self.traps {
            self.traps = cpu.traps;
            let (cause, tval, epc) = if cpu.prv == Privilege::Machine {
                (cpu.csr.mcause, cpu.csr.mtval, cpu.csr.mepc)
            } else {
                (cpu.csr.scause, cpu.csr.stval, cpu.csr.sepc)
            };
            let mut args = [0; 8];
            args.copy_from_slice(&cpu.x[10..18]);
            let t = TrapInfo {
                cause,
                tval,
                epc,
                from: prv_before,
                to: cpu.prv,
                args,
            };
            if t.from == Privilege::User && t.is_ecall() {
                self.syscall_entry(cpu, &t);
            }
            out.push(Event::Trap(t));
        }
        if cpu.stats.satp_writes != self.satp_writes {
            self.satp_writes = cpu.stats.satp_writes;
            out.push(Event::Satp {
                old: self.satp,
                new: cpu.csr.satp,
            });
        }
        self.satp = cpu.csr.satp;
        let c = &cpu.mmu.counters;
        let now = [c.flush_all, c.flush_asid, c.flush_addr, c.flush_addr_asid];
        if now != self.sfences {
            let kinds = [
                SfenceKind::All,
                SfenceKind::Asid,
                SfenceKind::Addr,
                SfenceKind::AddrAsid,
            ];
            for (i, kind) in kinds.into_iter().enumerate() {
                if now[i] != self.sfences[i] {
                    let (vaddr, asid) = sfence_operands(cpu);
                    out.push(Event::Sfence { kind, vaddr, asid });
                }
            }
            self.sfences = now;
        }
        self.prv = cpu.prv;
        if cpu.prv == Privilege::User && prv_before != Privilege::User {
            self.user_entry(cpu, out);
        }
    }

    fn syscall_entry(&mut self, cpu: &Cpu, t: &TrapInfo) {
        let satp = cpu.csr.satp;
        match t.args[7] {
            syscalls::EXECVE => {
                if let Some(path) = read_string(cpu, t.args[0]) {
                    self.pending_exec = Some(PendingExec {
                        path,
                        satp,
                        epc: t.epc,
                    });
                }
            }
            // Threads share the space: nothing to learn.
            syscalls::CLONE if t.args[0] & CLONE_THREAD == 0 => {
                self.pending_clones.retain(|c| c.satp != satp);
                self.pending_clones.push(PendingClone {
                    satp,
                    vm: t.args[0] & CLONE_VM != 0,
                });
            }
            syscalls::EXIT_GROUP => self.spaces.exit(satp),
            _ => {}
        }
    }

    /// The hart returned to U-mode.
    fn user_entry(&mut self, cpu: &Cpu, out: &mut Vec<Event>) {
        let satp = cpu.csr.satp;
        let pos = cpu.position();
        let before = self.spaces.current;
        // The parent of a clone learns the child's pid from a0.
        if let Some(i) = self.pending_clones.iter().position(|c| c.satp == satp) {
            // (A CLONE_VM child returns here too, with 0.)
            let ret = cpu.x[10] as i64;
            if ret != 0 {
                if ret > 0 && ret <= u32::MAX as i64 {
                    let vm = self.pending_clones[i].vm;
                    self.spaces.child_pid(satp, ret as u32, vm);
                }
                self.pending_clones.remove(i);
            }
        }
        let exec = match &self.pending_exec {
            // Back where it called: the exec failed.
            Some(e) if e.satp == satp && cpu.pc == e.epc + 4 => {
                self.pending_exec = None;
                None
            }
            // A new address space: the exec'ed program. (Another task
            // returning first, e.g. a vfork parent, leaves it pending.)
            Some(e) if e.satp != satp && self.spaces.get(satp).is_none() => {
                self.pending_exec.take()
            }
            _ => None,
        };
        if let Some(e) = exec {
            // The parent of a vfork child learns its pid later (above).
            let vfork = self.pending_clones.iter().any(|c| c.vm && c.satp == e.satp)
                || self.spaces.has_vm_child(e.satp);
            self.spaces.exec(e.satp, satp, &e.path, pos, vfork);
            out.push(Event::Exec { path: e.path, satp });
        } else {
            let parent = self
                .pending_clones
                .iter()
                .rev()
                .find(|c| !c.vm && c.satp != satp)
                .map(|c| c.satp);
            self.spaces.enter(satp, pos, parent);
        }
        if before != Some(satp) {
            out.push(Event::Switch {
                from: before,
                to: satp,
            });
        }
    }
}

/// The operands of the `sfence.vma` that just retired (at `pc - 4`).
fn sfence_operands(cpu: &Cpu) -> (Option<u64>, Option<u16>) {
    let mut b = [0u8; 4];
    if cpu.peek_virt(cpu.pc.wrapping_sub(4), &mut b).is_none() {
        return (None, None);
    }
    let raw = u32::from_le_bytes(b);
    if raw & 0xfe00_7fff != 0x1200_0073 {
        return (None, None);
    }
    let rs1 = ((raw >> 15) & 31) as usize;
    let rs2 = ((raw >> 20) & 31) as usize;
    (
        (rs1 != 0).then(|| cpu.x[rs1]),
        (rs2 != 0).then(|| cpu.x[rs2] as u16),
    )
}

/// A NUL-terminated string at virtual address `va` (at most 256 bytes).
pub fn read_string(cpu: &Cpu, va: u64) -> Option<String> {
    let mut out = Vec::new();
    for i in 0..256u64 {
        let mut b = [0u8];
        cpu.peek_virt(va.wrapping_add(i), &mut b)?;
        if b[0] == 0 {
            return Some(String::from_utf8_lossy(&out).into_owned());
        }
        out.push(b[0]);
    }
    None
}
