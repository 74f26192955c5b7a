//! End-to-end CPU speed: a CPU-bound bare-metal integer loop, run by Vitrine
//! (criterion, throughput in guest instructions per second), then side by
//! side with `qemu-system-riscv64` on the same ELF in the same run.
//!
//! QEMU's time includes its start-up, so both machines are timed at two
//! loop lengths and the steady-state rate is the difference quotient:
//! MIPS = (insns(long) - insns(short)) / (time(long) - time(short)).
//!
//! `cargo bench --bench cpu`

mod common;

use common::{best_of, time_qemu};
use criterion::{Criterion, Throughput};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use vitrine_emulator::machine::{ExitReason, Machine, MachineConfig};

/// The loop (GNU as output), linked at 0x8000_0000:
/// ```text
///   auipc t0,0; ld a0,80(t0); li a1,0; li a2,12345
/// 1: add a1,a1,a2; xor a2,a2,a1; slli a3,a1,3; srli a4,a2,5
///    add a1,a1,a4; sub a2,a2,a3; addi a0,a0,-1; bnez a0,1b
///   li t0,0x100000; li t1,0x5555; sw t1,0(t0); j .
///   .org 80: .dword ITERATIONS
/// ```
const CODE: [u32; 18] = [
    0x00000297, 0x0502b503, 0x00000593, 0x00003637, 0x0396061b, 0x00c585b3, 0x00b64633, 0x00359693,
    0x00565713, 0x00e585b3, 0x40d60633, 0xfff50513, 0xfe0512e3, 0x001002b7, 0x00005337, 0x5553031b,
    0x0062a023, 0x0000006f,
];
const LOOP_BODY: u64 = 8;
/// Instructions before the loop and after it (up to the finisher store).
const OVERHEAD: u64 = 5 + 4;

fn instructions(iterations: u64) -> u64 {
    iterations * LOOP_BODY + OVERHEAD
}

/// A minimal RV64 ELF executable with one RWX PT_LOAD segment at 0x8000_0000.
fn elf(iterations: u64) -> Vec<u8> {
    let mut image: Vec<u8> = CODE.iter().flat_map(|w| w.to_le_bytes()).collect();
    image.resize(80, 0);
    image.extend_from_slice(&iterations.to_le_bytes());
    let base = 0x8000_0000u64;
    let mut f = Vec::new();
    // ELF header
    f.extend_from_slice(&[0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    f.extend_from_slice(&2u16.to_le_bytes()); // ET_EXEC
    f.extend_from_slice(&243u16.to_le_bytes()); // EM_RISCV
    f.extend_from_slice(&1u32.to_le_bytes());
    f.extend_from_slice(&base.to_le_bytes()); // e_entry
    f.extend_from_slice(&64u64.to_le_bytes()); // e_phoff
    f.extend_from_slice(&0u64.to_le_bytes()); // e_shoff
    f.extend_from_slice(&5u32.to_le_bytes()); // e_flags: RVC | double-float ABI
    f.extend_from_slice(&64u16.to_le_bytes()); // e_ehsize
    f.extend_from_slice(&56u16.to_le_bytes()); // e_phentsize
    f.extend_from_slice(&1u16.to_le_bytes()); // e_phnum
    f.extend_from_slice(&[0; 6]); // e_shentsize, e_shnum, e_shstrndx
                                  // Program header
    f.extend_from_slice(&1u32.to_le_bytes()); // PT_LOAD
    f.extend_from_slice(&7u32.to_le_bytes()); // RWX
    f.extend_from_slice(&0x1000u64.to_le_bytes()); // p_offset
    f.extend_from_slice(&base.to_le_bytes()); // p_vaddr
    f.extend_from_slice(&base.to_le_bytes()); // p_paddr
    f.extend_from_slice(&(image.len() as u64).to_le_bytes());
    f.extend_from_slice(&(image.len() as u64).to_le_bytes());
    f.extend_from_slice(&0x1000u64.to_le_bytes());
    f.resize(0x1000, 0);
    f.extend_from_slice(&image);
    f
}

fn write_elf(dir: &Path, iterations: u64) -> PathBuf {
    let path = dir.join(format!("intloop-{iterations}.elf"));
    std::fs::write(&path, elf(iterations)).unwrap();
    path
}

/// Run the loop on Vitrine in-process; returns the instructions retired.
fn run_vitrine(path: &Path) -> u64 {
    let image = vitrine_loader::load_file(path).unwrap();
    let mut m = Machine::new(MachineConfig::default(), Box::new(std::io::sink()), None);
    m.load(&image).unwrap();
    assert_eq!(m.run(), ExitReason::Exit(0));
    m.cpu.instret
}

fn time_vitrine(path: &Path) -> Duration {
    let t = Instant::now();
    run_vitrine(path);
    t.elapsed()
}
fn main() {
    let dir = std::env::temp_dir().join("vitrine-bench-cpu");
    std::fs::create_dir_all(&dir).unwrap();
    let short = 1_000_000u64;
    let long = 11_000_000u64;
    let (short_elf, long_elf) = (write_elf(&dir, short), write_elf(&dir, long));
    assert_eq!(run_vitrine(&short_elf), instructions(short));

    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    let mut g = c.benchmark_group("cpu");
    g.throughput(Throughput::Elements(instructions(short)));
    g.bench_function("integer_loop_8M_insns", |b| {
        b.iter(|| run_vitrine(&short_elf))
    });
    g.finish();
    c.final_summary();

    // Side by side, in this run.
    let d_insns = (instructions(long) - instructions(short)) as f64;
    let ours = best_of(3, || Some(time_vitrine(&long_elf)))
        .unwrap()
        .as_secs_f64()
        - best_of(3, || Some(time_vitrine(&short_elf)))
            .unwrap()
            .as_secs_f64();
    let ours_mips = d_insns / ours / 1e6;
    println!(
        "\nside by side, integer loop, steady state ({} M instructions difference):",
        d_insns / 1e6
    );
    println!("  vitrine: {ours_mips:8.1} MIPS");
    match (
        best_of(3, || time_qemu(&long_elf, &[])),
        best_of(3, || time_qemu(&short_elf, &[])),
    ) {
        (Some(l), Some(s)) if l > s => {
            let qemu_mips = d_insns / (l - s).as_secs_f64() / 1e6;
            println!("  qemu:    {qemu_mips:8.1} MIPS (TCG, qemu-system-riscv64)");
            println!("  vitrine / qemu = {:.3}", ours_mips / qemu_mips);
        }
        _ => println!("  qemu: not available (apt-get install qemu-system-misc)"),
    }
}
