//! The instruction decoder and executor: one page of fuzzer-chosen code at
//! 0x8000_1000, run in M-mode from there with a fixed trap handler at
//! 0x8000_0000 that skips the faulting word (`mepc += 4; mret`), for at
//! most `MAX_INSNS` instructions and traps. The code may do anything the
//! hart allows (CSRs, paging, privilege changes, device stores): the
//! emulator must never panic, and after every step of the run loop
//! - `pc` is 2-byte aligned (RV64GC's IALIGN) and `x0` is 0,
//! - `instret`, `traps` and `mcycle`-like counters never go back.

use crate::bytes::Bytes;
use std::collections::BTreeMap;
use vitrine_emulator::machine::{Machine, MachineConfig, RunEnd};
use vitrine_loader::{ElfImage, Segment};

const RAM_BASE: u64 = 0x8000_0000;
const CODE: u64 = RAM_BASE + 0x1000;
const MAX_INSNS: u64 = 20_000;
const STEP: u64 = 1_000;

/// csrr t6,mepc; addi t6,t6,4; csrw mepc,t6; mret
const HANDLER: [u32; 4] = [0x3410_2ff3, 0x004f_8f93, 0x341f_9073, 0x3020_0073];

/// Start values of x1..x31, cycled: addresses of RAM, the code, devices,
/// nothing, and integer edges.
const SEEDS: [u64; 12] = [
    RAM_BASE,
    CODE,
    RAM_BASE + 0x2000,
    0x1000_0000, // UART
    0x0200_0000, // CLINT
    0x0c00_0000, // PLIC
    0x0010_0000, // test finisher
    0,
    u64::MAX,
    1 << 63,
    0x7fff_ffff_ffff_ffff,
    0x3f_ffff_f000, // top of the Sv39 user half
];

pub fn run(data: &[u8]) {
    let mut b = Bytes::new(data);
    let rotate = b.u8() as usize;
    let code = b.rest();
    let mut page = vec![0u8; 4096];
    let n = code.len().min(4096);
    page[..n].copy_from_slice(&code[..n]);
    let handler: Vec<u8> = HANDLER.iter().flat_map(|w| w.to_le_bytes()).collect();
    let seg = |paddr, data: Vec<u8>| Segment {
        vaddr: paddr,
        paddr,
        mem_size: data.len() as u64,
        data,
        readable: true,
        writable: true,
        executable: true,
    };
    let image = ElfImage {
        entry: CODE,
        segments: vec![seg(RAM_BASE, handler), seg(CODE, page)],
        symbols: BTreeMap::new(),
    };
    let cfg = MachineConfig {
        ram_size: 2 << 20,
        max_insns: Some(MAX_INSNS),
        ..MachineConfig::default()
    };
    let mut m = Machine::new(cfg, Box::new(std::io::sink()), None);
    m.stderr = None;
    m.load(&image).expect("a 2 MiB machine holds two pages");
    m.cpu.csr.mtvec = RAM_BASE;
    for i in 1..32 {
        m.cpu.x[i] = SEEDS[(i + rotate) % SEEDS.len()];
    }
    let (mut instret, mut traps) = (0, 0);
    let mut stop = 0;
    loop {
        stop += STEP;
        let end = m.run_until(stop, &mut |_, _| false);
        let c = &m.cpu;
        assert_eq!(c.x[0], 0, "x0 written");
        assert_eq!(c.pc & 1, 0, "pc {:#x} misaligned", c.pc);
        assert!(
            c.instret >= instret && c.traps >= traps,
            "counters went back"
        );
        (instret, traps) = (c.instret, c.traps);
        assert!(instret + traps <= MAX_INSNS + 1, "ran past --max-insns");
        match end {
            RunEnd::Exit(_) => break,
            // A debug-mode trigger the code armed itself: nothing more runs.
            RunEnd::Stopped if m.cpu.trigger_halted() => break,
            RunEnd::Stopped | RunEnd::Reached => {}
        }
        if stop > 2 * MAX_INSNS {
            panic!("the run loop does not end (pc {:#x})", m.cpu.pc);
        }
    }
}
