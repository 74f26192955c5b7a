//! Futexes ("fast user-space mutexes"): the kernel half of user-space
//! locks and of thread join. FUTEX_WAIT(uaddr, val) sleeps if the 32-bit
//! word at uaddr still holds val (checked atomically: the kernel is not
//! preemptible); FUTEX_WAKE(uaddr, n) wakes up to n waiters, oldest first.
//! Waiters are queued by key: for a private futex (FUTEX_PRIVATE_FLAG,
//! threads of one process) the address space and the address; for a
//! shared one the physical address of the word, so that processes sharing
//! a MAP_SHARED page meet on it.

use crate::klib::global::Global;
use crate::proc::{self, Pid};
use crate::sched;
use alloc::collections::{BTreeMap, VecDeque};

pub const FUTEX_WAIT: u64 = 0;
pub const FUTEX_WAKE: u64 = 1;
pub const FUTEX_PRIVATE_FLAG: u64 = 128;

/// (address-space id or 0, address): which word waiters wait on.
pub type Key = (usize, usize);

static QUEUES: Global<BTreeMap<Key, VecDeque<Pid>>> = Global::new(BTreeMap::new());

/// The channel task `pid` sleeps on while waiting on a futex.
fn chan(pid: Pid) -> usize {
    0x2_0000_0000 + pid as usize
}

/// Sleep on `key` (the caller checked the value) until woken, until mtime
/// `until` (0: no timeout), or until killed. Ok: woken; Err: timed out or
/// interrupted (the caller returns ETIMEDOUT or EINTR).
pub fn wait(key: Key, until: u64) -> Result<(), ()> {
    let p = proc::current();
    let pid = p.pid;
    QUEUES.get().entry(key).or_default().push_back(pid);
    sched::sleep(chan(pid), until);
    // Still queued: nobody woke us (timeout or signal).
    let queues = QUEUES.get();
    if let Some(q) = queues.get_mut(&key) {
        if let Some(i) = q.iter().position(|&w| w == pid) {
            q.remove(i);
            if q.is_empty() {
                queues.remove(&key);
            }
            return Err(());
        }
    }
    Ok(())
}

/// Wake up to `n` waiters on `key`; how many were woken.
pub fn wake(key: Key, n: usize) -> usize {
    let queues = QUEUES.get();
    let Some(q) = queues.get_mut(&key) else { return 0 };
    let mut woken = 0;
    while woken < n {
        let Some(pid) = q.pop_front() else { break };
        sched::wakeup(chan(pid));
        woken += 1;
    }
    if q.is_empty() {
        queues.remove(&key);
    }
    woken
}

/// Forget task `pid` (it is exiting while queued: killed in a wait).
pub fn forget(pid: Pid) {
    let queues = QUEUES.get();
    queues.retain(|_, q| {
        q.retain(|&w| w != pid);
        !q.is_empty()
    });
}
