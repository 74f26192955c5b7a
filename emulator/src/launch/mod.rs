//! Running a Linux user program in the built-in teaching OS, as
//! `qemu-riscv64 ./a.out ARGS...` runs it on the host: `vitrine ./a.out
//! ARGS...`, and the root file system additions of `--add`.
//!
//! Which ELF files are Linux programs is the loader's call
//! (`vitrine_loader::classify`: PT_INTERP, ET_DYN, the GNU OS ABI or ABI
//! tag, or an entry point below RAM); others run bare metal as before.
//!
//! How a program gets into the guest: the emulator boots its embedded
//! kernel with the embedded initramfs (or `--initrd`'s) followed by one
//! more newc archive (`newc.rs`), which the kernel reads after the first
//! (later entries replace earlier ones). It holds
//! - what `--add` asked for (`add.rs`);
//! - the program, at the path its argv[0] names, taken from /root when
//!   relative (`./a.out` is /root/a.out, `build/t` is /root/build/t) and
//!   as is when absolute, so that argv[0] stays meaningful (`execv(argv[0])`
//!   runs it again);
//! - [`LAUNCH_FILE`]: what init is to run (see [`launch_file`]).
//!
//! When the host's stdin is not a terminal, the kernel command line also
//! says `tty=raw`: the console starts in raw mode (no echo, no line
//! editing, no signal characters), so piped input reaches the program as
//! a pipe would give it, not echoed on stdout.
//!
//! The kernel command line tells init `--launch /etc/vitrine/launch`
//! (after `--`, so these are init's words, with `quiet` before it unless
//! `--verbose`), and init forks, opens /dev/hvc0 (the host's stderr) as
//! the child's fd 2, changes to the working directory and execs the
//! program with exactly the argv given: arbitrary bytes, no quoting, as
//! the argv never passes through the command line. The environment is
//! init's (PATH=/bin, HOME=/), not the host's. The exit status is the
//! program's, or 128 + N when signal N killed it (as a shell reports it).

pub mod add;
pub mod newc;

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;

/// The file in the appended archive that tells init what to run.
pub const LAUNCH_FILE: &str = "/etc/vitrine/launch";

/// The working directory of the program, and the default directory of
/// `--add`.
pub const WORK_DIR: &str = add::DEFAULT_DIR;

/// What init's command line gets for a launch.
pub fn init_words() -> String {
    format!("--launch {LAUNCH_FILE}")
}

/// The kernel's own words for a launch, before `--append`'s: `tty=raw`
/// when the host's stdin is not a terminal (the console starts without
/// its line discipline, before any input can arrive).
pub fn kernel_words(l: &Launch) -> &'static str {
    if l.stdin_raw {
        "tty=raw"
    } else {
        ""
    }
}

/// A Linux program to launch: its bytes, where it goes, its argv.
pub struct Launch {
    /// The guest path of the program.
    pub path: String,
    pub argv: Vec<Vec<u8>>,
    pub elf: Vec<u8>,
    /// The host's stdin is not a terminal: the guest console starts raw
    /// (`tty=raw`: no echo, no line editing, no signal characters), so
    /// the program reads its input as from a pipe.
    pub stdin_raw: bool,
}

impl Launch {
    /// The program given as `argv0` on the command line (a host path, kept
    /// as the guest's argv[0]), its bytes `elf`, and its arguments.
    pub fn new(argv0: &OsStr, elf: Vec<u8>, args: &[OsString]) -> Launch {
        let host = argv0.to_string_lossy();
        let path = add::absolute(&host);
        let mut argv = vec![argv0.as_bytes().to_vec()];
        argv.extend(args.iter().map(|a| a.as_bytes().to_vec()));
        Launch {
            path,
            argv,
            elf,
            stdin_raw: false,
        }
    }

    /// The name `--stats` shows as the command: argv joined by spaces.
    pub fn command_name(&self) -> String {
        let words: Vec<String> = self
            .argv
            .iter()
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        words.join(" ")
    }
}

/// The launch file: NUL-terminated strings, first the program's path,
/// then its working directory, then its argv (argv[0] first). init
/// (guest-os/user/programs/src/bin/init.rs) reads it.
pub fn launch_file(l: &Launch) -> Vec<u8> {
    let mut v = Vec::new();
    for s in [l.path.as_bytes(), WORK_DIR.as_bytes()]
        .into_iter()
        .chain(l.argv.iter().map(|a| a.as_slice()))
    {
        v.extend_from_slice(s);
        v.push(0);
    }
    v
}

/// The archive to append to the initrd: the `--add`s in order, then the
/// program and the launch file, if any.
pub fn archive(adds: &[add::Add], launch: Option<&Launch>) -> Result<Vec<u8>, String> {
    let mut a = newc::Newc::new();
    if launch.is_some() {
        // The working directory, whatever the base archive has (an
        // existing one keeps its files).
        a.push(WORK_DIR, newc::S_IFDIR | 0o700, &[]);
    }
    for add in adds {
        add::append(&mut a, add)?;
    }
    if let Some(l) = launch {
        a.push(&l.path, newc::S_IFREG | 0o755, &l.elf);
        a.push(LAUNCH_FILE, newc::S_IFREG | 0o644, &launch_file(l));
    }
    Ok(a.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argv_zero_is_kept_and_names_the_guest_path() {
        let l = Launch::new("./a.out".as_ref(), vec![], &["x y".into(), "".into()]);
        assert_eq!(l.path, "/root/a.out");
        assert_eq!(launch_file(&l), b"/root/a.out\0/root\0./a.out\0x y\0\0");
        assert_eq!(
            Launch::new("/opt/t/prog".as_ref(), vec![], &[]).path,
            "/opt/t/prog"
        );
        assert_eq!(Launch::new("b/t".as_ref(), vec![], &[]).path, "/root/b/t");
    }
}
