//! Linux riscv64 system call numbers (asm-generic/unistd.h), which the
//! teaching kernel uses: names for `catch ecall` and its reports.

const TABLE: &[(u64, &str)] = &[
    (17, "getcwd"),
    (23, "dup"),
    (24, "dup3"),
    (29, "ioctl"),
    (34, "mkdirat"),
    (35, "unlinkat"),
    (49, "chdir"),
    (56, "openat"),
    (57, "close"),
    (59, "pipe2"),
    (61, "getdents64"),
    (62, "lseek"),
    (63, "read"),
    (64, "write"),
    (65, "readv"),
    (66, "writev"),
    (78, "readlinkat"),
    (79, "newfstatat"),
    (80, "fstat"),
    (93, "exit"),
    (94, "exit_group"),
    (96, "set_tid_address"),
    (98, "futex"),
    (101, "nanosleep"),
    (113, "clock_gettime"),
    (122, "sched_setaffinity"),
    (123, "sched_getaffinity"),
    (124, "sched_yield"),
    (129, "kill"),
    (130, "tkill"),
    (131, "tgkill"),
    (133, "rt_sigsuspend"),
    (134, "rt_sigaction"),
    (135, "rt_sigprocmask"),
    (136, "rt_sigpending"),
    (139, "rt_sigreturn"),
    (140, "setpriority"),
    (141, "getpriority"),
    (142, "reboot"),
    (154, "setpgid"),
    (155, "getpgid"),
    (156, "getsid"),
    (157, "setsid"),
    (160, "uname"),
    (165, "getrusage"),
    (172, "getpid"),
    (173, "getppid"),
    (174, "getuid"),
    (175, "geteuid"),
    (176, "getgid"),
    (177, "getegid"),
    (178, "gettid"),
    (214, "brk"),
    (215, "munmap"),
    (220, "clone"),
    (221, "execve"),
    (222, "mmap"),
    (233, "madvise"),
    (260, "wait4"),
];

pub const CLONE: u64 = 220;
pub const EXECVE: u64 = 221;
pub const EXIT: u64 = 93;
pub const EXIT_GROUP: u64 = 94;

/// The name of system call `nr`, if it is one we know.
pub fn name(nr: u64) -> Option<&'static str> {
    TABLE.iter().find(|(n, _)| *n == nr).map(|(_, s)| *s)
}

/// The number of the system call called `name` (`fork` is `clone`, as in
/// Linux's riscv64 ABI, which has no fork).
pub fn number(name: &str) -> Option<u64> {
    let name = name.strip_prefix("sys_").unwrap_or(name);
    let name = match name {
        "fork" | "vfork" => "clone",
        "exec" => "execve",
        n => n,
    };
    TABLE.iter().find(|(_, s)| *s == name).map(|(n, _)| *n)
}
