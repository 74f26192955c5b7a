//! A system call the kernel does not have: -ENOSYS, as Linux's
//! sys_ni_syscall returns, and a KERN_WARNING line the first time each
//! number is seen, naming the call (names.rs) and who made it:
//!
//! ```text
//! kernel: prog[5]: unknown system call 283 (membarrier), returning ENOSYS
//! ```
//!
//! (`quiet`, which `vitrine -c` and `vitrine ./a.out` pass, hides it:
//! `--verbose` or `--append loglevel=5` shows it.) Each one is also
//! announced to the machine (dev/introspect.rs), which counts them in
//! `--stats` as syscalls:unknown, per task with `--stats=task`.

use super::SysResult;
use super::errno::ENOSYS;
use super::names;
use crate::klib::global::Global;
use crate::proc::Proc;

/// Numbers below this are logged once each; above, only the first one.
const TRACKED: usize = 1024;

/// Which numbers were logged: a bit each, and one for all numbers >= TRACKED.
static SEEN: Global<([u64; TRACKED / 64], bool)> = Global::new(([0; TRACKED / 64], false));

/// True the first time `nr` is seen.
fn first_time(nr: u64) -> bool {
    let seen = SEEN.get();
    if nr >= TRACKED as u64 {
        return !core::mem::replace(&mut seen.1, true);
    }
    let (word, bit) = (nr as usize / 64, 1u64 << (nr % 64));
    let first = seen.0[word] & bit == 0;
    seen.0[word] |= bit;
    first
}

/// System call `nr` is not in the dispatch table.
pub(super) fn sys_unknown(p: &mut Proc, nr: u64) -> SysResult {
    crate::dev::introspect::unknown_syscall(p.pid, nr);
    if first_time(nr) {
        let name = names::name(nr).unwrap_or("not a Linux riscv64 system call");
        crate::pr_warn!(
            "kernel: {}[{}]: unknown system call {nr} ({name}), returning ENOSYS",
            p.name,
            p.pid
        );
    }
    Err(ENOSYS)
}
