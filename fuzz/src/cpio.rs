//! The initrd (newc cpio) parsers: the teaching kernel's own
//! (`guest-os/kernel/src/fs/cpio.rs`, compiled here unchanged), and the
//! debugger's (`vitrine_emulator::debugger::initramfs`), which finds user
//! programs' symbols in the same archive. On an archive the kernel accepts
//! they must agree: for every path, the debugger finds the data of the
//! kernel's last entry of that path (later entries replace earlier ones,
//! also across concatenated archives). The launch's archive writer
//! (`launch::newc`) is checked to write what the kernel reads back.

// The guest's file, formatted by the guest's rustfmt.toml: not by ours.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../../guest-os/kernel/src/fs/cpio.rs"]
mod kernel;

use std::collections::BTreeMap;
use vitrine_emulator::debugger::initramfs::{self, normalise};
use vitrine_emulator::launch::newc::{concat, Newc};

/// The kernel parser's entries: (path, mode, data).
fn kernel_entries(archive: &[u8]) -> Result<Vec<(String, u32, Vec<u8>)>, usize> {
    // SAFETY: the kernel keeps its initrd for ever, hence `'static`; here
    // nothing borrowed from the archive outlives this call (entries are
    // copied out).
    let archive: &'static [u8] = unsafe { std::mem::transmute::<&[u8], &'static [u8]>(archive) };
    let mut out = Vec::new();
    kernel::parse(archive, |e| {
        out.push((e.path.to_string(), e.mode, e.data.to_vec()))
    })
    .map_err(|kernel::BadArchive(at)| at)?;
    Ok(out)
}

/// What the launch code can be asked to write: host paths have no NUL, and
/// none is the trailer's name.
fn writable(path: &str) -> bool {
    !path.contains('\0') && path.trim_start_matches('/') != "TRAILER!!!"
}

pub fn run(data: &[u8]) {
    if let Ok(entries) = kernel_entries(data) {
        let mut last: BTreeMap<String, &[u8]> = BTreeMap::new();
        for (path, _, d) in &entries {
            last.insert(normalise(path), d);
        }
        for (path, d) in last {
            assert_eq!(
                initramfs::find(data, &path),
                Some(d),
                "the debugger reads {path:?} differently from the kernel"
            );
        }
    }
    // The writer: the entries of any archive, written again and appended
    // to it, read back the same.
    let mut w = Newc::new();
    let entries = match kernel_entries(data) {
        Ok(e) => e,
        Err(_) => vec![("root/x".into(), 0o100644, data.to_vec())],
    };
    for (path, mode, d) in &entries {
        if !writable(path) {
            continue;
        }
        w.push(path, *mode, d);
    }
    let written = w.finish();
    let back = kernel_entries(&written).expect("the kernel refuses what launch::newc wrote");
    let kept: Vec<_> = entries
        .iter()
        .filter(|(p, _, _)| writable(p))
        .map(|(p, m, d)| (normalise(p), *m, d.clone()))
        .collect();
    let back: Vec<_> = back
        .into_iter()
        .map(|(p, m, d)| (normalise(&p), m, d))
        .collect();
    assert_eq!(kept, back, "launch::newc wrote something else");
    if kernel_entries(data).is_ok() {
        let both = concat(data.to_vec(), &written);
        let n = kernel_entries(&both)
            .expect("two good archives, concatenated, are good")
            .len();
        assert_eq!(n, entries.len() + kept.len());
    }
}
