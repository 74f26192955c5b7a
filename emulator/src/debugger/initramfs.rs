//! Files of the initramfs (a `newc` cpio, the format the teaching kernel
//! reads), so that user programs' symbols can be found from the path a
//! task exec'ed.
//!
//! Read exactly as the kernel reads it (`guest-os/kernel/src/fs/cpio.rs`):
//! one or more archives one after the other (NUL padding between them),
//! a later entry replacing an earlier one of the same path (`--add` and
//! `vitrine ./a.out` append an archive to the built-in root). The fuzz
//! target `fuzz/src/cpio.rs` checks that both agree.

/// The contents of the file at `path` (`/bin/sh`, `bin/sh` or `./bin/sh`)
/// in the newc archive(s) `cpio`: the last entry of that path, as the
/// kernel sees it. Reading stops at the first malformed header (the kernel
/// would refuse to boot on it).
pub fn find<'a>(cpio: &'a [u8], path: &str) -> Option<&'a [u8]> {
    let want = normalise(path);
    let mut found = None;
    let mut at = 0usize;
    while let Some(header) = cpio.get(at..at.checked_add(110)?) {
        if &header[..6] != b"070701" {
            break;
        }
        let field = |i: usize| {
            let s = std::str::from_utf8(&header[6 + 8 * i..14 + 8 * i]).ok()?;
            usize::from_str_radix(s, 16).ok()
        };
        let (Some(size), Some(namesize)) = (field(6), field(11)) else {
            break;
        };
        let name_at = at + 110;
        // The name is namesize bytes, the last one its NUL.
        let Some(name) = name_at
            .checked_add(namesize.saturating_sub(1))
            .and_then(|end| cpio.get(name_at..end))
        else {
            break;
        };
        let Ok(name) = std::str::from_utf8(name) else {
            break;
        };
        let data_at = (name_at + namesize).next_multiple_of(4);
        let Some(data) = data_at
            .checked_add(size)
            .and_then(|end| cpio.get(data_at..end))
        else {
            break;
        };
        at = (data_at + size).next_multiple_of(4);
        if name == "TRAILER!!!" {
            // Another archive may follow, after NUL padding.
            while cpio.get(at) == Some(&0) {
                at += 1;
            }
        } else if normalise(name) == want {
            found = Some(data);
        }
    }
    found
}

/// The path as the kernel files an archive entry (`fs::insert`): its
/// components without empty ones and ".", so "/bin/sh", "./bin//sh" and
/// "/./bin/sh" are one file.
pub fn normalise(p: &str) -> String {
    p.split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_the_shell() {
        let sh = super::find(crate::cli::EMBEDDED_INITRAMFS, "/bin/sh").unwrap();
        assert_eq!(&sh[..4], b"\x7fELF");
        assert!(super::find(crate::cli::EMBEDDED_INITRAMFS, "/bin/nothing").is_none());
        assert!(super::find(b"garbage", "/bin/sh").is_none());
    }

    #[test]
    fn an_appended_archive_replaces_what_it_names() {
        use crate::launch::newc::{concat, Newc};
        let mut extra = Newc::new();
        extra.push("bin/sh", 0o100755, b"new shell");
        extra.push("root/a.out", 0o100755, b"added");
        let both = concat(crate::cli::EMBEDDED_INITRAMFS.to_vec(), &extra.finish());
        assert_eq!(super::find(&both, "/bin/sh"), Some(&b"new shell"[..]));
        assert_eq!(super::find(&both, "./root/a.out"), Some(&b"added"[..]));
        assert_eq!(&super::find(&both, "/bin/init").unwrap()[..4], b"\x7fELF");
    }
}
