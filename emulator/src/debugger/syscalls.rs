//! Linux riscv64 system call numbers (asm-generic/unistd.h), which the
//! teaching kernel uses: names for `catch ecall` and its reports. The
//! table is the kernel's (guest-os/kernel/src/syscall/names.rs, through
//! `tasks::syscalls`).

pub const CLONE: u64 = 220;
pub const EXECVE: u64 = 221;
pub const EXIT: u64 = 93;
pub const EXIT_GROUP: u64 = 94;

/// The name of system call `nr`, if Linux riscv64 has one.
pub fn name(nr: u64) -> Option<&'static str> {
    crate::tasks::syscalls::name(nr)
}

/// The number of system call `name` ("write", "sys_write"; "fork" and
/// "vfork" are clone, "exec" is execve, as on riscv64).
pub fn number(name: &str) -> Option<u64> {
    let name = name.strip_prefix("sys_").unwrap_or(name);
    let name = match name {
        "fork" | "vfork" => "clone",
        "exec" => "execve",
        n => n,
    };
    (0..1024).find(|&nr| crate::tasks::syscalls::name(nr) == Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers_agree() {
        assert_eq!(number("sys_write"), Some(64));
        assert_eq!(number("fork"), Some(220));
        assert_eq!(name(283), Some("membarrier"));
        assert_eq!(name(462), Some("mseal"));
        assert_eq!(name(300), None, "32-bit time64 range");
        assert_eq!(number("nosuchcall"), None);
    }
}
