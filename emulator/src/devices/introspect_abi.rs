//! The introspection device's protocol, defined once for both sides: the
//! emulator's device (devices/introspect.rs) and the teaching kernel's
//! driver (guest-os/kernel/src/dev/introspect.rs, which compiles this very
//! file by `#[path]`, as it does the Sv39 files). Registers, event codes,
//! switch reasons and fault kinds cannot disagree between the two.
//! Plain `core` only: the kernel is `no_std`.

/// `"VITR"` as the bytes of a little-endian 32-bit read.
pub const MAGIC: u32 = 0x5254_4956;
pub const VERSION: u32 = 1;

pub const REG_MAGIC: u64 = 0x00;
pub const REG_VERSION: u64 = 0x04;
pub const REG_DROPPED: u64 = 0x08;
pub const REG_ARG0: u64 = 0x10;
pub const NARGS: usize = 6;
pub const REG_EVENT: u64 = 0x40;
/// (write) One byte (the low 8 bits of the value) for the host's standard
/// error: the guest's second output channel, besides the UART (the
/// teaching kernel's /dev/hvc0, which init opens as fd 2 of a program
/// launched with `vitrine ./a.out`).
pub const REG_STDERR: u64 = 0x48;

pub const EV_HELLO: u64 = 1;
pub const EV_TASK_NEW: u64 = 2;
pub const EV_EXEC: u64 = 3;
pub const EV_EXIT: u64 = 4;
pub const EV_SWITCH: u64 = 5;
pub const EV_FAULT: u64 = 6;
/// A task made a system call the kernel does not have (it returned ENOSYS).
pub const EV_UNKNOWN_SYSCALL: u64 = 7;

/// TASK_NEW flags.
pub const TASK_KTHREAD: u64 = 1;

/// Longest string (comm, path) an event may point at.
pub const MAX_STRING: u64 = 4096;

/// Why the CPU switches (SWITCH's ARG3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The scheduler runs the task it picked.
    Pick = 0,
    /// Preempted by the tick: its slice is used up.
    Tick = 1,
    /// Preempted by a wakeup: a woken or new task should run first.
    Wakeup = 2,
    Yield = 3,
    /// Went to sleep (S, D or I).
    Sleep = 4,
    Exit = 5,
    /// Stopped by a signal (T).
    Stop = 6,
    /// The scheduler has nothing to run: the hart idles.
    Idle = 7,
}

impl Reason {
    pub fn from_code(code: u64) -> Option<Reason> {
        use Reason::*;
        Some(match code {
            0 => Pick,
            1 => Tick,
            2 => Wakeup,
            3 => Yield,
            4 => Sleep,
            5 => Exit,
            6 => Stop,
            7 => Idle,
            _ => return None,
        })
    }

    /// How traces name it.
    pub fn describe(self) -> &'static str {
        match self {
            Reason::Pick => "picked by the scheduler",
            Reason::Tick => "preempted by tick",
            Reason::Wakeup => "wakeup preemption",
            Reason::Yield => "yield",
            Reason::Sleep => "sleep",
            Reason::Exit => "exit",
            Reason::Stop => "stopped",
            Reason::Idle => "idle",
        }
    }
}

/// How the kernel resolved a page fault (FAULT's ARG0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    CowCopy = 1,
    CowReuse = 2,
    /// Demand zero: a new zeroed page.
    Zero = 3,
    /// A file page found in the page cache.
    FileMinor = 4,
    /// A file page read into the page cache: the only major kind.
    FileMajor = 5,
    /// Nothing to do: the page was already mapped as wanted.
    Spurious = 6,
    /// A page of a shared mapping.
    Shmem = 7,
}

impl FaultKind {
    pub const ALL: [FaultKind; 7] = [
        FaultKind::CowCopy,
        FaultKind::CowReuse,
        FaultKind::Zero,
        FaultKind::FileMinor,
        FaultKind::FileMajor,
        FaultKind::Spurious,
        FaultKind::Shmem,
    ];

    pub fn from_code(code: u64) -> Option<FaultKind> {
        FaultKind::ALL.get(code.checked_sub(1)? as usize).copied()
    }

    /// The stable name (JSON field, trace argument).
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::CowCopy => "cow_copy",
            FaultKind::CowReuse => "cow_reuse",
            FaultKind::Zero => "zero",
            FaultKind::FileMinor => "file_minor",
            FaultKind::FileMajor => "file_major",
            FaultKind::Spurious => "spurious",
            FaultKind::Shmem => "shmem",
        }
    }
}
