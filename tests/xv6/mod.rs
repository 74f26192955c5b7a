//! xv6-riscv (MIT's teaching OS), built unmodified from the snapshot in
//! `../shared/thirdparty/xv6-riscv.tar.gz` with Debian's
//! `gcc-riscv64-unknown-elf`, as its Makefile builds it: `kernel/kernel`
//! and the file system image `fs.img` (with usertests).
//!
//! Without the archive the caller is told why: in CI (`CI` set) that is a
//! failure, on a clone without `../shared` the test skips with a message.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The built tree (`kernel/kernel`, `fs.img`), or `None` (after saying
/// why) if the archive is not there and this is not CI.
pub mod command_line;

pub fn build() -> Option<PathBuf> {
    let tarball = crate::support::thirdparty("xv6-riscv.tar.gz")?;
    assert!(
        crate::support::have("riscv64-unknown-elf-gcc"),
        "riscv64-unknown-elf-gcc not found: apt-get install gcc-riscv64-unknown-elf"
    );
    let target = crate::support::root().join("target");
    let dest = target.join("xv6-riscv");
    // One builder at a time (test binaries run in parallel): a lock directory.
    let lock = target.join("xv6-riscv.lock");
    let _guard = Lock::take(&lock);
    if !(dest.join("kernel/kernel").exists() && dest.join("fs.img").exists()) {
        let _ = std::fs::remove_dir_all(&dest);
        crate::support::extract(&tarball, &target, "xv6-riscv");
        run(
            Command::new("make").current_dir(&dest).args([
                "TOOLPREFIX=riscv64-unknown-elf-",
                "kernel/kernel",
                "fs.img",
            ]),
            "building xv6 (make kernel/kernel fs.img)",
        );
    }
    Some(dest)
}

fn run(cmd: &mut Command, what: &str) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A fresh copy of xv6's `fs.img` for one run (xv6 writes to its disk).
pub fn fresh_disk(tree: &Path, name: &str) -> PathBuf {
    let dir = crate::support::scratch_dir(name);
    let img = dir.join("fs.img");
    std::fs::copy(tree.join("fs.img"), &img).unwrap();
    img
}

struct Lock(PathBuf);

impl Lock {
    fn take(path: &Path) -> Lock {
        let start = std::time::Instant::now();
        while std::fs::create_dir(path).is_err() {
            assert!(
                start.elapsed().as_secs() < 600,
                "{} held for 10 minutes",
                path.display()
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Lock(path.to_path_buf())
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir(&self.0);
    }
}
