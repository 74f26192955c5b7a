//! Why a translation failed.

/// Why a translation failed: page fault (causes 12/13/15) or access fault
/// (a PTE read outside memory: causes 1/5/7).
///
/// * `Page`: the page tables do not permit the access (invalid or reserved
///   PTE encodings, a misaligned superpage, a permission failure, a
///   non-canonical virtual address).
/// * `Access`: the walker could not read a PTE, or could not write the A/D
///   bits back, because the PTE address is not backed by writable memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    Page,
    Access,
}
