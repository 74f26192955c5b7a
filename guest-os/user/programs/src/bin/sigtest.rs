//! `sigtest MODE`: exercises signals and job control (the kernel's
//! signal.rs); each mode prints what it sees, for tests/kernel_signals.rs.
//!
//!   handler   SIGTERM caught by an SA_SIGINFO handler (signo, si_pid)
//!   segv      a SIGSEGV handler catches a bad store (si_addr), exits 0
//!   mask      SIGUSR1 blocked stays pending; unblocking delivers it
//!   regs      registers (x and f) survive a handler that clobbers them
//!   stop      a child stopped/continued/terminated, seen by wait4
//!   pipe      SIGPIPE kills a writer; ignored, write gets EPIPE
//!   eintr     nanosleep interrupted by a handled signal -> EINTR
//!   restart   pipe read restarted with SA_RESTART, EINTR without
//!   pgrp      setpgid/getpgid/getsid/setsid, kill(0)/kill(-pgid)
//!   fg        own process group in the foreground, then wait (^C)
//!   autoreap  SIGCHLD ignored: children leave no zombie (ECHILD)
//!   threads   kill() taken by the thread that does not block it
//!   status    /proc/self/status SigPnd ShdPnd SigBlk SigIgn SigCgt
//!   raise N   send itself signal N (default actions: exit status)
#![no_std]
#![no_main]
use core::sync::atomic::{AtomicI32, AtomicU64, Ordering::SeqCst};
use ulib::prelude::*;
use ulib::process::{Fork, fork};
use ulib::sighandler::*;
use ulib::syscall::{nr, syscall1, syscall2, syscall4};
use ulib::time::{Timespec, nanosleep};

ulib::main!(main);

const SIGUSR1: i32 = 10;
const SIGSEGV: i32 = 11;
const SIGUSR2: i32 = 12;
const SIGPIPE: i32 = 13;
const SIGTERM: i32 = 15;
const SIGCONT: i32 = 18;
const SIGSTOP: i32 = 19;

static GOT: AtomicI32 = AtomicI32::new(0);
static COUNT: AtomicI32 = AtomicI32::new(0);
static PID: AtomicI32 = AtomicI32::new(0);
static WORD: AtomicU64 = AtomicU64::new(0);

fn getpid() -> i32 {
    unsafe { syscall1(nr::GETPID, 0) as i32 }
}

fn kill(pid: i32, sig: i32) -> isize {
    unsafe { syscall2(nr::KILL, pid as usize, sig as usize) }
}

/// Raw wait4: (pid or -errno, raw status).
fn wait4(pid: i32, options: usize) -> (isize, i32) {
    let mut st = 0i32;
    let r = unsafe { syscall4(nr::WAIT4, pid as usize, &mut st as *mut i32 as usize, options, 0) };
    (r, st)
}

fn ms(n: i64) -> Timespec {
    Timespec { tv_sec: n / 1000, tv_nsec: (n % 1000) * 1_000_000 }
}

extern "C" fn simple(sig: i32) {
    GOT.store(sig, SeqCst);
    COUNT.fetch_add(1, SeqCst);
}

extern "C" fn with_info(sig: i32, info: *const SigInfo, _uc: *mut u8) {
    let i = unsafe { &*info };
    GOT.store(sig, SeqCst);
    PID.store(i.word as u32 as i32, SeqCst);
    WORD.store(i.word, SeqCst);
    COUNT.fetch_add(1, SeqCst);
}

static TID: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_thread(_sig: i32) {
    TID.store(ulib::thread::gettid(), SeqCst);
}

extern "C" fn segv(sig: i32, info: *const SigInfo, _uc: *mut u8) {
    let i = unsafe { &*info };
    println!("caught signal {sig} code {} at {:#x}", i.code, i.word);
    ulib::process::exit(0);
}

extern "C" fn clobber(_sig: i32) {
    unsafe {
        core::arch::asm!(
            "li s2, 99", "li t0, 99", "fmv.d.x ft0, t0", "fmv.d.x fs0, t0",
            out("s2") _, out("t0") _, out("ft0") _, out("fs0") _,
        );
    }
    COUNT.fetch_add(1, SeqCst);
}

fn main(args: Args, _env: Env) -> i32 {
    let mode = args.get(1).unwrap_or(b"");
    match mode {
        b"handler" => {
            set_handler(SIGTERM, with_info as *const () as usize, SA_SIGINFO, 0).unwrap();
            kill(getpid(), SIGTERM);
            let me = getpid();
            println!(
                "handler ran: signal {} from pid {} (self {})",
                GOT.load(SeqCst),
                if PID.load(SeqCst) == me { "self" } else { "other" },
                COUNT.load(SeqCst)
            );
            // SA_RESETHAND: the second one is the default action.
            set_handler(SIGUSR2, simple as *const () as usize, SA_RESETHAND, 0).unwrap();
            kill(me, SIGUSR2);
            println!("once: {}", COUNT.load(SeqCst));
            kill(me, SIGUSR2);
            println!("not reached");
            0
        }
        b"segv" => {
            set_handler(SIGSEGV, segv as *const () as usize, SA_SIGINFO, 0).unwrap();
            unsafe { core::ptr::write_volatile(0x10 as *mut u32, 1) };
            println!("not reached");
            1
        }
        b"mask" => {
            set_handler(SIGUSR1, simple as *const () as usize, 0, 0).unwrap();
            sigprocmask(SIG_BLOCK, Some(sigbit(SIGUSR1))).unwrap();
            kill(getpid(), SIGUSR1);
            let pending = sigpending().unwrap();
            println!("blocked: count {} pending {:#x}", COUNT.load(SeqCst), pending);
            let old = sigprocmask(SIG_UNBLOCK, Some(sigbit(SIGUSR1))).unwrap();
            println!("unblocked: count {} old mask {:#x}", COUNT.load(SeqCst), old);
            // SIGKILL cannot be blocked.
            sigprocmask(SIG_SETMASK, Some(!0)).unwrap();
            let m = sigprocmask(SIG_SETMASK, Some(0)).unwrap();
            println!("full mask reads {:#x}", m);
            0
        }
        b"regs" => {
            set_handler(SIGUSR1, clobber as *const () as usize, 0, 0).unwrap();
            let pid = getpid();
            let (s1, f): (u64, u64);
            unsafe {
                core::arch::asm!(
                    "li s2, 7", "li t0, 4242", "fmv.d.x fs0, t0",
                    "li a7, 129", "mv a0, {pid}", "li a1, 10", "ecall",
                    "mv {s1}, s2", "fmv.x.d {f}, fs0",
                    pid = in(reg) pid as usize, s1 = out(reg) s1, f = out(reg) f,
                    out("s2") _, out("t0") _, out("a0") _, out("a1") _, out("a7") _, out("fs0") _,
                );
            }
            println!("regs after handler: s2 {s1} fs0 {f} count {}", COUNT.load(SeqCst));
            0
        }
        b"stop" => {
            let child = match fork().unwrap() {
                Fork::Child => loop {
                    let _ = nanosleep(&ms(10));
                },
                Fork::Parent(c) => c,
            };
            kill(child, SIGSTOP);
            let (r, st) = wait4(child, 2); // WUNTRACED
            println!("stopped: {} status {:#x}", r == child as isize, st);
            let stat = ulib::readfile::read_file(format!("/proc/{child}/stat").as_bytes()).unwrap_or_default();
            let state = stat.iter().position(|&b| b == b')').map(|i| stat[i + 2] as char);
            println!("state {:?}", state);
            kill(child, SIGCONT);
            let (r, st) = wait4(child, 8); // WCONTINUED
            println!("continued: {} status {:#x}", r == child as isize, st);
            kill(child, SIGTERM);
            let (r, st) = wait4(child, 0);
            println!("terminated: {} status {:#x}", r == child as isize, st);
            0
        }
        b"pipe" => {
            let (r, w) = ulib::fs::pipe().unwrap();
            ulib::fs::close(r).unwrap();
            if let Fork::Child = fork().unwrap() {
                let _ = ulib::io::write(w, b"x");
                ulib::process::exit(0);
            }
            let (_, st) = wait4(-1, 0);
            println!("writer status {st}");
            ulib::sigaction::set_disposition(SIGPIPE, ulib::sigaction::SIG_IGN).unwrap();
            println!("ignored: {:?}", ulib::io::write(w, b"x").map_err(|e| e.0));
            0
        }
        b"eintr" => {
            set_handler(SIGUSR1, simple as *const () as usize, 0, 0).unwrap();
            let parent = getpid();
            if let Fork::Child = fork().unwrap() {
                let _ = nanosleep(&ms(50));
                kill(parent, SIGUSR1);
                ulib::process::exit(0);
            }
            let r = nanosleep(&ms(5000));
            let left = r.as_ref().err().map_or(0, |e| e.1.tv_sec);
            println!("nanosleep: {:?} left>=4s {} handler {}", r.map_err(|e| e.0 .0), left >= 4, GOT.load(SeqCst));
            wait4(-1, 0);
            0
        }
        b"restart" => {
            for flags in [SA_RESTART, 0] {
                set_handler(SIGUSR1, simple as *const () as usize, flags, 0).unwrap();
                let (r, w) = ulib::fs::pipe().unwrap();
                let parent = getpid();
                if let Fork::Child = fork().unwrap() {
                    let _ = nanosleep(&ms(50));
                    kill(parent, SIGUSR1);
                    let _ = nanosleep(&ms(50));
                    let _ = ulib::io::write(w, b"data");
                    ulib::process::exit(0);
                }
                let mut buf = [0u8; 8];
                let got = ulib::io::read(r, &mut buf);
                println!("flags {flags:#x}: read {:?}", got.map_err(|e| e.0));
                wait4(-1, 0);
                let _ = ulib::fs::close(r);
                let _ = ulib::fs::close(w);
            }
            0
        }
        b"pgrp" => {
            let me = getpid();
            println!("before: pgid is self {} sid {}", getpgid(0).unwrap() == me, getsid(0).unwrap());
            setpgid(0, 0).unwrap();
            println!("after setpgid: pgid is self {}", getpgid(0).unwrap() == me);
            set_handler(SIGUSR1, simple as *const () as usize, 0, 0).unwrap();
            let child = match fork().unwrap() {
                Fork::Child => {
                    let _ = nanosleep(&ms(20_000));
                    ulib::process::exit(GOT.load(SeqCst));
                }
                Fork::Parent(c) => c,
            };
            println!("child in our group {}", getpgid(child).unwrap() == me);
            let _ = nanosleep(&ms(20));
            kill(-me, SIGUSR1); // the group: child and us
            let (_, st) = wait4(0, 0);
            println!("group kill: child exit {} self got {}", (st >> 8) & 0xff, GOT.load(SeqCst));
            match fork().unwrap() {
                Fork::Child => {
                    let s = setsid().unwrap();
                    let ok = s == getpid() && getsid(0).unwrap() == s && getpgid(0).unwrap() == s;
                    ulib::process::exit(if ok { 0 } else { 1 });
                }
                Fork::Parent(_) => {}
            }
            let (_, st) = wait4(-1, 0);
            println!("setsid child status {st}; setsid as group leader: {:?}", setsid().map_err(|e| e.0));
            0
        }
        b"fg" => {
            setpgid(0, 0).unwrap();
            tcsetpgrp(0, getpid()).unwrap();
            println!("foreground {}", tcgetpgrp(0).unwrap() == getpid());
            println!("ready");
            loop {
                let _ = nanosleep(&ms(100));
            }
        }
        b"autoreap" => {
            ulib::sigaction::set_disposition(17, ulib::sigaction::SIG_IGN).unwrap();
            if let Fork::Child = fork().unwrap() {
                ulib::process::exit(3);
            }
            let _ = nanosleep(&ms(50));
            println!("wait4 after SIGCHLD ignored: {}", wait4(-1, 0).0);
            0
        }
        b"threads" => {
            // Process-directed: a thread that does not block it takes it.
            set_handler(SIGUSR1, on_thread as *const () as usize, 0, 0).unwrap();
            sigprocmask(SIG_BLOCK, Some(sigbit(SIGUSR1))).unwrap();
            let t = ulib::thread::spawn(|| {
                sigprocmask(SIG_UNBLOCK, Some(sigbit(SIGUSR1))).unwrap();
                let r = nanosleep(&ms(20_000));
                if r.is_err() { 1 } else { 0 }
            })
            .unwrap();
            let tid = t.tid();
            let _ = nanosleep(&ms(50));
            kill(getpid(), SIGUSR1);
            let interrupted = t.join();
            println!("taken by the thread {} interrupted {interrupted}", TID.load(SeqCst) == tid);
            // Thread-directed: tgkill to ourselves, blocked, stays ours.
            tgkill(getpid(), ulib::thread::gettid(), SIGUSR1).unwrap();
            println!("pending for main {:#x}", sigpending().unwrap());
            0
        }
        b"status" => {
            set_handler(SIGUSR1, simple as *const () as usize, 0, 0).unwrap();
            ulib::sigaction::set_disposition(SIGUSR2, ulib::sigaction::SIG_IGN).unwrap();
            sigprocmask(SIG_BLOCK, Some(sigbit(SIGTERM))).unwrap();
            kill(getpid(), SIGTERM);
            let st = ulib::readfile::read_file(b"/proc/self/status").unwrap();
            for line in st.split(|&b| b == b'\n').filter(|l| l.starts_with(b"Sig") || l.starts_with(b"ShdPnd")) {
                println!("{}", Bytes(line));
            }
            0
        }
        b"raise" => {
            let n = args.get(2).and_then(|s| core::str::from_utf8(s).ok()?.parse().ok()).unwrap_or(SIGTERM);
            kill(getpid(), n);
            let _ = nanosleep(&ms(10));
            println!("survived signal {n}");
            0
        }
        _ => {
            eprintln!("usage: sigtest MODE");
            2
        }
    }
}
