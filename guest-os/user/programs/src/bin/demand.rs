//! `demand`: demand paging of program text. Runs `bigtext` (PATH search,
//! posix_spawn), waits for it with wait4 and reports the page faults its
//! whole life cost (struct rusage), next to the size of its file:
//!
//! ```text
//! demand: bigtext file=NNNN bytes, faults=F (min M, maj J), pages in file=P
//! ```
//!
//! Expected on a demand-paging kernel: F much smaller than P (bigtext's
//! 1.5 MiB of text is never touched, so never loaded). bigtext's own
//! output (its counts and RSS) comes first. Exit status 0, 1 on failure.
#![no_std]
#![no_main]
use ulib::fs::{O_RDONLY, OwnedFd};
use ulib::prelude::*;
use ulib::process::search_path;
use ulib::rusage::wait4_rusage;
use ulib::spawn::{FileActions, posix_spawnp};
use ulib::stat;

ulib::main!(main);

/// The size of the first `bigtext` found in `path` (fstat of the file).
/// Used only for the report.
fn file_size(path: &[u8]) -> Option<(Vec<u8>, i64)> {
    path.split(|&c| c == b':').find_map(|dir| {
        let mut p = Vec::from(if dir.is_empty() { &b"."[..] } else { dir });
        p.extend_from_slice(b"/bigtext");
        let f = OwnedFd::open(&p, O_RDONLY, 0).ok()?;
        stat::fstat(f.fd()).ok().map(|st| (p, st.st_size))
    })
}

/// Spawn, wait with rusage, report.
/// Exit status 0, 1 if bigtext cannot be found, run or waited for.
fn main(_args: Args, env: Env) -> i32 {
    let path = search_path(&env);
    let Some((file, size)) = file_size(path) else {
        eprintln!("demand: bigtext not found in PATH");
        return 1;
    };
    let pid = match posix_spawnp(b"bigtext", &[b"bigtext"], env.as_ptr(), path, &FileActions::new()) {
        Ok(pid) => pid,
        Err(e) => {
            eprintln!("demand: cannot run bigtext: {}", e);
            return 1;
        }
    };
    let (st, ru) = match wait4_rusage(pid, 0) {
        Ok((_, st, ru)) => (st, ru),
        Err(e) => {
            eprintln!("demand: wait4: {}", e);
            return 1;
        }
    };
    if st.shell_status() != 0 {
        eprintln!("demand: bigtext ended with status {}", st.shell_status());
        return 1;
    }
    println!(
        "demand: {} file={} bytes, faults={} (min {}, maj {}), pages in file={}",
        Bytes(&file),
        size,
        ru.ru_minflt + ru.ru_majflt,
        ru.ru_minflt,
        ru.ru_majflt,
        (size + 4095) / 4096
    );
    0
}
