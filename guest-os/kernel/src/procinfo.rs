//! Snapshots of kernel state for /proc (proc_fs/): plain data, no
//! formatting. proc_fs/ renders these in Linux's formats; the functions
//! here are the only place that reads the process table, the address
//! spaces and the frame allocator on /proc's behalf, so a change in those
//! (threads, demand paging, copy-on-write, accounting) is one change here.
//!
//! Values this kernel does not track yet are 0 (documented per field).

use crate::aspace::VmaKind;
use crate::frame::{self, PAGE_SIZE};
use crate::proc::{self, Proc, State};
use crate::{heap, timer, vm};
use alloc::string::String;
use alloc::vec::Vec;

/// One task (thread) of the process table, as /proc/PID/{stat,status} show it.
pub struct TaskInfo {
    pub pid: i32,
    pub tgid: i32,
    pub ppid: i32,
    pub pgid: i32,
    pub sid: i32,
    /// At most 15 bytes, like Linux's TASK_COMM_LEN - 1.
    pub comm: String,
    /// R S D T Z I (Linux's one-letter states).
    pub state: char,
    pub threads: usize,
    pub min_flt: u64,
    pub maj_flt: u64,
    pub cmin_flt: u64,
    pub cmaj_flt: u64,
    /// Clock ticks (USER_HZ = 100).
    pub utime: u64,
    pub stime: u64,
    pub cutime: u64,
    pub cstime: u64,
    /// USER_HZ ticks since boot.
    pub start_time: u64,
    pub nice: i32,
    /// Linux's `prio - MAX_RT_PRIO`: 20 for a normal task at nice 0.
    pub priority: i32,
    pub nvcsw: u64,
    pub nivcsw: u64,
    /// The signal the parent gets at exit (SIGCHLD = 17).
    pub exit_signal: i32,
    /// The wait status of a zombie (0 otherwise): stat's last field.
    pub exit_code: i32,
    /// Open descriptor slots (status's FDSize).
    pub fd_size: usize,
    /// None for zombies (they have no memory left).
    pub vm: Option<VmInfo>,
    /// NUL-separated argv.
    pub cmdline: Vec<u8>,
    /// Threads of the group, for /proc/PID/task.
    pub tids: Vec<i32>,
}

/// A task's memory, in kB (sizes) and addresses.
pub struct VmInfo {
    pub peak_kb: u64,
    pub size_kb: u64,
    pub hwm_kb: u64,
    pub rss_kb: u64,
    pub rss_anon_kb: u64,
    pub rss_file_kb: u64,
    pub rss_shmem_kb: u64,
    pub data_kb: u64,
    pub stk_kb: u64,
    pub exe_kb: u64,
    pub pte_kb: u64,
    pub start_code: u64,
    pub end_code: u64,
    pub start_data: u64,
    pub end_data: u64,
    pub start_brk: u64,
    #[allow(dead_code)] // no Linux /proc file shows the current break
    pub brk: u64,
    pub start_stack: u64,
    pub arg_start: u64,
    pub arg_end: u64,
    pub env_start: u64,
    pub env_end: u64,
    pub maps: Vec<MapEntry>,
}

/// One line of /proc/PID/maps.
pub struct MapEntry {
    pub start: u64,
    pub end: u64,
    /// e.g. *b"r-xp"
    pub perms: [u8; 4],
    pub offset: u64,
    pub dev: (u32, u32),
    pub inode: u64,
    /// "/bin/sh", "[heap]", "[stack]", "" (anonymous)
    pub path: String,
}

/// System memory, in kB.
pub struct MemInfo {
    pub total_kb: u64,
    pub free_kb: u64,
    pub available_kb: u64,
    pub cached_kb: u64,
    pub shmem_kb: u64,
    pub anon_kb: u64,
    pub mapped_kb: u64,
    pub kernel_stack_kb: u64,
    pub page_tables_kb: u64,
    /// Kernel heap in use.
    pub slab_kb: u64,
}

/// Event counters since boot (/proc/vmstat).
pub struct VmStat {
    pub pgfault: u64,
    pub pgmajfault: u64,
    pub cow_fault: u64,
    pub cow_copy: u64,
    pub cow_reuse: u64,
    pub zero_fill: u64,
    pub file_fill: u64,
    pub pagecache_hit: u64,
    pub stack_grow: u64,
}

/// /proc/loadavg's numbers.
pub struct LoadAvg {
    /// 1, 5 and 15 minute load averages, times 100.
    pub avg: [u64; 3],
    pub running: usize,
    pub total: usize,
    pub last_pid: i32,
}

// --- providers ---------------------------------------------------------------

/// Kernel stack per process (proc.rs's KSTACK_SIZE), in kB.
const KSTACK_KB: u64 = 16;

/// Thread-group leaders, ascending (what /proc lists).
pub fn pids() -> Vec<i32> {
    // One thread per process for now: every pid leads its group.
    proc::table().keys().copied().collect()
}

/// Task `pid` (any tid works, as Linux resolves /proc/TID too).
pub fn task(pid: i32) -> Option<TaskInfo> {
    let p = proc::get(pid)?;
    let comm: String = p
        .name
        .chars()
        .scan(0, |n, c| {
            *n += c.len_utf8();
            (*n <= 15).then_some(c)
        })
        .collect();
    let mut cmdline = Vec::from(p.name.as_bytes()); // argv is not kept yet
    cmdline.push(0);
    Some(TaskInfo {
        pid: p.pid,
        tgid: p.pid,
        ppid: p.parent,
        pgid: 0, // no process groups or sessions yet
        sid: 0,
        comm,
        state: match p.state {
            State::Runnable | State::Running => 'R',
            State::Sleeping => 'S',
            State::Zombie => 'Z',
        },
        threads: 1,
        min_flt: 0,
        maj_flt: 0,
        cmin_flt: 0,
        cmaj_flt: 0,
        utime: 0,
        stime: 0,
        cutime: 0,
        cstime: 0,
        start_time: 0,
        nice: 0,
        priority: 20,
        nvcsw: 0,
        nivcsw: 0,
        exit_signal: 17,
        exit_code: if p.state == State::Zombie { p.wait_status } else { 0 },
        fd_size: crate::fd::MAX_FDS,
        vm: (p.state != State::Zombie).then(|| vm_info(p)),
        cmdline,
        tids: alloc::vec![p.pid],
    })
}

/// Mapped pages of [start, end) in `p`'s page table.
fn resident(p: &Proc, start: usize, end: usize) -> u64 {
    let pt = p.aspace.pagetable();
    (start..end).step_by(PAGE_SIZE).filter(|&va| vm::lookup(pt, va).is_some()).count() as u64
}

/// Page-table pages under `table` (a table at `level`, 2 = root).
fn table_pages(table: usize, level: usize) -> u64 {
    let mut n = 1;
    if level > 0 {
        for i in 0..512 {
            let e = unsafe { *(table as *const u64).add(i) };
            if e & vm::PTE_V != 0 && e & (vm::PTE_R | vm::PTE_W | vm::PTE_X) == 0 {
                n += table_pages(vm::pte_pa(e), level - 1);
            }
        }
    }
    n
}

fn vm_info(p: &Proc) -> VmInfo {
    let a = &p.aspace;
    let kb = |bytes: usize| (bytes / 1024) as u64;
    let mut v = VmInfo {
        peak_kb: 0,
        size_kb: 0,
        hwm_kb: 0,
        rss_kb: 0,
        rss_anon_kb: 0,
        rss_file_kb: 0,
        rss_shmem_kb: 0,
        data_kb: 0,
        stk_kb: 0,
        exe_kb: 0,
        pte_kb: table_pages(a.pagetable(), 2) * 4,
        start_code: 0,
        end_code: 0,
        start_data: 0,
        end_data: 0,
        start_brk: a.brk_start as u64,
        brk: a.brk as u64,
        start_stack: 0,
        arg_start: 0, // argv/envp addresses are not kept yet
        arg_end: 0,
        env_start: 0,
        env_end: 0,
        maps: Vec::new(),
    };
    for (&start, vma) in &a.vmas {
        let len = vma.end - start;
        v.size_kb += kb(len);
        // Every page is a private copy today (no page cache, no sharing).
        let rss = resident(p, start, vma.end) * (PAGE_SIZE as u64 / 1024);
        v.rss_kb += rss;
        v.rss_anon_kb += rss;
        let (r, w, x) =
            (vma.perm & vm::PTE_R != 0, vma.perm & vm::PTE_W != 0, vma.perm & vm::PTE_X != 0);
        let path = match vma.kind {
            VmaKind::Program if x => {
                v.exe_kb += kb(len);
                if v.start_code == 0 {
                    v.start_code = start as u64;
                }
                v.end_code = vma.end as u64;
                String::new()
            }
            VmaKind::Program => {
                if w {
                    v.data_kb += kb(len);
                }
                if v.start_data == 0 {
                    v.start_data = start as u64;
                }
                v.end_data = vma.end as u64;
                String::new()
            }
            VmaKind::Heap => {
                v.data_kb += kb(len);
                String::from("[heap]")
            }
            VmaKind::Stack => {
                v.stk_kb += kb(len);
                v.start_stack = vma.end as u64;
                String::from("[stack]")
            }
            VmaKind::Anon => {
                if w {
                    v.data_kb += kb(len);
                }
                String::new()
            }
        };
        let flag = |on: bool, c: u8| if on { c } else { b'-' };
        v.maps.push(MapEntry {
            start: start as u64,
            end: vma.end as u64,
            perms: [flag(r, b'r'), flag(w, b'w'), flag(x, b'x'), b'p'],
            offset: 0,
            dev: (0, 0),
            inode: 0,
            path,
        });
    }
    // No high-water marks are kept: the current sizes are the peaks.
    v.peak_kb = v.size_kb;
    v.hwm_kb = v.rss_kb;
    v
}

/// The thread group of the running task (/proc/self).
pub fn current_tgid() -> i32 {
    proc::current().pid
}

/// The running task (/proc/thread-self).
pub fn current_tid() -> i32 {
    proc::current().pid
}

pub fn meminfo() -> MemInfo {
    let (free, usable) = frame::stats();
    let page_kb = PAGE_SIZE as u64 / 1024;
    let (mut anon_kb, mut page_tables_kb, mut procs) = (0, 0, 0);
    for &pid in proc::table().keys() {
        procs += 1;
        if let Some(TaskInfo { vm: Some(v), .. }) = task(pid) {
            anon_kb += v.rss_anon_kb;
            page_tables_kb += v.pte_kb;
        }
    }
    MemInfo {
        total_kb: usable as u64 * page_kb,
        free_kb: free as u64 * page_kb,
        available_kb: free as u64 * page_kb,
        cached_kb: 0,
        shmem_kb: 0,
        anon_kb,
        mapped_kb: 0,
        kernel_stack_kb: procs * KSTACK_KB,
        page_tables_kb,
        slab_kb: heap::usage().0 as u64 / 1024,
    }
}

/// Paging events: none are counted yet (every page is mapped at exec,
/// fork or mmap time, so there are no page faults to count).
pub fn vmstat() -> VmStat {
    VmStat {
        pgfault: 0,
        pgmajfault: 0,
        cow_fault: 0,
        cow_copy: 0,
        cow_reuse: 0,
        zero_fill: 0,
        file_fill: 0,
        pagecache_hit: 0,
        stack_grow: 0,
    }
}

pub fn loadavg() -> LoadAvg {
    let t = proc::table();
    LoadAvg {
        avg: [0; 3], // not computed yet
        running: t.values().filter(|p| matches!(p.state, State::Runnable | State::Running)).count(),
        total: t.len(),
        last_pid: t.keys().next_back().copied().unwrap_or(0),
    }
}

pub fn uptime_ns() -> u64 {
    timer::now_ns()
}
