//! End-to-end CPU speed: CPU-bound bare-metal loops run by Vitrine
//! (criterion, throughput in guest instructions per second), then side by
//! side with `qemu-system-riscv64` on the same ELFs in the same run. Two
//! loops: integer ALU operations, and floating point (every F/D operation
//! that rounds goes through Berkeley SoftFloat).
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
use vitrine_emulator::cpu::jit::Engine;
use vitrine_emulator::machine::{ExitReason, Machine, MachineConfig};

/// A loop (machine code linked at 0x8000_0000) that reads its iteration
/// count from `data_offset`, followed there by `data`.
struct Program {
    name: &'static str,
    code: &'static [u32],
    data_offset: usize,
    data: &'static [u64],
    /// Instructions per iteration.
    loop_body: u64,
    /// Instructions before the loop and after it (up to the finisher store).
    overhead: u64,
}

impl Program {
    fn instructions(&self, iterations: u64) -> u64 {
        iterations * self.loop_body + self.overhead
    }
}

/// The integer loop (GNU as output):
/// ```text
///   auipc t0,0; ld a0,80(t0); li a1,0; li a2,12345
/// 1: add a1,a1,a2; xor a2,a2,a1; slli a3,a1,3; srli a4,a2,5
///    add a1,a1,a4; sub a2,a2,a3; addi a0,a0,-1; bnez a0,1b
///   li t0,0x100000; li t1,0x5555; sw t1,0(t0); j .
///   .org 80: .dword ITERATIONS
/// ```
const INTEGER: Program = Program {
    name: "integer",
    code: &[
        0x00000297, 0x0502b503, 0x00000593, 0x00003637, 0x0396061b, 0x00c585b3, 0x00b64633,
        0x00359693, 0x00565713, 0x00e585b3, 0x40d60633, 0xfff50513, 0xfe0512e3, 0x001002b7,
        0x00005337, 0x5553031b, 0x0062a023, 0x0000006f,
    ],
    data_offset: 80,
    data: &[],
    loop_body: 8,
    overhead: 5 + 4,
};

/// The floating-point loop (GNU as output, `-march=rv64gc`, `.option
/// norvc`): double-precision multiply, add, divide, square root, fused
/// multiply-add and conversions to and from integers and single precision,
/// all rounding (dynamic mode, RNE), values kept bounded:
/// ```text
///   auipc t0,0; lui t1,2; csrs mstatus,t1        # mstatus.FS = Initial
///   ld a0,112(t0); fld fa0,120(t0); fld fa1,128(t0)
///   fmv.d.x fa2,zero; fmv.d fa3,fa0
/// 1: fmul.d ft0,fa3,fa0; fadd.d ft1,ft0,fa1; fdiv.d ft2,ft1,fa3
///    fsqrt.d ft3,ft2; fmadd.d fa2,ft3,fa1,fa2
///    fcvt.l.d t1,fa2,rtz; fcvt.d.l ft4,t1; fsub.d fa2,fa2,ft4
///    fcvt.s.d ft5,ft3; fmul.s ft6,ft5,ft5; fcvt.d.s ft7,ft6
///    fadd.d fa3,fa3,ft7; addi a0,a0,-1; bnez a0,1b
///   li t0,0x100000; li t1,0x5555; sw t1,0(t0); j .
///   .org 112: .dword ITERATIONS; .double 1.0000001, 0.5
/// ```
const FP: Program = Program {
    name: "fp",
    code: &[
        0x00000297, 0x00002337, 0x30032073, 0x0702b503, 0x0782b507, 0x0802b587, 0xf2000653,
        0x22a506d3, 0x12a6f053, 0x02b070d3, 0x1ad0f153, 0x5a0171d3, 0x62b1f643, 0xc2261353,
        0xd2237253, 0x0a467653, 0x4011f2d3, 0x1052f353, 0x420303d3, 0x0276f6d3, 0xfff50513,
        0xfc0516e3, 0x001002b7, 0x00005337, 0x5553031b, 0x0062a023, 0x0000006f,
    ],
    data_offset: 112,
    data: &[0x3ff0_0000_1ad7_f29b, 0x3fe0_0000_0000_0000],
    loop_body: 14,
    overhead: 8 + 4,
};

/// A minimal RV64 ELF executable with one RWX PT_LOAD segment at 0x8000_0000.
fn elf(program: &Program, iterations: u64) -> Vec<u8> {
    let mut image: Vec<u8> = program.code.iter().flat_map(|w| w.to_le_bytes()).collect();
    assert!(image.len() <= program.data_offset);
    image.resize(program.data_offset, 0);
    image.extend_from_slice(&iterations.to_le_bytes());
    for d in program.data {
        image.extend_from_slice(&d.to_le_bytes());
    }
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

fn write_elf(dir: &Path, program: &Program, iterations: u64) -> PathBuf {
    let path = dir.join(format!("{}loop-{iterations}.elf", program.name));
    std::fs::write(&path, elf(program, iterations)).unwrap();
    path
}

/// Run the loop on Vitrine in-process; returns the instructions retired.
fn run_vitrine(path: &Path) -> u64 {
    run_on(Engine::default(), path)
}

fn run_on(engine: Engine, path: &Path) -> u64 {
    let image = vitrine_loader::load_file(path).unwrap();
    let cfg = MachineConfig {
        engine,
        ..MachineConfig::default()
    };
    let mut m = Machine::new(cfg, Box::new(std::io::sink()), None);
    m.load(&image).unwrap();
    assert_eq!(m.run(), ExitReason::Exit(0));
    m.cpu.instret
}

fn time_on(engine: Engine, path: &Path) -> Duration {
    let t = Instant::now();
    run_on(engine, path);
    t.elapsed()
}
/// Criterion's throughput for the short loop, then the side-by-side rates.
fn bench(c: &mut Criterion, dir: &Path, program: &Program, short: u64, long: u64) {
    let (short_elf, long_elf) = (
        write_elf(dir, program, short),
        write_elf(dir, program, long),
    );
    assert_eq!(run_vitrine(&short_elf), program.instructions(short));

    let mut g = c.benchmark_group("cpu");
    g.throughput(Throughput::Elements(program.instructions(short)));
    let millions = program.instructions(short) / 1_000_000;
    g.bench_function(format!("{}_loop_{millions}M_insns", program.name), |b| {
        b.iter(|| run_vitrine(&short_elf))
    });
    g.finish();

    // Side by side, in this run.
    let d_insns = (program.instructions(long) - program.instructions(short)) as f64;
    let mips = |engine: Engine| {
        let secs = best_of(3, || Some(time_on(engine, &long_elf)))
            .unwrap()
            .as_secs_f64()
            - best_of(3, || Some(time_on(engine, &short_elf)))
                .unwrap()
                .as_secs_f64();
        d_insns / secs / 1e6
    };
    let interp_mips = mips(Engine::Interp);
    let ours_mips = mips(Engine::Jit);
    println!(
        "\nside by side, {} loop, steady state ({} M instructions difference):",
        program.name,
        d_insns / 1e6
    );
    println!("  vitrine interp: {interp_mips:8.1} MIPS");
    println!(
        "  vitrine jit:    {ours_mips:8.1} MIPS (jit / interp = {:.2})",
        ours_mips / interp_mips
    );
    match (
        best_of(3, || time_qemu(&long_elf, &[])),
        best_of(3, || time_qemu(&short_elf, &[])),
    ) {
        (Some(l), Some(s)) if l > s => {
            let qemu_mips = d_insns / (l - s).as_secs_f64() / 1e6;
            println!("  qemu:           {qemu_mips:8.1} MIPS (TCG, qemu-system-riscv64)");
            println!(
                "  jit / qemu = {:.3}, interp / qemu = {:.3}",
                ours_mips / qemu_mips,
                interp_mips / qemu_mips
            );
        }
        _ => println!("  qemu: not available (apt-get install qemu-system-misc)"),
    }
}

fn main() {
    common::cold_unless_told();
    let dir = std::env::temp_dir().join("vitrine-bench-cpu");
    std::fs::create_dir_all(&dir).unwrap();
    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    bench(&mut c, &dir, &INTEGER, 1_000_000, 11_000_000);
    // 14 instructions an iteration: about as many instructions as the
    // integer loop's.
    bench(&mut c, &dir, &FP, 600_000, 6_600_000);
    c.final_summary();
}
