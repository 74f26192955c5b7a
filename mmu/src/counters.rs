//! Event counters: TLB hits, misses and page-table walks, and `sfence.vma`
//! executions by scope.
//!
//! Per [`Mmu::translate`](crate::Mmu::translate) call exactly one of `hits`
//! and `misses` goes up, on the instruction TLB's counters for a fetch and on
//! the data TLB's for a load or store. `walks` counts every page-table walk
//! performed, faulting ones included: one per miss (except a miss on a
//! non-canonical address, which faults before any PTE is read), plus one per
//! hit that had to go back to the page tables (a store to a clean page, to
//! set D; or a hit whose cached permissions refuse the access).

/// Counters of one TLB.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TlbCounters {
    pub hits: u64,
    pub misses: u64,
    pub walks: u64,
}

impl TlbCounters {
    /// Translations looked up in this TLB (`hits + misses`).
    #[inline]
    pub fn lookups(&self) -> u64 {
        self.hits + self.misses
    }
}

/// All MMU counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MmuCounters {
    pub itlb: TlbCounters,
    pub dtlb: TlbCounters,
    /// `sfence.vma x0, x0`
    pub flush_all: u64,
    /// `sfence.vma x0, asid`
    pub flush_asid: u64,
    /// `sfence.vma vaddr, x0`
    pub flush_addr: u64,
    /// `sfence.vma vaddr, asid`
    pub flush_addr_asid: u64,
}

impl MmuCounters {
    /// Total `sfence.vma` instructions executed.
    #[inline]
    pub fn sfences(&self) -> u64 {
        self.flush_all + self.flush_asid + self.flush_addr + self.flush_addr_asid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals() {
        let c = MmuCounters {
            itlb: TlbCounters {
                hits: 3,
                misses: 2,
                walks: 2,
            },
            flush_all: 1,
            flush_asid: 2,
            flush_addr: 3,
            flush_addr_asid: 4,
            ..Default::default()
        };
        assert_eq!(c.itlb.lookups(), 5);
        assert_eq!(c.dtlb.lookups(), 0);
        assert_eq!(c.sfences(), 10);
    }
}
