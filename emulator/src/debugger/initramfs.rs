//! Files of the initramfs (a `newc` cpio, the format the teaching kernel
//! reads), so that user programs' symbols can be found from the path a
//! task exec'ed.

/// The contents of the file at `path` (`/bin/sh`, `bin/sh` or `./bin/sh`)
/// in the newc archive `cpio`, if it is there. Malformed archives read as
/// having no more files.
pub fn find<'a>(cpio: &'a [u8], path: &str) -> Option<&'a [u8]> {
    let want = normalise(path);
    let mut at = 0usize;
    loop {
        let header = cpio.get(at..at + 110)?;
        if &header[..6] != b"070701" && &header[..6] != b"070702" {
            return None;
        }
        let field = |i: usize| {
            let s = std::str::from_utf8(&header[6 + 8 * i..14 + 8 * i]).ok()?;
            usize::from_str_radix(s, 16).ok()
        };
        let size = field(6)?;
        let namesize = field(11)?;
        let name_at = at + 110;
        let name = cpio.get(name_at..name_at.checked_add(namesize)?)?;
        let name = std::str::from_utf8(name.strip_suffix(&[0]).unwrap_or(name)).ok()?;
        if name == "TRAILER!!!" {
            return None;
        }
        let data_at = (name_at + namesize).next_multiple_of(4);
        let data = cpio.get(data_at..data_at.checked_add(size)?)?;
        if normalise(name) == want {
            return Some(data);
        }
        at = (data_at + size).next_multiple_of(4);
    }
}

fn normalise(p: &str) -> &str {
    p.trim_start_matches("./").trim_start_matches('/')
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
}
