//! Test fixtures shared by the handler tests (a hart, one-instruction
//! execution, encoders).
#![cfg(test)]

use crate::bus::Bus;
use crate::clock::Clock;
use crate::cpu::csr::MSTATUS_FS;
use crate::cpu::decode::decode32;
use crate::cpu::{Cpu, Trap};
use crate::devices::uart::Uart16550;
use crate::memory::{Memory, RAM_BASE};
use vitrine_mmu::TlbConfig;

/// A hart with 64 KiB of RAM, pc at RAM_BASE, FS = Initial (clean).
pub fn cpu() -> Cpu {
    let bus = Bus::new(
        Memory::new(1 << 16),
        Uart16550::new(Box::new(std::io::sink())),
    );
    let mut cpu = Cpu::new(
        bus,
        TlbConfig {
            entries: 64,
            ways: 4,
        },
        Clock::deterministic(100),
    );
    cpu.csr.mstatus = (cpu.csr.mstatus & !MSTATUS_FS) | (1 << 13);
    cpu.pc = RAM_BASE;
    cpu
}

/// Decode and run one 32-bit instruction.
pub fn exec(cpu: &mut Cpu, raw: u32) -> Result<(), Trap> {
    let i = decode32(raw);
    (i.exec)(cpu, &i)
}

/// An OP-FP encoding.
pub fn op_fp(funct7: u32, rs2: u32, rs1: u32, rm: u32, rd: u32) -> u32 {
    funct7 << 25 | rs2 << 20 | rs1 << 15 | rm << 12 | rd << 7 | 0x53
}

/// An R4 (fused multiply-add) encoding.
pub fn r4(opcode: u32, rs3: u32, fmt: u32, rs2: u32, rs1: u32, rm: u32, rd: u32) -> u32 {
    rs3 << 27 | fmt << 25 | rs2 << 20 | rs1 << 15 | rm << 12 | rd << 7 | opcode
}

/// An R-type encoding (`opcode`, `funct7`, `funct3`, registers).
pub fn r(opcode: u32, funct7: u32, funct3: u32, rd: u32, rs1: u32, rs2: u32) -> u32 {
    funct7 << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode
}

/// An I-type encoding (`imm` is the 12-bit field, taken as is).
pub fn i(opcode: u32, funct3: u32, rd: u32, rs1: u32, imm: u32) -> u32 {
    (imm & 0xfff) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode
}
