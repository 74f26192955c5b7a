//! Devices that master the bus (virtio) read and write guest RAM through
//! the hart's view of physical memory: a DMA write drops the decoded
//! instructions of the pages it lands on, as a store would, so code a
//! device loads (a kernel reading a program from disk) runs as written.

use super::Cpu;
use crate::devices::virtio::queue::Dma;

impl Dma for Cpu {
    fn read(&mut self, pa: u64, buf: &mut [u8]) -> Option<()> {
        self.bus.mem.read_bytes(pa, buf)
    }

    fn write(&mut self, pa: u64, data: &[u8]) -> Option<()> {
        self.poke_phys(pa, data)
    }
}
