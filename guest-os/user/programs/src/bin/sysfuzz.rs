//! `sysfuzz -n CALLS -s SEED [-w WORKERS]`: a system call fuzzer, in the
//! spirit of trinity and syzkaller. Random system call numbers with
//! arguments drawn per call from typed pools (valid and invalid fds;
//! pointers into mapped, unmapped, read-only and kernel memory; sizes at
//! the edges; flags with unknown bits; paths), from worker processes that
//! fork, clone, start threads and send each other signals. Deterministic
//! from the seed (the machine is).
//!
//! The supervisor (this process) makes no fuzzed call itself. It forks
//! WORKERS workers (default 3), each in its own process group with stdin,
//! stdout and stderr on /dev/null, and restarts any that ends (a fuzzed
//! exit, execve, a fatal signal) until CALLS calls were made in all. A
//! worker that makes no progress for 0.2 s of guest time (blocked in a
//! read, a futex, a wait, a stop) is killed by the watchdog. Calls that
//! would reach outside the workers are kept inside: signals and process
//! groups only name the worker itself, its children or nobody; files are
//! written only under /tmp/sysfuzz; reboot never gets its magic numbers.
//!
//! At the end, with every worker reaped, the page cache dropped and the
//! scratch files removed, it compares the free frames (/proc/meminfo)
//! with those before the first worker:
//!
//! ```text
//! sysfuzz: seed 1: 50040 calls, 3 workers, 1048 restarts (563 exits, 488 signals, 150 watchdog)
//! sysfuzz: results: 34010 errors, 16030 successes; 43 forks, 37 threads, 281 signals handled
//! sysfuzz: free frames: 129025 before, 129025 after
//! ```
//!
//! Exit status 0 when the frames are back, 1 when not, 2 for bad usage.
#![no_std]
#![no_main]
use core::sync::atomic::{AtomicU64, Ordering};
use ulib::prelude::*;
use ulib::syscall::{syscall0, syscall2, syscall3, syscall4, syscall6};
use ulib::{fs, process, time};

ulib::main!(main);

const PAGE: usize = 4096;
/// Slots in the shared statistics page (one u64 each).
const S_CALLS: usize = 0;
const S_ERRORS: usize = 1;
const S_FORKS: usize = 2;
const S_THREADS: usize = 3;
const S_SIGNALS: usize = 4;
/// Per worker: calls made (progress for the watchdog), from slot 16 on.
const S_WORKER: usize = 16;
const MAX_WORKERS: usize = 16;
/// Where the shared statistics pages go.
const STATS: usize = 0x2f_0000_0000;

/// Calls a forked or cloned child, or a thread, makes before it exits.
const CHILD_CALLS: u64 = 64;

static SIGNALS: AtomicU64 = AtomicU64::new(0);

extern "C" fn on_signal(_sig: i32) {
    SIGNALS.fetch_add(1, Ordering::Relaxed);
}

/// xorshift64*: small, fast, and the same sequence on every machine.
#[derive(Clone, Copy)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<T: Copy>(&mut self, v: &[T]) -> T {
        v[self.below(v.len() as u64) as usize]
    }
    fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }
}

/// What a worker has to point its calls at.
struct Arena {
    /// 4 read-write pages; the last one ends at an unmapped page (`hole`).
    rw: usize,
    /// One read-only page.
    ro: usize,
    /// An address with nothing mapped.
    hole: usize,
    /// Paths: NUL-terminated, in the read-write arena's first page.
    paths: [usize; 12],
    /// Paths that may be written, created, removed (under /tmp/sysfuzz).
    wpaths: [usize; 4],
    /// Open descriptors the worker made (files, pipes, /dev/null, /proc).
    fds: [i32; 8],
    pid: i32,
    pgid: i32,
    /// Shared statistics (MAP_SHARED, survives the worker).
    stats: *mut u64,
    slot: usize,
    /// Most recent child, for kill and wait.
    child: i32,
}

impl Arena {
    fn bump(&self, i: usize) {
        // SAFETY: the stats page is mapped shared for every worker's life
        // (a worker may munmap it: then the worker faults and is restarted).
        unsafe { self.stats.add(i).write_volatile(self.stats.add(i).read_volatile() + 1) };
    }
}

const READ_PATHS: [&[u8]; 8] = [
    b"/\0",
    b"/bin/true\0",
    b"/proc/self/maps\0",
    b"/proc/meminfo\0",
    b"/proc/self/stat\0",
    b"/nonexistent/x\0",
    b"/dev/null\0",
    b"/proc/1/status\0",
];
const WRITE_PATHS: [&[u8]; 4] =
    [b"/tmp/sysfuzz/a\0", b"/tmp/sysfuzz/d\0", b"/tmp/sysfuzz/d/b\0", b"/tmp/sysfuzz/a/x\0"];

/// Argument kinds.
#[derive(Clone, Copy)]
enum K {
    Fd,
    DirFd,
    Buf,
    Len,
    Int,
    Flags,
    Path,
    WPath,
    Pid,
    Sig,
    Addr,
    MapLen,
    Prot,
    Time,
    Clock,
}
use K::*;

/// The system calls the kernel knows (syscall/nr.rs), with argument kinds.
/// Calls handled separately: clone, clone3, execve, exit, exit_group,
/// rt_sigreturn, reboot (below).
const CALLS: &[(usize, &[K])] = &[
    (17, &[Buf, Len]),                             // getcwd
    (23, &[Fd]),                                   // dup
    (24, &[Fd, Fd, Flags]),                        // dup3
    (25, &[Fd, Int, Int]),                         // fcntl
    (29, &[Fd, Int, Buf]),                         // ioctl
    (34, &[DirFd, WPath, Int]),                    // mkdirat
    (35, &[DirFd, WPath, Flags]),                  // unlinkat
    (48, &[DirFd, Path, Int]),                     // faccessat
    (49, &[Path]),                                 // chdir
    (56, &[DirFd, Path, Flags, Int]),              // openat (writes: WPath)
    (57, &[Fd]),                                   // close
    (59, &[Buf, Flags]),                           // pipe2
    (61, &[Fd, Buf, Len]),                         // getdents64
    (62, &[Fd, Int, Int]),                         // lseek
    (63, &[Fd, Buf, Len]),                         // read
    (64, &[Fd, Buf, Len]),                         // write
    (65, &[Fd, Buf, Int]),                         // readv
    (66, &[Fd, Buf, Int]),                         // writev
    (72, &[Int, Buf, Buf, Buf, Time, Buf]),        // pselect6
    (73, &[Buf, Int, Time, Buf, Len]),             // ppoll
    (78, &[DirFd, Path, Buf, Len]),                // readlinkat
    (79, &[DirFd, Path, Buf, Flags]),              // newfstatat
    (80, &[Fd, Buf]),                              // fstat
    (96, &[Buf]),                                  // set_tid_address
    (98, &[Buf, Int, Int, Time, Buf, Int]),        // futex
    (99, &[Buf, Len]),                             // set_robust_list
    (100, &[Pid, Buf, Buf]),                       // get_robust_list
    (101, &[Time, Buf]),                           // nanosleep
    (113, &[Clock, Buf]),                          // clock_gettime
    (114, &[Clock, Buf]),                          // clock_getres
    (115, &[Clock, Flags, Time, Buf]),             // clock_nanosleep
    (122, &[Pid, Len, Buf]),                       // sched_setaffinity
    (123, &[Pid, Len, Buf]),                       // sched_getaffinity
    (124, &[]),                                    // sched_yield
    (128, &[]),                                    // restart_syscall
    (129, &[Pid, Sig]),                            // kill
    (130, &[Pid, Sig]),                            // tkill
    (131, &[Pid, Pid, Sig]),                       // tgkill
    (133, &[Buf, Len]),                            // rt_sigsuspend
    (134, &[Sig, Buf, Buf, Len]),                  // rt_sigaction
    (135, &[Int, Buf, Buf, Len]),                  // rt_sigprocmask
    (136, &[Buf, Len]),                            // rt_sigpending
    (140, &[Int, Pid, Int]),                       // setpriority
    (141, &[Int, Pid]),                            // getpriority
    (148, &[Buf, Buf, Buf]),                       // getresuid
    (150, &[Buf, Buf, Buf]),                       // getresgid
    (153, &[Buf]),                                 // times
    (154, &[Pid, Pid]),                            // setpgid
    (155, &[Pid]),                                 // getpgid
    (156, &[Pid]),                                 // getsid
    (157, &[]),                                    // setsid
    (158, &[Int, Buf]),                            // getgroups
    (160, &[Buf]),                                 // uname
    (163, &[Int, Buf]),                            // getrlimit
    (164, &[Int, Buf]),                            // setrlimit
    (165, &[Int, Buf]),                            // getrusage
    (166, &[Int]),                                 // umask
    (167, &[Int, Buf, Int, Int, Int]),             // prctl
    (169, &[Buf, Buf]),                            // gettimeofday
    (172, &[]),                                    // getpid
    (173, &[]),                                    // getppid
    (174, &[]),                                    // getuid
    (175, &[]),                                    // geteuid
    (176, &[]),                                    // getgid
    (177, &[]),                                    // getegid
    (178, &[]),                                    // gettid
    (179, &[Buf]),                                 // sysinfo
    (214, &[Addr]),                                // brk
    (215, &[Addr, MapLen]),                        // munmap
    (216, &[Addr, MapLen, MapLen, Flags, Addr]),   // mremap
    (222, &[Addr, MapLen, Prot, Flags, Fd, Int]),  // mmap
    (226, &[Addr, MapLen, Prot]),                  // mprotect
    (227, &[Addr, MapLen, Flags]),                 // msync
    (233, &[Addr, MapLen, Int]),                   // madvise
    (259, &[Addr, Addr, Flags]),                   // riscv_flush_icache
    (260, &[Pid, Buf, Flags, Buf]),                // wait4
    (261, &[Pid, Int, Buf, Buf]),                  // prlimit64
    (278, &[Buf, Len, Flags]),                     // getrandom
    (291, &[DirFd, Path, Flags, Int, Buf]),        // statx
    (293, &[Buf, Len, Flags, Int]),                // rseq
    (439, &[DirFd, Path, Int, Flags]),             // faccessat2
];

/// Integers at the edges.
const INTS: [u64; 16] = [
    0,
    1,
    2,
    3,
    7,
    0x40,
    0xff,
    0x1000,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_ffff,
    u64::MAX,
    u64::MAX - 1,
    i64::MAX as u64,
    i64::MIN as u64,
    0x5401, // TCGETS
];

fn arg(r: &mut Rng, a: &Arena, k: K) -> u64 {
    match k {
        Fd | DirFd => match r.below(10) {
            0..=5 => a.fds[r.below(a.fds.len() as u64) as usize] as u64,
            6 => r.below(4),
            7 if matches!(k, DirFd) => -100i64 as u64, // AT_FDCWD
            7 => -1i64 as u64,
            8 => r.below(64),
            _ => r.pick(&INTS),
        },
        Buf => {
            let off = r.pick(&[0, 8, 1, 0xff8, 0x1000, 0x2ff0, 3 * PAGE as u64 - 1]);
            match r.below(12) {
                0..=6 => a.rw as u64 + off,
                7 => a.ro as u64 + off % PAGE as u64,
                8 => a.hole as u64,
                9 => 0,
                10 => 0xffff_ffc0_8000_0000, // the kernel's half
                _ => r.next(),
            }
        }
        Len | MapLen => match r.below(8) {
            0 => 0,
            1 => r.below(16),
            2 => r.below(PAGE as u64 + 1),
            3 => PAGE as u64 * (1 + r.below(4)),
            4 => 4 * PAGE as u64 + r.below(PAGE as u64), // past the arena
            5 => 1 << r.below(40),
            6 => r.pick(&INTS),
            _ => r.below(256),
        },
        Int => match r.below(4) {
            0 => r.below(8),
            1 => r.below(64),
            2 => r.pick(&INTS),
            _ => r.next(),
        },
        Flags => match r.below(4) {
            0 => 0,
            1 => 1 << r.below(32),
            2 => r.next() & 0xffff_ffff,
            _ => r.next(),
        },
        Path => match r.below(8) {
            0..=5 => a.paths[r.below(a.paths.len() as u64) as usize] as u64,
            6 => arg(r, a, Buf),
            _ => a.wpaths[r.below(a.wpaths.len() as u64) as usize] as u64,
        },
        WPath => match r.below(6) {
            0..=4 => a.wpaths[r.below(a.wpaths.len() as u64) as usize] as u64,
            _ => a.hole as u64,
        },
        // Only the worker, its latest child, its own group, or no one.
        Pid => match r.below(8) {
            0 | 1 => a.pid as u64,
            2 => 0,
            3 => (-a.pgid) as i64 as u64,
            4 => a.child as u64,
            5 => 1 << 22, // no such process
            6 => (-(1 << 22)) as i64 as u64,
            _ => (unsafe { syscall0(178) }) as u64, // gettid
        },
        Sig => match r.below(6) {
            0..=2 => r.pick(&[10, 12, 14, 17, 13, 28]), // handled ones, SIGPIPE
            3 => r.below(65),
            4 => 0,
            _ => r.pick(&INTS),
        },
        Addr => match r.below(8) {
            0 | 1 => a.rw as u64 + PAGE as u64 * r.below(4),
            2 => a.hole as u64,
            3 => 0,
            4 => 0x40_0000_0000 - PAGE as u64 * r.below(4), // top of user space
            5 => 0xffff_ffc0_0000_0000,
            6 => r.next() & !0xfff,
            _ => r.next(),
        },
        Prot => match r.below(3) {
            0 => r.below(8),
            1 => 3,
            _ => r.next() & 0xff,
        },
        Time => {
            // A timespec in the arena: mostly short.
            let t = a.rw + 2 * PAGE;
            let ns = r.pick(&[0u64, 1000, 1_000_000, 999_999_999, 1_000_000_000, u64::MAX]);
            // SAFETY: the arena's third page, unless a fuzzed call unmapped
            // or protected it (then this store faults and the worker restarts).
            unsafe {
                (t as *mut u64).write_volatile(r.below(2));
                ((t + 8) as *mut u64).write_volatile(ns);
            }
            match r.below(6) {
                0 => 0,
                1 => a.hole as u64,
                _ => t as u64,
            }
        }
        Clock => match r.below(3) {
            0 => r.below(8),
            1 => r.below(16),
            _ => r.next(),
        },
    }
}

/// Make one fuzzed call. Returns Some(0) in a forked or cloned child.
fn one_call(r: &mut Rng, a: &mut Arena, depth: u32) -> Option<i64> {
    a.bump(S_CALLS);
    a.bump(a.slot);
    let choice = r.below(1000);
    let ret: i64 = if choice < 8 && depth < 2 {
        // fork, or clone with random flags without sharing the stack.
        let flags = if r.one_in(2) {
            17 // SIGCHLD
        } else {
            (r.next() & !0x0001_0f00 & 0xffff_ffff) | 17 // not VM, FS, FILES, SIGHAND, THREAD
        };
        let ret = unsafe { syscall6(220, flags as usize, 0, 0, 0, 0, 0) } as i64;
        if ret > 0 {
            a.child = ret as i32;
            a.bump(S_FORKS);
            mark(a.stats, ret);
        }
        if ret == 0 {
            return Some(0);
        }
        ret
    } else if choice < 12 && depth < 2 {
        // A thread: its own stack, fuzzing a while, then it ends.
        let seed = r.next();
        let worker = Worker { a: a as *mut Arena as usize, seed };
        match ulib::thread::spawn(move || worker.thread()) {
            Ok(_) => {
                a.bump(S_THREADS);
                0
            }
            Err(e) => -(e.0 as i64),
        }
    } else if choice < 13 {
        // execve: a real program (the worker ends, 0) or garbage.
        let path = if r.one_in(2) { a.paths[1] } else { arg(r, a, Buf) as usize };
        let argv = [path, 0usize];
        let argv = if r.one_in(3) { arg(r, a, Buf) as usize } else { argv.as_ptr() as usize };
        (unsafe { syscall3(221, path, argv, 0) }) as i64
    } else if choice < 14 {
        // exit_group or exit: the worker (or this thread) ends.
        let n = if r.one_in(2) { 93 } else { 94 };
        (unsafe { syscall2(n, r.below(256) as usize, 0) }) as i64
    } else if choice < 15 {
        // reboot, never with both magic numbers: EINVAL or EPERM.
        (unsafe { syscall4(142, r.next() as usize, 0, r.next() as usize, 0) }) as i64
    } else if choice < 17 {
        // An unknown or unimplemented number: ENOSYS.
        let (low, high) = (r.below(500), 450 + r.below(50));
        let nr = r.pick(&[low, 1 << 20, u64::MAX, 436, 424, high]);
        (unsafe { syscall6(nr as usize, 0, 1, 2, 3, 4, 5) }) as i64
    } else {
        let (nr, kinds) = CALLS[r.below(CALLS.len() as u64) as usize];
        let mut v = [0u64; 6];
        for (i, &k) in kinds.iter().enumerate() {
            v[i] = arg(r, a, k);
        }
        // openat that may write: only under /tmp/sysfuzz.
        if nr == 56 && v[2] & 0o1103 != 0 {
            v[1] = arg(r, a, WPath);
        }
        // clone-like prctl options and rt_sigaction of a random handler
        // kill the worker: fine, but keep SIGKILL/SIGSTOP out of masks
        // the kernel refuses anyway.
        let ret = unsafe {
            syscall6(
                nr,
                v[0] as usize,
                v[1] as usize,
                v[2] as usize,
                v[3] as usize,
                v[4] as usize,
                v[5] as usize,
            )
        } as i64;
        // Keep the fds we made, so later calls use them.
        if ret >= 0 && (nr == 56 || nr == 23 || nr == 24) && ret < 1024 {
            a.fds[r.below(a.fds.len() as u64) as usize] = ret as i32;
        }
        ret
    };
    if (-4095..0).contains(&ret) {
        a.bump(S_ERRORS);
    }
    Some(ret)
}

/// A thread's or a child's view of a worker.
#[derive(Clone, Copy)]
struct Worker {
    a: usize,
    seed: u64,
}

impl Worker {
    fn thread(self) -> i32 {
        // SAFETY: the arena lives as long as the worker; threads share it
        // (a thread's changes of fds and the child are harmless races).
        let a = unsafe { &mut *(self.a as *mut Arena) };
        let mut r = Rng::new(self.seed);
        for _ in 0..CHILD_CALLS {
            if one_call(&mut r, a, 2) == Some(0) {
                process::exit(0);
            }
        }
        0
    }
}

/// The worker: set up, then fuzz until the budget is used (or it dies).
fn worker(slot: usize, seed: u64, stats: *mut u64, budget: u64) -> ! {
    let mut r = Rng::new(seed);
    // Alone in a process group, with no terminal to read from or write to.
    let _ = ulib::sighandler::setpgid(0, 0);
    if let Ok(null) = fs::open(b"/dev/null", 2, 0) {
        for fd in 0..3 {
            let _ = fs::dup2(null, fd);
        }
    }
    for sig in [10, 12, 14, 17] {
        let _ = ulib::sigaction::set_disposition(sig, on_signal as *const () as usize);
    }
    let map = |len| ulib::mem::mmap_anonymous(len).unwrap_or_else(|_| process::exit(120));
    let rw = map(5 * PAGE);
    // The fifth page becomes the hole after the arena.
    let _ = unsafe { ulib::mem::munmap(rw + 4 * PAGE, PAGE) };
    let ro = map(PAGE);
    unsafe { syscall3(226, ro, PAGE, 1) }; // mprotect(PROT_READ)
    let mut paths = [0; 12];
    let mut wpaths = [0; 4];
    let mut at = rw;
    for (i, p) in READ_PATHS.iter().chain(WRITE_PATHS.iter()).enumerate() {
        // SAFETY: the arena's first page holds every path.
        unsafe { core::ptr::copy_nonoverlapping(p.as_ptr(), at as *mut u8, p.len()) };
        if i < READ_PATHS.len() {
            paths[i] = at;
        } else {
            wpaths[i - READ_PATHS.len()] = at;
            paths[i] = at;
        }
        at += p.len();
    }
    let mut fds = [-1; 8];
    let (pr, pw) = fs::pipe().unwrap_or((-1, -1));
    fds[0] = pr;
    fds[1] = pw;
    fds[2] = fs::open(b"/proc/self/stat", 0, 0).unwrap_or(-1);
    fds[3] = fs::open(b"/tmp/sysfuzz/a", 0o102, 0o644).unwrap_or(-1); // O_RDWR|O_CREAT
    fds[4] = fs::open(b"/", 0o200000, 0).unwrap_or(-1); // O_DIRECTORY
    fds[5] = 0;
    fds[6] = fs::open(b"/proc/meminfo", 0, 0).unwrap_or(-1);
    fds[7] = 1 << 20;
    let pid = process::getpid();
    let mut a = Arena {
        rw,
        ro,
        hole: rw + 4 * PAGE,
        paths,
        wpaths,
        fds,
        pid,
        pgid: pid,
        stats,
        slot: S_WORKER + slot,
        child: pid,
    };
    let mut depth = 0;
    let mut left = budget;
    while left > 0 {
        left -= 1;
        if one_call(&mut r, &mut a, depth) == Some(0) {
            // A forked or cloned child: fuzz a little, then end.
            depth += 1;
            a.pid = process::getpid();
            a.child = a.pid;
            left = left.min(CHILD_CALLS);
            a.slot = S_WORKER + MAX_WORKERS; // progress of children: not watched
            r = Rng::new(r.next() ^ a.pid as u64);
            continue;
        }
        // Reap children now and then.
        if r.one_in(16) {
            while let Ok((p, _)) = process::wait4(-1, process::WNOHANG) {
                if p <= 0 {
                    break;
                }
            }
        }
    }
    let _ = SIGNALS.load(Ordering::Relaxed);
    // SAFETY: as in Arena::bump.
    unsafe {
        let s = stats.add(S_SIGNALS);
        s.write_volatile(s.read_volatile() + SIGNALS.load(Ordering::Relaxed));
    }
    process::exit(0)
}

fn free_frames() -> i64 {
    let text = ulib::readfile::read_file(b"/proc/meminfo").unwrap_or_default();
    ulib::procfs::field_num(&text, b"MemFree").map_or(-1, |kb| kb / 4)
}

/// Every process a worker or its children forked is marked in the second
/// shared page (a bitmap of pids below 32768, the default pid_max), so
/// that the supervisor can end the ones that outlived their worker.
const PID_BITS: usize = 8 * PAGE;

fn mark(stats: *mut u64, pid: i64) {
    if (1..PID_BITS as i64).contains(&pid) {
        let word = PAGE / 8 + pid as usize / 64;
        // SAFETY: the second page of the shared statistics mapping.
        unsafe {
            let w = stats.add(word);
            w.write_volatile(w.read_volatile() | 1 << (pid % 64));
        }
    }
}

/// How many sysfuzz processes other than `me` exist; with `kill`, send
/// each SIGKILL.
fn others(me: i32, kill: bool) -> usize {
    let mut n = 0;
    for e in ulib::dirent::read_dir(b"/proc").unwrap_or_default() {
        let Some(pid) = ulib::procfs::parse_num(&e.name) else { continue };
        if pid as i32 != me && ulib::procfs::stat(&e.name).is_ok_and(|st| st.comm == b"sysfuzz") {
            if kill {
                let _ = ulib::signal::kill(pid as i32, 9);
            }
            n += 1;
        }
    }
    n
}

fn usage() -> i32 {
    eprintln!("usage: sysfuzz -n CALLS -s SEED [-w WORKERS]");
    2
}

fn main(args: Args, _env: Env) -> i32 {
    let (mut calls, mut seed, mut workers) = (10_000u64, 1u64, 3usize);
    let mut i = 1;
    while i < args.len() {
        let v = args.get(i + 1).and_then(|v| core::str::from_utf8(v).ok()?.parse::<u64>().ok());
        match (args.get(i), v) {
            (Some(b"-n"), Some(v)) => calls = v,
            (Some(b"-s"), Some(v)) => seed = v,
            (Some(b"-w"), Some(v)) if (1..=MAX_WORKERS as u64).contains(&v) => workers = v as usize,
            _ => return usage(),
        }
        i += 2;
    }
    let _ = fs::mkdir(b"/tmp", 0o755);
    let _ = fs::mkdir(b"/tmp/sysfuzz", 0o755);
    // At a fixed address far from everything the fuzzed calls point at
    // (arena, hole, top of user space), so that no stray write lands there:
    // the counts are what the run reports.
    // SAFETY: nothing is mapped at STATS yet (MAP_FIXED_NOREPLACE).
    let stats = match unsafe { ulib::mem::mmap(STATS, 2 * PAGE, 3, 0x100021, -1, 0) } {
        Ok(p) => p as *mut u64,
        Err(e) => {
            eprintln!("sysfuzz: mmap: {}", e);
            return 1;
        }
    };
    let get = |i: usize| unsafe { stats.add(i).read_volatile() };
    let mut pids = [0i32; MAX_WORKERS];
    let mut progress = [0u64; MAX_WORKERS];
    let mut stuck = [0u32; MAX_WORKERS];
    let (mut restarts, mut exits, mut signaled, mut watchdog) = (0u64, 0u64, 0u64, 0u64);
    let mut generation = 0u64;
    let drop_caches = || {
        if let Ok(fd) = fs::open(b"/proc/sys/vm/drop_caches", 1, 0) {
            let _ = ulib::io::write(fd, b"3\n");
            let _ = fs::close(fd);
        }
    };
    // Touch what the supervisor uses before counting: the stats pages
    // (and their page tables), the buffers of free_frames.
    for i in 0..2 * PAGE / 8 {
        unsafe { stats.add(i).write_volatile(0) };
    }
    let _ = free_frames();
    let _ = others(process::getpid(), false);
    drop_caches();
    let before = free_frames();
    // Each worker asks for at most this many calls before it ends.
    let budget = (calls / workers as u64 / 4).clamp(100, 20_000);
    let spawn = |slot: usize, generation: &mut u64| -> i32 {
        *generation += 1;
        let s = seed.wrapping_mul(1_000_003).wrapping_add(*generation);
        match process::fork() {
            Ok(process::Fork::Child) => worker(slot, s, stats, budget),
            Ok(process::Fork::Parent(pid)) => {
                mark(stats, pid as i64);
                pid
            }
            Err(_) => 0,
        }
    };
    for (slot, pid) in pids.iter_mut().enumerate().take(workers) {
        *pid = spawn(slot, &mut generation);
    }
    let tick = time::Timespec::from_nanos(10_000_000);
    loop {
        let done = get(S_CALLS) >= calls;
        // Reap, restart.
        loop {
            match process::wait4(-1, process::WNOHANG | process::WUNTRACED) {
                Ok((p, st)) if p > 0 => {
                    if st.stopped() {
                        let _ = ulib::signal::kill(p, 18); // SIGCONT
                        continue;
                    }
                    let Some(slot) = pids.iter().position(|&w| w == p) else { continue };
                    if st.signaled() {
                        signaled += 1;
                    } else {
                        exits += 1;
                    }
                    pids[slot] = 0;
                }
                _ => break,
            }
        }
        for slot in 0..workers {
            if pids[slot] == 0 && !done {
                restarts += 1;
                pids[slot] = spawn(slot, &mut generation);
                stuck[slot] = 0;
            }
        }
        if done && pids[..workers].iter().all(|&p| p == 0) {
            break;
        }
        // Watchdog; when done, stop everyone still running.
        for slot in 0..workers {
            let p = pids[slot];
            if p <= 0 {
                continue;
            }
            let now = get(S_WORKER + slot);
            if now == progress[slot] {
                stuck[slot] += 1;
            } else {
                stuck[slot] = 0;
            }
            progress[slot] = now;
            if stuck[slot] >= 20 || done {
                if !done {
                    watchdog += 1;
                }
                let _ = ulib::signal::kill(-p, 9);
                let _ = ulib::signal::kill(p, 9);
            } else if generation % 3 == 0 && get(S_CALLS) % 7 == 0 {
                let _ = ulib::signal::kill(p, 10); // signals flying
            }
        }
        generation += 1;
        let _ = time::nanosleep(&tick);
    }
    // Children that outlived their worker (reparented to init, maybe in
    // a group of their own) may still run: end every process sysfuzz
    // made, then let init reap them (and reap ours).
    for pid in 2..PID_BITS {
        let word = unsafe { stats.add(PAGE / 8 + pid / 64).read_volatile() };
        if word >> (pid % 64) & 1 != 0 {
            let _ = ulib::signal::kill(pid as i32, 9);
        }
    }
    // Then until no other sysfuzz process is left (one whose pid was not
    // marked, one still exiting, a zombie init has not reaped yet): the
    // count after is taken when every fuzzer process is gone.
    let me = process::getpid();
    for _ in 0..500 {
        // (others() allocates as much as it did before `before`.)
        while let Ok((p, _)) = process::wait4(-1, process::WNOHANG) {
            if p <= 0 {
                break;
            }
        }
        let left = others(me, true);
        if left == 0 {
            break;
        }
        let _ = time::nanosleep(&tick);
    }
    for p in [b"/tmp/sysfuzz/d/b\0".as_slice(), b"/tmp/sysfuzz/a/x\0", b"/tmp/sysfuzz/a\0"] {
        let _ = fs::unlink(&p[..p.len() - 1]);
    }
    let _ = fs::rmdir(b"/tmp/sysfuzz/d");
    drop_caches();
    let after = free_frames();
    println!(
        "sysfuzz: seed {seed}: {} calls, {workers} workers, {restarts} restarts ({exits} exits, {signaled} signals, {watchdog} watchdog)",
        get(S_CALLS)
    );
    println!(
        "sysfuzz: results: {} errors, {} successes; {} forks, {} threads, {} signals handled",
        get(S_ERRORS),
        get(S_CALLS) - get(S_ERRORS),
        get(S_FORKS),
        get(S_THREADS),
        get(S_SIGNALS)
    );
    println!("sysfuzz: free frames: {before} before, {after} after");
    if before == after { 0 } else { 1 }
}
