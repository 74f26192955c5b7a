//! The kernel's tree is its table of contents: a newcomer finds each
//! mechanism from the path alone. These are the questions a student asks
//! first; each answer is a file, and the file holds what it is named for.

use std::path::Path;

fn kernel_file(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("guest-os/kernel/src")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn each_mechanism_lives_where_its_path_says() {
    let answers = [
        // (question, file, what the file must define)
        (
            "where is the copy-on-write copy?",
            "mm/cow.rs",
            "pub fn break_cow(",
        ),
        (
            "where is the page-fault handler?",
            "mm/fault.rs",
            "pub fn resolve(",
        ),
        (
            "where is sfence.vma issued for a shootdown?",
            "mm/tlb.rs",
            "sfence_vma_addr(",
        ),
        (
            "where does CFS pick the next task?",
            "sched/cfs.rs",
            "pub fn pick_next(",
        ),
        ("where is wait4?", "syscall/process.rs", "fn sys_wait4("),
        (
            "where are zombies reaped?",
            "proc/exit.rs",
            "pub fn try_reap(",
        ),
        ("where is fork?", "proc/fork.rs", "pub fn clone("),
        ("where is exec?", "proc/exec.rs", "pub fn exec("),
        ("where is the trampoline?", "trap/trampoline.rs", "uservec:"),
        (
            "where is the system call table?",
            "syscall/mod.rs",
            "pub fn dispatch(",
        ),
    ];
    for (question, file, needle) in answers {
        assert!(
            kernel_file(file).contains(needle),
            "{question} {file} should define `{needle}`"
        );
    }
}

#[test]
fn every_subsystem_folder_says_what_it_owns_and_calls() {
    for dir in [
        "boot", "arch", "mm", "proc", "sched", "signal", "trap", "syscall", "fs", "dev", "klib",
    ] {
        let head: String = kernel_file(&format!("{dir}/mod.rs"))
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            head.contains("Owns:") && head.contains("Calls:"),
            "{dir}/mod.rs opens without Owns:/Calls:"
        );
    }
    // Nothing but main.rs at the top: every other file is in a subsystem.
    let top: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("guest-os/kernel/src"))
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().unwrap().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
    assert_eq!(top, ["main.rs"], "files outside a subsystem folder");
}

#[test]
fn the_kernel_takes_sv39_from_the_emulators_mmu_crate() {
    let vm = kernel_file("mm/vm.rs");
    assert!(
        vm.contains("use crate::arch::sv39::"),
        "mm/vm.rs must use the shared Sv39 definitions"
    );
    let sv39 = kernel_file("arch/sv39.rs");
    for shared in ["mmu/src/addr.rs", "mmu/src/pte.rs", "mmu/src/satp.rs"] {
        assert!(
            sv39.contains(shared),
            "arch/sv39.rs must compile the emulator's {shared}"
        );
    }
    assert!(vm.contains("pub const PTE_V: u64 = Pte::V;"));
    // No second definition of the hardware bits or of the satp layout.
    for copy in ["1 << 0;", "8 << 60", "<< 44"] {
        assert!(!vm.contains(copy), "mm/vm.rs defines Sv39 again: `{copy}`");
    }
}

#[test]
fn the_introspection_protocol_is_one_file_for_both_sides() {
    let driver = kernel_file("dev/introspect.rs");
    assert!(
        driver.contains("emulator/src/devices/introspect_abi.rs"),
        "the kernel's driver must compile the emulator's protocol file"
    );
    for copy in [
        "const EV_SWITCH",
        "enum Reason",
        "enum FaultKind",
        "const MAGIC",
    ] {
        assert!(
            !driver.contains(copy),
            "dev/introspect.rs defines the protocol again: `{copy}`"
        );
    }
}
