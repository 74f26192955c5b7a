//! Vitrine's introspection device (`compatible = "vitrine,introspect"`): a
//! paravirtual register file through which a guest kernel names its tasks
//! and announces its context switches, so that the machine can charge the
//! events only it sees (instructions, traps, TLB hits, misses and walks,
//! `sfence.vma`) to the task that was running (`tasks/`).
//!
//! It sits at [`BASE`], a page of QEMU `virt`'s map that QEMU leaves empty
//! (after the test finisher and the RTC), so a kernel that probes the
//! device tree finds it on Vitrine and not on QEMU.
//!
//! # Registers
//!
//! | offset | name    | access | meaning |
//! |--------|---------|--------|---------|
//! | 0x00   | MAGIC   | read, 32 | [`MAGIC`] (`"VITR"` in memory) |
//! | 0x04   | VERSION | read, 32 | [`VERSION`] |
//! | 0x08   | DROPPED | read   | events the machine refused so far |
//! | 0x10..0x38 | ARG0..ARG5 | read/write | the next event's arguments |
//! | 0x40   | EVENT   | write  | an event code: sends it with ARG0..ARG5 |
//! | 0x48   | STDERR  | write, any size | one byte (the low 8 bits) for the host's stderr |
//!
//! Registers are 64-bit; 32-bit accesses work too (a 32-bit write
//! zero-extends). Other sizes, and offsets not in the table, are access
//! faults. An event is a few stores: its arguments, then its code.
//!
//! # Standard error
//!
//! STDERR is the guest's second output channel: the UART is the host's
//! stdout (the console), and bytes written here go to the host's stderr,
//! as `qemu-riscv64` gives a program's fd 2 to its own. The device keeps
//! them until the machine takes them after the block (every store here
//! but an argument's ends a block; the UART's output is handed over first, so the two
//! streams keep the order the guest wrote them in, block by block). The
//! teaching kernel exposes it as the character device /dev/hvc0 (Linux's
//! name for a hypervisor's console), only where the device exists.
//!
//! # Events
//!
//! | code | event    | ARG0 | ARG1 | ARG2 | ARG3 | ARG4 | ARG5 |
//! |------|----------|------|------|------|------|------|------|
//! | 1 | HELLO    | version | | | | | |
//! | 2 | TASK_NEW | pid | tgid | ppid | comm address | comm length | flags (1: kernel thread) |
//! | 3 | EXEC     | pid | comm address | comm length | path address | path length | |
//! | 4 | EXIT     | pid | wait status | | | | |
//! | 5 | SWITCH   | prev | next | prev's state (a `ps` letter) | [`Reason`] | vruntime, ns | RSS, pages |
//! | 6 | FAULT    | [`FaultKind`] | virtual address | access (0 read, 1 write, 2 execute) | | | |
//! | 7 | UNKNOWN_SYSCALL | pid | system call number | | | | |
//!
//! Strings are given by guest-physical address and length (at most 4096
//! bytes). Pid 0 is the kernel's own context: its scheduler loop and the
//! idle hart (Linux's `swapper/0`). A SWITCH to or from 0 is the kernel
//! entering or leaving its scheduler; SWITCH 0 -> 0 with reason Idle says
//! the scheduler found nothing to run. SWITCH's vruntime and RSS are those
//! of prev, or of next when prev is 0, as the kernel last updated them (the
//! machine plots vruntime at switch-in, where that is exact).
//!
//! The machine measures a task's run time from the SWITCH that gives it
//! the CPU to the one that takes it away. A kernel that reads its clock
//! right before each of these stores (as the teaching kernel does) gets
//! the same run time in its own accounting, to a few instructions.
//!
//! The device only collects events; `tasks/` decodes and checks them
//! (a bad code, pointer or pid drops the event and counts it in DROPPED).
//! When nobody asked for per-task accounting, events are discarded, but
//! UNKNOWN_SYSCALL is counted here all the same (`--stats`'
//! syscalls:unknown).

use crate::bus::Device;

/// Guest-physical base address and size of the device.
pub const BASE: u64 = 0x0010_2000;
pub const SIZE: u64 = 0x1000;
pub const LAST: u64 = BASE + SIZE - 1;

// The protocol (registers, event codes, reasons, fault kinds) is
// introspect_abi.rs, which the teaching kernel compiles too.
pub use super::introspect_abi::*;

/// One event as the guest sent it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawEvent {
    pub code: u64,
    pub args: [u64; NARGS],
}

/// Events kept for the machine before it takes them; the machine takes
/// them after every block, and every EVENT store ends a block, so this is
/// a bound against nothing but bugs.
const MAX_PENDING: usize = 64;

#[derive(Clone, Default)]
pub struct Introspect {
    args: [u64; NARGS],
    pending: Vec<RawEvent>,
    /// Keep events for the machine (someone asked for per-task numbers).
    pub listening: bool,
    /// Events refused (DROPPED): a full queue here, or bad contents
    /// (`tasks/` adds those).
    pub dropped: u64,
    /// Bytes written to STDERR that the machine has not taken yet.
    pub stderr: Vec<u8>,
    /// UNKNOWN_SYSCALL events: system calls the kernel answered ENOSYS.
    pub unknown_syscalls: u64,
}

impl Introspect {
    /// Whether events wait to be taken (checked after every block).
    #[inline]
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The events sent since the last call, oldest first.
    pub fn take(&mut self) -> Vec<RawEvent> {
        std::mem::take(&mut self.pending)
    }

    /// Whether a write at `offset` only sets an event's argument: nothing
    /// happens until the EVENT write, so such a write need not end the
    /// block (every other store here does).
    pub fn sets_argument(offset: u64) -> bool {
        Self::arg_index(offset).is_some()
    }

    fn arg_index(offset: u64) -> Option<usize> {
        let i = (offset.checked_sub(REG_ARG0)? / 8) as usize;
        (offset.is_multiple_of(8) && i < NARGS).then_some(i)
    }
}

impl Device for Introspect {
    fn read(&mut self, offset: u64, size: u8) -> Option<u64> {
        match (offset, size) {
            (REG_MAGIC, 4) => Some(MAGIC as u64),
            (REG_MAGIC, 8) => Some(MAGIC as u64 | (VERSION as u64) << 32),
            (REG_VERSION, 4) => Some(VERSION as u64),
            (REG_DROPPED, 4) => Some(self.dropped & 0xffff_ffff),
            (REG_DROPPED, 8) => Some(self.dropped),
            (_, 4 | 8) => {
                let v = self.args[Self::arg_index(offset)?];
                Some(if size == 4 { v & 0xffff_ffff } else { v })
            }
            _ => None,
        }
    }

    fn write(&mut self, offset: u64, size: u8, value: u64) -> Option<()> {
        if offset == REG_STDERR {
            self.stderr.push(value as u8);
            return Some(());
        }
        if size != 4 && size != 8 {
            return None;
        }
        if offset == REG_EVENT {
            if value == EV_UNKNOWN_SYSCALL {
                self.unknown_syscalls += 1;
            }
            if !self.listening {
                return Some(());
            }
            if self.pending.len() >= MAX_PENDING {
                self.dropped += 1;
            } else {
                self.pending.push(RawEvent {
                    code: value,
                    args: self.args,
                });
            }
            return Some(());
        }
        self.args[Self::arg_index(offset)?] = value;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_version_and_argument_registers() {
        let mut d = Introspect::default();
        assert_eq!(d.read(REG_MAGIC, 4), Some(MAGIC as u64));
        assert_eq!(&(MAGIC.to_le_bytes()), b"VITR");
        assert_eq!(d.read(REG_VERSION, 4), Some(1));
        assert_eq!(d.write(REG_ARG0 + 8, 8, 42), Some(()));
        assert_eq!(d.read(REG_ARG0 + 8, 8), Some(42));
        // Bad sizes and offsets are access faults, not panics.
        assert_eq!(d.write(REG_ARG0, 1, 1), None);
        assert_eq!(d.write(REG_ARG0 + 3, 8, 1), None);
        assert_eq!(d.write(0x800, 8, 1), None);
        assert_eq!(d.read(0xff8, 8), None);
    }

    #[test]
    fn stderr_bytes_are_kept_for_the_machine() {
        let mut d = Introspect::default();
        d.write(REG_STDERR, 1, b'o' as u64).unwrap();
        d.write(REG_STDERR, 8, 0x1234_0000_006b).unwrap();
        assert_eq!(d.stderr, b"ok");
        assert_eq!(d.read(REG_STDERR, 8), None, "write-only");
    }

    #[test]
    fn events_are_kept_only_when_listening() {
        let mut d = Introspect::default();
        d.write(REG_ARG0, 8, 7).unwrap();
        d.write(REG_EVENT, 8, EV_EXIT).unwrap();
        assert!(!d.has_pending());
        d.listening = true;
        d.write(REG_EVENT, 4, EV_EXIT).unwrap();
        let ev = d.take();
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].code, EV_EXIT);
        assert_eq!(ev[0].args[0], 7);
        for _ in 0..MAX_PENDING + 3 {
            d.write(REG_EVENT, 8, 99).unwrap();
        }
        assert_eq!(d.take().len(), MAX_PENDING);
        assert_eq!(d.read(REG_DROPPED, 8), Some(3));
    }

    #[test]
    fn reason_and_fault_kind_codes() {
        assert_eq!(Reason::from_code(7), Some(Reason::Idle));
        assert_eq!(Reason::from_code(8), None);
        assert_eq!(FaultKind::from_code(0), None);
        assert_eq!(FaultKind::from_code(5), Some(FaultKind::FileMajor));
        assert_eq!(FaultKind::from_code(8), None);
        for k in FaultKind::ALL {
            assert_eq!(FaultKind::from_code(k as u64), Some(k));
        }
    }
}
