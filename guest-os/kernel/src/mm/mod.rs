//! Memory management, one mechanism per file:
//!
//! ```text
//!   frame.rs      physical frames: the free list and reference counts
//!   fail.rs       fault injection: allocations that fail on purpose
//!   heap.rs       the kernel heap (alloc's global allocator)
//!   vm.rs         Sv39 page tables: walk, map, unmap; copy to/from user memory
//!   vma.rs        memory areas and what backs them (anon, file, shm)
//!   aspace.rs     user address spaces (Linux's mm): areas, RSS, brk, stack
//!   fault.rs      the page-fault handler: demand paging, stack growth
//!   cow.rs        copy-on-write: fork's sharing and the write-fault copy
//!   protect.rs    mprotect: split, re-permission and merge areas; rewrite PTEs
//!   remap.rs      mremap: grow, shrink or move a mapping (its PTEs move)
//!   pagecache.rs  file pages shared by every process that maps the file
//!   commit.rs     the overcommit policy (commit charge)
//!   tlb.rs        TLB shootdown: sfence.vma per page or a full flush
//!   kstack.rs     kernel stacks with guard pages
//! ```
//!
//! Owns: every frame and page table. Calls: arch/ (sfence.vma, satp),
//! fs/ (file pages), proc/ and signal/ (the faulting task; SIGSEGV),
//! dev/introspect (each fault's kind, for the machine).

pub mod aspace;
pub mod commit;
pub mod cow;
pub mod fail;
pub mod fault;
pub mod frame;
pub mod heap;
pub mod kstack;
pub mod pagecache;
pub mod protect;
pub mod remap;
pub mod tlb;
pub mod vm;
pub mod vma;
