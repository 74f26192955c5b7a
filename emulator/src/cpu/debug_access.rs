//! Memory access for debuggers, tracers and tests: reads and writes that
//! change nothing the guest can observe. No TLB lookups or fills, no
//! counters, no A/D bits, no device side effects (MMIO is not touched).
//! Writes (e.g. software breakpoints) keep the decoded-instruction cache
//! coherent.

use super::Cpu;
use crate::memory::PAGE_CODE;

impl Cpu {
    /// The physical address `va` maps to under the current `satp`, as the
    /// hart would fetch it (identity in M-mode or Bare mode). Permissions are
    /// not checked. No side effects.
    pub fn peek_translate(&self, va: u64) -> Option<u64> {
        if self.csr.satp >> 60 != 8 || self.prv == super::Privilege::Machine {
            return Some(va);
        }
        let mem = &self.bus.mem;
        vitrine_mmu::peek(va, self.csr.satp, &|pa| mem.read_u64(pa)).map(|w| w.pa)
    }

    /// Read guest RAM at virtual address `va` (page by page through the
    /// page tables). `None` if any byte is unmapped or not RAM.
    pub fn peek_virt(&self, va: u64, buf: &mut [u8]) -> Option<()> {
        let mut done = 0;
        while done < buf.len() {
            let a = va.wrapping_add(done as u64);
            let n = (0x1000 - (a & 0xfff) as usize).min(buf.len() - done);
            let pa = self.peek_translate(a)?;
            self.bus.mem.read_bytes(pa, &mut buf[done..done + n])?;
            done += n;
        }
        Some(())
    }

    /// Write guest RAM at physical address `pa`, dropping decoded
    /// instructions of the pages written. `None` if outside RAM.
    pub fn poke_phys(&mut self, pa: u64, data: &[u8]) -> Option<()> {
        let off = self.bus.mem.offset(pa, data.len() as u64)?;
        self.bus.mem.write_bytes(pa, data)?;
        if !data.is_empty() {
            for page in (off >> 12)..=((off + data.len() - 1) >> 12) {
                if self.bus.mem.page_flags[page] & PAGE_CODE != 0 {
                    self.icache.invalidate_page(page);
                    self.bus.mem.page_flags[page] &= !PAGE_CODE;
                }
            }
            self.flush_fetch();
            self.icache.reclaim();
        }
        Some(())
    }

    /// Write guest RAM at virtual address `va` (see `poke_phys`).
    pub fn poke_virt(&mut self, va: u64, data: &[u8]) -> Option<()> {
        let mut done = 0;
        while done < data.len() {
            let a = va.wrapping_add(done as u64);
            let n = (0x1000 - (a & 0xfff) as usize).min(data.len() - done);
            let pa = self.peek_translate(a)?;
            self.poke_phys(pa, &data[done..done + n])?;
            done += n;
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use crate::machine::{Machine, MachineConfig};
    use crate::memory::RAM_BASE;

    fn machine() -> Machine {
        Machine::new(
            MachineConfig {
                ram_size: 1 << 20,
                ..Default::default()
            },
            Box::new(std::io::sink()),
            None,
        )
    }

    /// Patching an instruction that already ran (a debugger's breakpoint)
    /// takes effect: the decoded copy is dropped.
    #[test]
    fn poke_replaces_decoded_instructions() {
        let mut m = machine();
        let addi_a0_1 = 0x0015_0513u32; // addi a0, a0, 1
        let addi_a0_5 = 0x0055_0513u32; // addi a0, a0, 5
        let j_back = 0xffdf_f06fu32; // jal x0, -4
        let cpu = &mut m.cpu;
        cpu.poke_phys(RAM_BASE, &addi_a0_1.to_le_bytes()).unwrap();
        cpu.poke_phys(RAM_BASE + 4, &j_back.to_le_bytes()).unwrap();
        cpu.pc = RAM_BASE;
        for _ in 0..4 {
            cpu.step();
        }
        assert_eq!(cpu.x[10], 2);
        let instret = cpu.instret;
        cpu.poke_phys(RAM_BASE, &addi_a0_5.to_le_bytes()).unwrap();
        cpu.step();
        assert_eq!(cpu.x[10], 7, "the patched instruction ran");
        assert_eq!(cpu.instret, instret + 1);
    }

    /// Peeks do not disturb TLB counters or memory.
    #[test]
    fn peek_has_no_side_effects() {
        let mut m = machine();
        let cpu = &mut m.cpu;
        cpu.poke_phys(RAM_BASE + 0x100, b"vitrine").unwrap();
        let before = cpu.mmu.counters;
        let mut buf = [0u8; 7];
        cpu.peek_virt(RAM_BASE + 0x100, &mut buf).unwrap();
        assert_eq!(&buf, b"vitrine");
        assert_eq!(cpu.mmu.counters, before);
        assert!(
            cpu.peek_virt(0x1000, &mut buf).is_none(),
            "MMIO/unmapped is not read"
        );
    }
}
