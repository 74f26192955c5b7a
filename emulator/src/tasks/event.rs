//! Decoding what the guest wrote to the introspection device
//! (`devices/introspect.rs`) into typed events, and refusing what does not
//! make sense: an unknown code, a pid out of range, a string pointer
//! outside RAM or too long, an unknown state, reason or fault kind. A
//! refused event is dropped and counted; nothing here can panic.

use crate::devices::introspect::*;
use crate::memory::Memory;

/// Largest pid accepted (Linux's PID_MAX_LIMIT).
pub const PID_MAX: u64 = 4 << 20;

/// A task id as the guest kernel numbers it; 0 is the kernel's own context.
pub type Pid = u32;

#[derive(Clone, Debug, PartialEq)]
pub enum GuestEvent {
    Hello {
        version: u64,
    },
    TaskNew {
        pid: Pid,
        tgid: Pid,
        ppid: Pid,
        comm: String,
        kthread: bool,
    },
    Exec {
        pid: Pid,
        comm: String,
        path: String,
    },
    Exit {
        pid: Pid,
        /// The wait status (a 32-bit value, sign-extended).
        status: i64,
    },
    Switch {
        prev: Pid,
        next: Pid,
        /// The state prev leaves in, a `ps` letter (R S D T Z X I).
        state: char,
        reason: Reason,
        vruntime: u64,
        rss_pages: u64,
    },
    Fault {
        kind: FaultKind,
        addr: u64,
        access: u64,
    },
    /// Task `pid` made system call `nr`, which the kernel does not have.
    UnknownSyscall {
        pid: Pid,
        nr: u64,
    },
}

/// Why an event was dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    UnknownCode(u64),
    BadPid(u64),
    BadString { addr: u64, len: u64 },
    BadState(u64),
    BadReason(u64),
    BadFaultKind(u64),
    BadAccess(u64),
    BadFlags(u64),
}

fn pid(v: u64) -> Result<Pid, Refused> {
    if v <= PID_MAX {
        Ok(v as Pid)
    } else {
        Err(Refused::BadPid(v))
    }
}

/// A task pid: not 0, which is the kernel itself.
fn task_pid(v: u64) -> Result<Pid, Refused> {
    match pid(v)? {
        0 => Err(Refused::BadPid(0)),
        p => Ok(p),
    }
}

/// `len` bytes of guest-physical memory at `addr`, as text (invalid
/// UTF-8 replaced).
fn string(mem: &Memory, addr: u64, len: u64) -> Result<String, Refused> {
    let bad = Refused::BadString { addr, len };
    if len > MAX_STRING {
        return Err(bad);
    }
    let mut buf = vec![0u8; len as usize];
    mem.read_bytes(addr, &mut buf).ok_or(bad)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// The event `raw` means, reading its strings from `mem`.
pub fn decode(raw: &RawEvent, mem: &Memory) -> Result<GuestEvent, Refused> {
    let a = &raw.args;
    Ok(match raw.code {
        EV_HELLO => GuestEvent::Hello { version: a[0] },
        EV_TASK_NEW => {
            if a[5] & !TASK_KTHREAD != 0 {
                return Err(Refused::BadFlags(a[5]));
            }
            GuestEvent::TaskNew {
                pid: task_pid(a[0])?,
                tgid: task_pid(a[1])?,
                ppid: pid(a[2])?,
                comm: string(mem, a[3], a[4])?,
                kthread: a[5] & TASK_KTHREAD != 0,
            }
        }
        EV_EXEC => GuestEvent::Exec {
            pid: task_pid(a[0])?,
            comm: string(mem, a[1], a[2])?,
            path: string(mem, a[3], a[4])?,
        },
        EV_EXIT => GuestEvent::Exit {
            pid: task_pid(a[0])?,
            status: a[1] as u32 as i32 as i64,
        },
        EV_SWITCH => {
            let state = match a[2] {
                s @ 0..=0x7f if b"RSDTZXI".contains(&(s as u8)) => s as u8 as char,
                s => return Err(Refused::BadState(s)),
            };
            GuestEvent::Switch {
                prev: pid(a[0])?,
                next: pid(a[1])?,
                state,
                reason: Reason::from_code(a[3]).ok_or(Refused::BadReason(a[3]))?,
                vruntime: a[4],
                rss_pages: a[5],
            }
        }
        EV_FAULT => {
            if a[2] > 2 {
                return Err(Refused::BadAccess(a[2]));
            }
            GuestEvent::Fault {
                kind: FaultKind::from_code(a[0]).ok_or(Refused::BadFaultKind(a[0]))?,
                addr: a[1],
                access: a[2],
            }
        }
        EV_UNKNOWN_SYSCALL => GuestEvent::UnknownSyscall {
            pid: task_pid(a[0])?,
            nr: a[1],
        },
        code => return Err(Refused::UnknownCode(code)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::RAM_BASE;

    fn raw(code: u64, args: [u64; 6]) -> RawEvent {
        RawEvent { code, args }
    }

    #[test]
    fn decodes_a_task_with_its_name() {
        let mut mem = Memory::new(1 << 20);
        mem.write_bytes(RAM_BASE + 0x100, b"init").unwrap();
        let ev = decode(&raw(EV_TASK_NEW, [1, 1, 0, RAM_BASE + 0x100, 4, 0]), &mem);
        assert_eq!(
            ev,
            Ok(GuestEvent::TaskNew {
                pid: 1,
                tgid: 1,
                ppid: 0,
                comm: "init".into(),
                kthread: false
            })
        );
    }

    #[test]
    fn garbage_is_refused_not_a_panic() {
        let mem = Memory::new(1 << 20);
        let cases = [
            raw(99, [0; 6]),
            raw(EV_TASK_NEW, [1, 1, 0, 0x1234, 4, 0]),
            raw(EV_TASK_NEW, [1, 1, 0, RAM_BASE, u64::MAX, 0]),
            raw(EV_TASK_NEW, [1, 1, 0, u64::MAX - 1, 4, 0]),
            raw(EV_TASK_NEW, [0, 1, 0, RAM_BASE, 1, 0]),
            raw(EV_TASK_NEW, [1, 1, 0, RAM_BASE, 1, 6]),
            raw(EV_EXEC, [u64::MAX, RAM_BASE, 1, RAM_BASE, 1, 0]),
            raw(EV_SWITCH, [1, 2, b'Q' as u64, 0, 0, 0]),
            raw(EV_SWITCH, [1, 2, b'R' as u64, 42, 0, 0]),
            raw(EV_SWITCH, [1, 2, 1 << 40, 0, 0, 0]),
            raw(EV_FAULT, [0, 0x1000, 0, 0, 0, 0]),
            raw(EV_FAULT, [1, 0x1000, 3, 0, 0, 0]),
            raw(EV_UNKNOWN_SYSCALL, [0, 283, 0, 0, 0, 0]),
        ];
        for c in cases {
            assert!(decode(&c, &mem).is_err(), "{c:?}");
        }
    }
}
