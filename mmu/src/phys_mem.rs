//! Physical memory as the page walker sees it.

/// Physical memory as the page walker sees it (8-byte PTE reads and A/D writes).
/// `None`/`false` means the PTE address is not backed by memory: access fault.
pub trait PhysMem {
    fn read_u64(&mut self, pa: u64) -> Option<u64>;
    fn write_u64(&mut self, pa: u64, value: u64) -> bool;
}

/// Read-only physical memory, for the side-effect-free [`peek`](crate::peek).
///
/// Any `Fn(u64) -> Option<u64>` closure implements it, so a debugger can
/// write `peek(va, satp, &|pa| memory.read_u64(pa))`.
pub trait PhysMemRead {
    fn peek_u64(&self, pa: u64) -> Option<u64>;
}

impl<F: Fn(u64) -> Option<u64>> PhysMemRead for F {
    #[inline]
    fn peek_u64(&self, pa: u64) -> Option<u64> {
        self(pa)
    }
}
