//! `ulib`: the user-space runtime of Vitrine's programs.
//!
//! Every program is a static Linux riscv64 executable: it talks to the kernel
//! only through `ecall` with Linux's system call numbers, argument order and
//! `-errno` returns (see [`syscall`]). So the same binary runs on the Vitrine
//! teaching kernel and under `qemu-riscv64` on a Linux host.
//!
//! A program is `#![no_std]`, `#![no_main]` and names its entry point with
//! [`main!`]:
//!
//! ```ignore
//! #![no_std]
//! #![no_main]
//! use ulib::prelude::*;
//!
//! ulib::main!(main);
//! fn main(args: Args, _env: Env) -> i32 {
//!     println!("{} arguments", args.len());
//!     0
//! }
//! ```
//!
//! One concept per module, in the order a process meets them:
//!
//! | module | what |
//! |---|---|
//! | [`start`] | `_start`: the initial stack (argc, argv, envp, auxv), gp, `main`, exit |
//! | [`env`] | the program's arguments, environment and auxiliary vector |
//! | [`syscall`] | the `ecall` instruction, the system call numbers, `-errno` decoding |
//! | [`errno`] | [`Errno`]: error numbers, names and strerror messages |
//! | [`io`] | read/write/readv/writev, `print!`/`println!`/`eprintln!`, line input |
//! | [`fs`] | file descriptors and paths: openat, close, dup, pipe2, mkdirat, chdir, ... |
//! | [`stat`] | `struct stat` exactly as Linux riscv64 lays it out; fstat, newfstatat |
//! | [`dirent`] | `struct linux_dirent64`; reading directories with getdents64 |
//! | [`process`] | fork (clone), execve with a PATH search, wait4 and status decoding, exit |
//! | [`clone`] | clone with a child function on a new stack (asm trampoline), CLONE_* flags |
//! | [`countargs`] | the command line head and tail share (`-n`, `-c`, `-N`, `-q`, `-v`) |
//! | [`thread`] | threads: spawn (clone with pthread's flags) and join (futex on the cleared tid), gettid |
//! | [`futex`] | futex wait/wake and a futex-based mutex |
//! | [`spawn`] | posix_spawn/posix_spawnp: CLONE_VM\|CLONE_VFORK child, file actions, exec errors via a pipe |
//! | [`rusage`] | struct rusage, getrusage, wait4 with rusage |
//! | [`sched`] | nice/setpriority/getpriority, CPU affinity, times, CPU-time clocks, process groups and sessions, tgkill |
//! | [`signal`] | signal numbers, names and their descriptions ("Killed") |
//! | [`sigaction`] | rt_sigaction: SIG_IGN/SIG_DFL and reading a disposition back |
//! | [`mem`] | brk, mmap (private or shared anonymous), munmap |
//! | [`readfile`] | a whole file into a Vec (for /proc) |
//! | [`input`] | a filter's input (a named file or standard input), in lines, chunks or whole |
//! | [`output`] | buffered standard output (line-buffered on a terminal) for the filters |
//! | [`regex`] | basic regular expressions (`^ $ . * [...]`, `\` escapes) for grep and sed |
//! | [`procfs`] | /proc/PID/stat, status, cmdline, task/, /proc/meminfo parsed |
//! | [`alloc`] | the global allocator (on brk), so `Vec`/`String`/`Box` work |
//! | [`time`] | nanosleep, clock_gettime, sched_yield |
//! | [`system`] | uname, geteuid, and reboot with our exit-code convention |
//! | [`cstr`] | NUL-terminated copies of byte strings for system call arguments |
//! | [`panic`] | the panic handler: message on stderr, exit status 101 |
#![no_std]

/// The `alloc` crate (Vec, String, Box, ...), for programs that want more
/// than the prelude; they need no `extern crate alloc` of their own.
pub extern crate alloc as alloc_crate;

pub mod alloc;
pub mod clone;
pub mod countargs;
pub mod cstr;
pub mod dirent;
pub mod disk;
pub mod env;
pub mod errno;
pub mod fs;
pub mod futex;
pub mod input;
pub mod io;
pub mod mem;
pub mod output;
pub mod panic;
pub mod process;
pub mod procfs;
pub mod readfile;
pub mod regex;
pub mod rusage;
pub mod sched;
pub mod sigaction;
pub mod sighandler;
pub mod signal;
pub mod spawn;
pub mod start;
pub mod stat;
pub mod syscall;
pub mod system;
pub mod thread;
pub mod time;

pub use errno::Errno;

/// What most programs need, in one `use ulib::prelude::*;`.
pub mod prelude {
    pub use crate::env::{Args, Env};
    pub use crate::errno::Errno;
    pub use crate::io::{Bytes, write_all};
    pub use crate::{eprint, eprintln, print, println};
    pub use alloc_crate::borrow::ToOwned;
    pub use alloc_crate::boxed::Box;
    pub use alloc_crate::string::{String, ToString};
    pub use alloc_crate::vec::Vec;
    pub use alloc_crate::{format, vec};
}

/// Names the program's entry point: `ulib::main!(main);` where
/// `fn main(args: Args, env: Env) -> i32`. The returned value is the exit
/// status (`exit_group`), as in C.
#[macro_export]
macro_rules! main {
    ($main:path) => {
        /// Called by `ulib::start` once the initial stack has been read.
        #[unsafe(no_mangle)]
        pub fn __ulib_main(args: $crate::env::Args, env: $crate::env::Env) -> i32 {
            $main(args, env)
        }
    };
}
