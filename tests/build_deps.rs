//! A fresh machine with cargo and a C compiler builds Vitrine: no locked
//! dependency may need another build tool. `c99` (once pulled in by
//! `softfloat-sys`) runs `cmake` from its build script, and the `cmake`
//! crate is how build scripts drive it; SoftFloat is now compiled from
//! `emulator/softfloat/` by `emulator/build.rs` with the `cc` crate.

/// The package names in a Cargo.lock.
fn locked_packages(lock: &str) -> Vec<&str> {
    lock.lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect()
}

#[test]
fn no_locked_dependency_needs_cmake() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock");
    let lock = std::fs::read_to_string(path).expect("Cargo.lock");
    let packages = locked_packages(&lock);
    assert!(
        packages.contains(&"vitrine-emulator"),
        "{path} lists no packages?"
    );
    for needs_cmake in ["cmake", "c99", "softfloat-sys", "softfloat-wrapper"] {
        assert!(
            !packages.contains(&needs_cmake),
            "Cargo.lock pulls in `{needs_cmake}`, whose build needs cmake \
             (`cargo tree -i {needs_cmake}` shows why)"
        );
    }
}

#[test]
fn locked_packages_parses_cargo_lock() {
    let lock = "version = 4\n\n[[package]]\nname = \"c99\"\nversion = \"0.1.1\"\n";
    assert_eq!(locked_packages(lock), ["c99"]);
}
