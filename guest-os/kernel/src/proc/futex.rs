//! Futexes ("fast user-space mutexes"): the kernel half of user-space
//! locks, condition variables and thread join. FUTEX_WAIT(uaddr, val)
//! sleeps if the 32-bit word at uaddr still holds val (checked
//! atomically: the kernel is not preemptible); FUTEX_WAKE(uaddr, n) wakes
//! up to n waiters, oldest first. The _BITSET variants give each waiter a
//! 32-bit mask and wake only the waiters whose mask meets the waker's
//! (plain WAIT and WAKE use all ones). FUTEX_REQUEUE and CMP_REQUEUE wake
//! some waiters and move others, without waking them, to a second word.
//!
//! Waiters are queued by key: for a private futex (FUTEX_PRIVATE_FLAG,
//! threads of one process) the address space and the address; for a
//! shared one the physical address of the word, so that processes sharing
//! a MAP_SHARED page meet on it. Each waiting task is also indexed by pid
//! (it may have been requeued), so that a timed-out or interrupted waiter
//! finds and leaves its queue.

use crate::klib::global::Global;
use crate::proc::{self, Pid};
use crate::sched;
use alloc::collections::{BTreeMap, VecDeque};

pub const FUTEX_WAIT: u64 = 0;
pub const FUTEX_WAKE: u64 = 1;
pub const FUTEX_REQUEUE: u64 = 3;
pub const FUTEX_CMP_REQUEUE: u64 = 4;
pub const FUTEX_WAIT_BITSET: u64 = 9;
pub const FUTEX_WAKE_BITSET: u64 = 10;
pub const FUTEX_PRIVATE_FLAG: u64 = 128;
pub const FUTEX_CLOCK_REALTIME: u64 = 256;
/// The mask plain WAIT and WAKE use.
pub const BITSET_MATCH_ANY: u32 = u32::MAX;

/// (address-space id or 0, address): which word waiters wait on.
pub type Key = (usize, usize);

struct Futexes {
    /// Waiters of each word, oldest first, with their bitsets.
    queues: BTreeMap<Key, VecDeque<(Pid, u32)>>,
    /// Where each waiting task is queued.
    waiting: BTreeMap<Pid, Key>,
}

static FUTEXES: Global<Futexes> =
    Global::new(Futexes { queues: BTreeMap::new(), waiting: BTreeMap::new() });

/// The channel task `pid` sleeps on while waiting on a futex.
fn chan(pid: Pid) -> usize {
    0x2_0000_0000 + pid as usize
}

/// Sleep on `key` with `bitset` (the caller checked the value) until
/// woken, until mtime `until` (0: no timeout), or until a signal. Ok:
/// woken; Err: timed out or interrupted (the caller says which).
pub fn wait(key: Key, bitset: u32, until: u64) -> Result<(), ()> {
    let pid = proc::current().pid;
    let f = FUTEXES.get();
    f.queues.entry(key).or_default().push_back((pid, bitset));
    f.waiting.insert(pid, key);
    sched::sleep(chan(pid), until);
    // Still queued: nobody woke us (timeout or signal).
    if FUTEXES.get().waiting.contains_key(&pid) {
        forget(pid);
        return Err(());
    }
    Ok(())
}

/// Wake up to `n` waiters on `key` whose bitset meets `bitset`; how many
/// were woken.
pub fn wake(key: Key, n: usize, bitset: u32) -> usize {
    let f = FUTEXES.get();
    let Some(q) = f.queues.get_mut(&key) else { return 0 };
    let mut woken = 0;
    let mut i = 0;
    while woken < n && i < q.len() {
        let (pid, bits) = q[i];
        if bits & bitset == 0 {
            i += 1;
            continue;
        }
        q.remove(i);
        f.waiting.remove(&pid);
        sched::wakeup(chan(pid));
        woken += 1;
    }
    if q.is_empty() {
        f.queues.remove(&key);
    }
    woken
}

/// Wake up to `n_wake` waiters on `from`, then move up to `n_requeue` of
/// the others to `to`; woken + moved.
pub fn requeue(from: Key, to: Key, n_wake: usize, n_requeue: usize) -> usize {
    let woken = wake(from, n_wake, BITSET_MATCH_ANY);
    if from == to {
        // Linux requeues to the same word too: the waiters stay put.
        return woken + FUTEXES.get().queues.get(&from).map_or(0, |q| q.len().min(n_requeue));
    }
    let f = FUTEXES.get();
    let Some(q) = f.queues.get_mut(&from) else { return woken };
    let n = n_requeue.min(q.len());
    let moved: VecDeque<(Pid, u32)> = q.drain(..n).collect();
    if q.is_empty() {
        f.queues.remove(&from);
    }
    for &(pid, _) in &moved {
        f.waiting.insert(pid, to);
    }
    f.queues.entry(to).or_default().extend(moved);
    woken + n
}

/// Forget task `pid` (it is exiting while queued, or its wait ended
/// without a wake).
pub fn forget(pid: Pid) {
    let f = FUTEXES.get();
    let Some(key) = f.waiting.remove(&pid) else { return };
    if let Some(q) = f.queues.get_mut(&key) {
        q.retain(|&(w, _)| w != pid);
        if q.is_empty() {
            f.queues.remove(&key);
        }
    }
}
