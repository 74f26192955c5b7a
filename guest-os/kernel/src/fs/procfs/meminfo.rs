//! /proc/meminfo and /proc/vmstat, as fs/proc/meminfo.c and mm/vmstat.c
//! print them.

use crate::fs::procfs::procinfo;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// One meminfo line: the name and colon padded to 16 columns, the number
/// right-aligned in 8, then " kB" (Linux's show_val_kb).
fn kb_line(out: &mut String, name: &str, kb: u64) {
    let label = format!("{name}:");
    let _ = writeln!(out, "{label:<16}{kb:>8} kB");
}

pub fn meminfo() -> Vec<u8> {
    let m = procinfo::meminfo();
    let mut s = String::new();
    let lines: [(&str, u64); 37] = [
        ("MemTotal", m.total_kb),
        ("MemFree", m.free_kb),
        ("MemAvailable", m.available_kb),
        ("Buffers", m.buffers_kb),
        ("Cached", m.cached_kb),
        ("SwapCached", 0),
        ("Active", m.anon_kb + m.cached_kb),
        ("Inactive", 0),
        ("Active(anon)", m.anon_kb),
        ("Inactive(anon)", 0),
        ("Active(file)", m.cached_kb),
        ("Inactive(file)", 0),
        ("Unevictable", 0),
        ("Mlocked", 0),
        ("SwapTotal", 0),
        ("SwapFree", 0),
        ("Dirty", m.dirty_kb),
        ("Writeback", 0),
        ("AnonPages", m.anon_kb),
        ("Mapped", m.mapped_kb),
        ("Shmem", m.shmem_kb),
        ("KReclaimable", 0),
        ("Slab", m.slab_kb),
        ("SReclaimable", 0),
        ("SUnreclaim", m.slab_kb),
        ("KernelStack", m.kernel_stack_kb),
        ("PageTables", m.page_tables_kb),
        ("SecPageTables", 0),
        ("NFS_Unstable", 0),
        ("Bounce", 0),
        ("WritebackTmp", 0),
        // No swap: RAM x vm.overcommit_ratio / 100 (commit.rs).
        ("CommitLimit", m.commit_limit_kb),
        ("Committed_AS", m.committed_kb),
        ("VmallocTotal", 0),
        ("VmallocUsed", 0),
        ("VmallocChunk", 0),
        ("Percpu", 0),
    ];
    for (name, kb) in lines {
        kb_line(&mut s, name, kb);
    }
    s.into_bytes()
}

/// "name value" lines: Linux's counters (in pages, nr_kernel_stack in kB),
/// then Vitrine's paging events.
pub fn vmstat() -> Vec<u8> {
    let m = procinfo::meminfo();
    let v = procinfo::vmstat();
    let pages = |kb: u64| kb / 4;
    let lines: [(&str, u64); 24] = [
        ("nr_free_pages", pages(m.free_kb)),
        ("nr_inactive_anon", 0),
        ("nr_active_anon", pages(m.anon_kb)),
        ("nr_inactive_file", 0),
        ("nr_active_file", pages(m.cached_kb)),
        ("nr_unevictable", 0),
        ("nr_mlock", 0),
        ("nr_anon_pages", pages(m.anon_kb)),
        ("nr_mapped", pages(m.mapped_kb)),
        ("nr_file_pages", pages(m.cached_kb)),
        ("nr_dirty", 0),
        ("nr_writeback", 0),
        ("nr_shmem", pages(m.shmem_kb)),
        ("nr_kernel_stack", m.kernel_stack_kb),
        ("nr_page_table_pages", pages(m.page_tables_kb)),
        ("pgfault", v.pgfault),
        ("pgmajfault", v.pgmajfault),
        ("cow_fault", v.cow_fault),
        ("cow_copy", v.cow_copy),
        ("cow_reuse", v.cow_reuse),
        ("zero_fill", v.zero_fill),
        ("file_fill", v.file_fill),
        ("pagecache_hit", v.pagecache_hit),
        ("stack_grow", v.stack_grow),
    ];
    let mut s = String::new();
    for (name, n) in lines {
        let _ = writeln!(s, "{name} {n}");
    }
    s.into_bytes()
}
