//! `sigdemo`: signals between a parent and its children.
//!
//! (a) The child installs a SIGTERM handler (rt_sigaction with a function
//!     address) that prints "sigdemo: child: cleanup" and exits 0; it tells
//!     the parent through a pipe that the handler is in place, then sleeps.
//!     The parent sends SIGTERM and waits: the child exited with status 0.
//! (b) A child without a handler gets SIGKILL: killed by signal 9.
//! (c) A spinning child gets SIGSTOP: wait4(WUNTRACED) reports it stopped
//!     (by signal 19), /proc/CHILD/stat and `ps -o pid,stat,comm CHILD`
//!     (run with posix_spawn) show state T; SIGCONT: wait4(WCONTINUED)
//!     reports it continued; then SIGKILL and reap.
//!
//! Summary lines (exit status 0 if all four are as expected):
//!
//! ```text
//! sigdemo: term handler status=0
//! sigdemo: kill status=signal 9
//! sigdemo: stop state=T
//! sigdemo: continued
//! ```
//!
//! Kernel: rt_sigaction (134) with a handler (riscv64: no sa_restorer; the
//! handler never returns here, so no sigreturn is needed), kill (129),
//! wait4 (260) with WUNTRACED (2) and WCONTINUED (8): stop status
//! `(19 << 8) | 0x7f`, continued status 0xffff; /proc/PID/stat state T.
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::process::{self, Fork, WCONTINUED, WUNTRACED};
use ulib::sigaction::{self, SigAction};
use ulib::signal::{self, SIGCONT, SIGKILL, SIGSTOP, SIGTERM};
use ulib::time::{self, Timespec};
use ulib::{fs, io, procfs, spawn};

ulib::main!(main);

extern "C" fn on_term(_sig: i32) {
    let _ = io::write_all(1, b"sigdemo: child: cleanup\n");
    process::exit(0)
}

fn sleep_forever() -> ! {
    loop {
        let _ = time::nanosleep(&Timespec { tv_sec: 10, tv_nsec: 0 });
    }
}

fn fork_or_die() -> Fork {
    match process::fork() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("sigdemo: fork: {}", e);
            process::exit(1)
        }
    }
}

fn status_text(st: process::WaitStatus) -> String {
    if st.signaled() {
        format!("signal {}", st.term_signal())
    } else if st.stopped() {
        format!("stopped by signal {}", st.stop_signal())
    } else if st.continued() {
        "continued".to_string()
    } else {
        format!("{}", st.exit_status())
    }
}

/// wait4 with options, retried after EINTR.
fn wait(pid: i32, options: u32) -> Option<process::WaitStatus> {
    loop {
        match process::wait4(pid, options) {
            Err(Errno::EINTR) => {}
            Ok((_, st)) => return Some(st),
            Err(e) => {
                eprintln!("sigdemo: wait4: {}", e);
                return None;
            }
        }
    }
}

fn part_a() -> bool {
    let Ok((r, w)) = fs::pipe2(0) else { return false };
    match fork_or_die() {
        Fork::Child => {
            let act = SigAction { handler: on_term as *const () as usize, flags: 0, mask: 0 };
            if let Err(e) = sigaction::rt_sigaction(SIGTERM, Some(&act)) {
                eprintln!("sigdemo: child: rt_sigaction: {}", e);
                process::exit(2);
            }
            let _ = io::write_all(w, b"1");
            sleep_forever()
        }
        Fork::Parent(pid) => {
            let _ = fs::close(w);
            let mut b = [0u8; 1];
            let _ = io::read(r, &mut b);
            let _ = fs::close(r);
            println!("sigdemo: (a) child {} has a SIGTERM handler; sending SIGTERM", pid);
            let _ = signal::kill(pid, SIGTERM);
            let Some(st) = wait(pid, 0) else { return false };
            println!("sigdemo: term handler status={}", status_text(st));
            st.exited() && st.exit_status() == 0
        }
    }
}

fn part_b() -> bool {
    match fork_or_die() {
        Fork::Child => sleep_forever(),
        Fork::Parent(pid) => {
            println!("sigdemo: (b) child {} without handler; sending SIGKILL", pid);
            let _ = signal::kill(pid, SIGKILL);
            let Some(st) = wait(pid, 0) else { return false };
            println!("sigdemo: kill status={}", status_text(st));
            st.signaled() && st.term_signal() == SIGKILL
        }
    }
}

fn part_c(env: &Env) -> bool {
    match fork_or_die() {
        Fork::Child => {
            let mut x: u64 = 1;
            loop {
                x = core::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
            }
        }
        Fork::Parent(pid) => {
            println!("sigdemo: (c) spinning child {}; sending SIGSTOP", pid);
            let _ = signal::kill(pid, SIGSTOP);
            let mut ok = true;
            match wait(pid, WUNTRACED) {
                Some(st) => {
                    println!("sigdemo: wait4(WUNTRACED): {}", status_text(st));
                    ok &= st.stopped() && st.stop_signal() == SIGSTOP;
                }
                None => ok = false,
            }
            let id = format!("{}", pid);
            let state = procfs::stat(id.as_bytes()).map_or('?', |s| s.state as char);
            if let Err(e) = spawn::run(&[b"ps", b"-o", b"pid,stat,comm", id.as_bytes()], env) {
                eprintln!("sigdemo: cannot run ps: {}", e);
            }
            println!("sigdemo: stop state={}", state);
            ok &= state == 'T';
            let _ = signal::kill(pid, SIGCONT);
            match wait(pid, WCONTINUED) {
                Some(st) if st.continued() => println!("sigdemo: continued"),
                Some(st) => {
                    println!("sigdemo: wait4(WCONTINUED): {}", status_text(st));
                    ok = false;
                }
                None => ok = false,
            }
            let _ = signal::kill(pid, SIGKILL);
            match wait(pid, 0) {
                Some(st) => println!("sigdemo: reaped {}: {}", pid, status_text(st)),
                None => ok = false,
            }
            ok
        }
    }
}

fn main(_args: Args, env: Env) -> i32 {
    let a = part_a();
    let b = part_b();
    let c = part_c(&env);
    if a && b && c { 0 } else { 1 }
}
