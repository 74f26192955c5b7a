//! `states`: one process in each state at once, as ps shows them.
//!
//! - R: a child spinning on the CPU (running or runnable);
//! - S: a child sleeping in nanosleep (interruptible sleep);
//! - D: a child that vfork()s (clone CLONE_VM|CLONE_VFORK|SIGCHLD); its
//!   vfork child sleeps, so the parent waits for it uninterruptibly (Linux
//!   waits in TASK_KILLABLE, shown as D; Vitrine's vfork wait is D too);
//! - T: a sleeping child stopped with SIGSTOP (seen with wait4 WUNTRACED);
//! - Z: a child that has exited and is not yet reaped.
//!
//! It waits (at most 3 s) until /proc/PID/stat shows each expected state,
//! runs `ps -o pid,ppid,stat,comm` on them (posix_spawn), prints
//!
//! ```text
//! states: R=pid S=pid D=pid T=pid Z=pid
//! states: seen R=R S=S D=D T=T Z=Z
//! ```
//!
//! (the second line: the state letters read from /proc; under qemu-user
//! CLONE_VFORK is a plain fork, so the "D" process is seen as S there), and
//! cleans up: SIGKILL to the spinner, the sleeper, the vfork child (its
//! parent then reaps it and exits) and the stopped child; everything reaped.
//! Exit status 0 if every state was seen as expected, else 1.
#![no_std]
#![no_main]
use core::sync::atomic::{AtomicI64, Ordering::SeqCst};
use ulib::clone::{self, Stack, CLONE_VFORK, CLONE_VM};
use ulib::prelude::*;
use ulib::process::{self, Fork, WUNTRACED};
use ulib::signal::{self, SIGCHLD, SIGKILL, SIGSTOP};
use ulib::time::{self, Timespec};
use ulib::{mem, procfs, spawn};

ulib::main!(main);

fn sleep_forever() -> ! {
    loop {
        let _ = time::nanosleep(&Timespec { tv_sec: 10, tv_nsec: 0 });
    }
}

fn fork_with(f: impl FnOnce()) -> i32 {
    match process::fork() {
        Ok(Fork::Child) => {
            f();
            process::exit(0)
        }
        Ok(Fork::Parent(p)) => p,
        Err(e) => {
            eprintln!("states: fork: {}", e);
            process::exit(1)
        }
    }
}

/// The vfork child: publishes its pid in the shared page, then sleeps.
extern "C" fn vfork_child(arg: usize) -> i32 {
    // SAFETY: arg is the address of the shared AtomicI64.
    let slot = unsafe { &*(arg as *const AtomicI64) };
    slot.store(process::getpid() as i64, SeqCst);
    sleep_forever()
}

fn state(pid: i32) -> char {
    procfs::stat(format!("{}", pid).as_bytes()).map_or('?', |s| s.state as char)
}

fn main(_args: Args, env: Env) -> i32 {
    let page = match mem::mmap_shared_anonymous(4096) {
        Ok(p) => p,
        Err(e) => { eprintln!("states: mmap: {}", e); return 1 }
    };
    // SAFETY: a fresh shared page holding one atomic.
    let grandchild: &AtomicI64 = unsafe { &*(page as *const AtomicI64) };
    let r = fork_with(|| {
        let mut x: u64 = 1;
        loop {
            x = core::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
    });
    let s = fork_with(|| sleep_forever());
    let d = fork_with(|| {
        let stack = match Stack::new(64 * 1024) {
            Ok(s) => s,
            Err(_) => process::exit(3),
        };
        // SAFETY: the vfork child runs on its own stack and only touches the
        // shared page; we do not return from clone until it exits (vfork).
        let r = unsafe {
            clone::clone(vfork_child, stack.top(), CLONE_VM | CLONE_VFORK | SIGCHLD as usize,
                         page, 0, 0, 0)
        };
        match r {
            Ok(pid) => {
                let _ = process::waitpid(pid as i32);
                process::exit(0)
            }
            Err(_) => process::exit(4),
        }
    });
    let t = fork_with(|| sleep_forever());
    let z = fork_with(|| process::exit(0));
    let _ = signal::kill(t, SIGSTOP);
    let _ = process::wait4(t, WUNTRACED);
    let want = [('R', r), ('S', s), ('D', d), ('T', t), ('Z', z)];
    let mut seen = ['?'; 5];
    for _ in 0..3000 {
        for (i, (w, pid)) in want.iter().enumerate() {
            seen[i] = state(*pid);
            let _ = w;
        }
        if want.iter().zip(seen.iter()).all(|((w, _), s)| w == s) {
            break;
        }
        let _ = time::sleep(Timespec { tv_sec: 0, tv_nsec: 1_000_000 });
    }
    let ids: Vec<String> = want.iter().map(|(_, p)| format!("{}", p)).collect();
    let mut argv: Vec<&[u8]> = vec![b"ps", b"-o", b"pid,ppid,stat,comm"];
    argv.extend(ids.iter().map(|s| s.as_bytes()));
    if let Err(e) = spawn::run(&argv, &env) {
        eprintln!("states: cannot run ps: {}", e);
    }
    println!("states: R={} S={} D={} T={} Z={}", r, s, d, t, z);
    println!("states: seen R={} S={} D={} T={} Z={}", seen[0], seen[1], seen[2], seen[3], seen[4]);
    // Clean up.
    let _ = signal::kill(r, SIGKILL);
    let _ = signal::kill(s, SIGKILL);
    for _ in 0..3000 {
        if grandchild.load(SeqCst) != 0 { break }
        let _ = time::sleep(Timespec { tv_sec: 0, tv_nsec: 1_000_000 });
    }
    let g = grandchild.load(SeqCst) as i32;
    if g > 0 {
        let _ = signal::kill(g, SIGKILL);
    } else {
        let _ = signal::kill(d, SIGKILL);
    }
    let _ = signal::kill(t, SIGKILL);
    let mut reaped = 0;
    for pid in [r, s, d, t, z] {
        if process::waitpid(pid).is_ok() {
            reaped += 1;
        }
    }
    println!("states: cleaned up, {} reaped", reaped);
    let ok = want.iter().zip(seen.iter()).all(|((w, _), s)| w == s);
    if ok { 0 } else { 1 }
}
