//! Link every program with ulib's linker script (the user address-space layout).

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let script = std::path::Path::new(&manifest).join("../ulib/user.ld");
    // The path is only read by the linker; it does not end up in the binaries.
    println!("cargo:rustc-link-arg-bins=-T{}", script.display());
    println!("cargo:rerun-if-changed=../ulib/user.ld");
    println!("cargo:rerun-if-changed=build.rs");
}
