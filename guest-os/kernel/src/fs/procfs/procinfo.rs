//! Snapshots of kernel state for /proc (fs/procfs/): plain data, no
//! formatting. procfs/ renders these in Linux's formats; the functions
//! here are the only place that reads the process table, the address
//! spaces and the frame allocator on /proc's behalf, so a change in those
//! (threads, demand paging, copy-on-write, accounting) is one change here.
//!
//! Values this kernel does not track yet are 0 (said where they are set).

use crate::mm::aspace::Rss;
use crate::mm::frame::{self, PAGE_SIZE, page_down};
use crate::mm::vma::{Backing, VmaKind};
use crate::proc::{self, Proc, State};
use crate::{dev::timer, mm::heap, mm::kstack, mm::pagecache, mm::vm};
use alloc::string::String;
use alloc::vec::Vec;

/// What /proc/PID/sched shows (Linux's scheduler debug output).
pub struct SchedInfo {
    pub exec_start_ns: u64,
    pub vruntime_ns: u64,
    pub sum_exec_runtime_ns: u64,
    /// CFS weight (sched_prio_to_weight).
    pub weight: u32,
}

/// One task (thread) of the process table, as /proc/PID/{stat,status} show it.
pub struct TaskInfo {
    pub sched: SchedInfo,
    /// The controlling terminal (Linux's tty_nr: major << 8 | minor; 0 for
    /// none) and its foreground process group (-1 for none).
    pub tty_nr: u32,
    pub tpgid: i32,
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
    /// NUL-separated environment.
    pub environ: Vec<u8>,
    /// The program's path (/proc/PID/exe); None for kernel threads and zombies.
    pub exe: Option<String>,
    /// Open descriptors and what each refers to, as /proc/PID/fd/N's
    /// link target: a path, "pipe:[INODE]", "/dev/console".
    pub fds: Vec<(usize, String)>,
    /// Threads of the group, for /proc/PID/task.
    pub tids: Vec<i32>,
    /// Signal sets (status's SigPnd ShdPnd SigBlk SigIgn SigCgt).
    pub sigs: [u64; 5],
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
    /// The buffer cache (fs/buffer.rs): disk metadata blocks.
    pub buffers_kb: u64,
    /// File pages and metadata blocks waiting to be written to the disk.
    pub dirty_kb: u64,
    pub shmem_kb: u64,
    pub anon_kb: u64,
    pub mapped_kb: u64,
    pub kernel_stack_kb: u64,
    pub page_tables_kb: u64,
    /// Kernel heap in use.
    pub slab_kb: u64,
    /// The commit charge and its strict-mode limit (commit.rs).
    pub committed_kb: u64,
    pub commit_limit_kb: u64,
}

/// Event counters since boot (/proc/vmstat): the page-fault handler's
/// own counters, already plain data.
pub use crate::mm::fault::Counters as VmStat;

/// /proc/loadavg's numbers.
pub struct LoadAvg {
    /// 1, 5 and 15 minute load averages, times 100.
    pub avg: [u64; 3],
    pub running: usize,
    pub total: usize,
    pub last_pid: i32,
}

// --- providers ---------------------------------------------------------------

/// Thread-group leaders, ascending (what /proc lists).
pub fn pids() -> Vec<i32> {
    proc::table()
        .values()
        .filter(|p| p.is_leader() && p.state != State::Dead)
        .map(|p| p.pid)
        .collect()
}

/// mtime ticks as USER_HZ (100 Hz) clock ticks.
fn clock_ticks(mtime: u64) -> u64 {
    mtime * 100 / timer::timebase().max(1)
}

/// Task `pid` (any tid works, as Linux resolves /proc/TID too).
pub fn task(pid: i32) -> Option<TaskInfo> {
    let p = proc::get(pid)?;
    if p.state == State::Dead {
        return None;
    }
    let comm: String = p
        .name
        .chars()
        .scan(0, |n, c| {
            *n += c.len_utf8();
            (*n <= 15).then_some(c)
        })
        .collect();
    let zombie = p.state == State::Zombie;
    let tids: Vec<i32> =
        proc::threads_of(p.tgid).filter(|t| t.state != State::Dead).map(|t| t.pid).collect();
    let a = &p.aspace;
    let mut cmdline = alloc::vec![0u8; a.arg_end.saturating_sub(a.arg_start).min(4096)];
    if zombie || !vm::peek(a.pagetable(), a.arg_start, &mut cmdline) {
        cmdline.clear();
    }
    let mut environ = alloc::vec![0u8; a.env_end.saturating_sub(a.env_start).min(4096)];
    if zombie || !vm::peek(a.pagetable(), a.env_start, &mut environ) {
        environ.clear();
    }
    let exe = if zombie { None } else { a.exe.as_deref().map(String::from) };
    let fds = if zombie { Vec::new() } else { fd_targets(p) };
    Some(TaskInfo {
        pid: p.pid,
        tgid: p.tgid,
        ppid: p.parent,
        pgid: p.pgid,
        sid: p.sid,
        comm,
        state: p.state.letter(),
        threads: tids.len(),
        min_flt: p.min_flt,
        maj_flt: p.maj_flt,
        cmin_flt: p.cmin_flt,
        cmaj_flt: p.cmaj_flt,
        utime: p.utime_ns / 10_000_000, // USER_HZ ticks
        stime: p.stime_ns() / 10_000_000,
        cutime: p.cutime_ns / 10_000_000,
        cstime: p.cstime_ns / 10_000_000,
        start_time: clock_ticks(p.start_time),
        nice: p.se.nice,
        priority: 20 + p.se.nice,
        // Everyone in init's session has the console (5, 1) as
        // controlling terminal; setsid leaves it.
        tty_nr: if p.sid == proc::INIT_PID { (5 << 8) | 1 } else { 0 },
        tpgid: if p.sid == proc::INIT_PID { crate::dev::console::fg_pgrp() } else { -1 },
        sched: SchedInfo {
            exec_start_ns: p.se.exec_start,
            vruntime_ns: p.se.vruntime,
            sum_exec_runtime_ns: p.se.sum_exec_runtime,
            weight: p.se.weight,
        },
        nvcsw: p.nvcsw,
        nivcsw: p.nivcsw,
        exit_signal: p.exit_signal,
        exit_code: if zombie { p.wait_status } else { 0 },
        fd_size: crate::fs::fd::MAX_FDS,
        vm: (!zombie && !p.kthread).then(|| vm_info(p)),
        cmdline,
        environ,
        exe,
        fds,
        tids,
        sigs: sig_sets(p),
    })
}

/// What each open descriptor of `p` refers to, as Linux's fd links say.
fn fd_targets(p: &Proc) -> Vec<(usize, String)> {
    use crate::fs::file::Object;
    (0..crate::fs::fd::MAX_FDS)
        .filter_map(|fd| {
            let f = p.fds.get(fd as u64)?;
            let target = match &f.object {
                Object::Dev(d) => String::from(d.path()),
                Object::Node(n) => {
                    crate::fs::path_of(*n).unwrap_or_else(|| String::from("(deleted)"))
                }
                Object::PipeRead(pipe) | Object::PipeWrite(pipe) => {
                    alloc::format!(
                        "pipe:[{}]",
                        alloc::rc::Rc::as_ptr(pipe) as usize >> 4 & 0xffff_ffff
                    )
                }
                Object::ProcFile(_) | Object::ProcDir(_) => String::from("/proc"),
            };
            Some((fd, target))
        })
        .collect()
}

fn sig_sets(p: &Proc) -> [u64; 5] {
    let shared = proc::get(p.tgid).map_or(0, |l| l.sig_shared);
    let (mut ign, mut cgt) = (0, 0);
    for (i, a) in p.sighand.actions.iter().enumerate() {
        match a.handler {
            crate::signal::SIG_DFL => {}
            crate::signal::SIG_IGN => ign |= 1u64 << i,
            _ => cgt |= 1u64 << i,
        }
    }
    [p.sig_pending, shared, p.sig_blocked, ign, cgt]
}

fn vm_info(p: &Proc) -> VmInfo {
    let a = &p.aspace;
    let kb = |bytes: usize| (bytes / 1024) as u64;
    let pkb = |pages: usize| (pages * PAGE_SIZE / 1024) as u64;
    let mut v = VmInfo {
        peak_kb: pkb(a.peak_vm),
        size_kb: pkb(a.total_vm),
        hwm_kb: pkb(a.hiwater_rss),
        rss_kb: pkb(a.rss_total()),
        rss_anon_kb: pkb(a.rss[Rss::Anon as usize]),
        rss_file_kb: pkb(a.rss[Rss::File as usize]),
        rss_shmem_kb: pkb(a.rss[Rss::Shmem as usize]),
        data_kb: 0,
        stk_kb: 0,
        exe_kb: kb(a.end_code.saturating_sub(page_down(a.start_code))),
        pte_kb: pkb(a.pt_pages),
        start_code: a.start_code as u64,
        end_code: a.end_code as u64,
        start_data: a.start_data as u64,
        end_data: a.end_data as u64,
        start_brk: a.brk_start as u64,
        brk: a.brk as u64,
        start_stack: a.start_stack as u64,
        arg_start: a.arg_start as u64,
        arg_end: a.arg_end as u64,
        env_start: a.env_start as u64,
        env_end: a.env_end as u64,
        maps: Vec::new(),
    };
    for (&start, vma) in &a.vmas {
        let len = vma.end - start;
        let (r, w, x) =
            (vma.perm & vm::PTE_R != 0, vma.perm & vm::PTE_W != 0, vma.perm & vm::PTE_X != 0);
        let shared = matches!(vma.backing, Backing::Shm { .. });
        // Linux: VmStk is the stack, VmData every other private writable area.
        if vma.kind == VmaKind::Stack {
            v.stk_kb += kb(len);
        } else if w && !shared {
            v.data_kb += kb(len);
        }
        let (offset, dev, inode) = match &vma.backing {
            Backing::File { node, offset, .. } => (*offset as u64, (0, 1), *node as u64 + 1),
            Backing::Shm { pgoff, .. } => ((pgoff * PAGE_SIZE) as u64, (0, 1), 0),
            Backing::Anon => (0, (0, 0), 0),
        };
        let flag = |on: bool, c: u8| if on { c } else { b'-' };
        v.maps.push(MapEntry {
            start: start as u64,
            end: vma.end as u64,
            perms: [flag(r, b'r'), flag(w, b'w'), flag(x, b'x'), if shared { b's' } else { b'p' }],
            offset,
            dev,
            inode,
            path: vma.name(),
        });
    }
    v
}

/// The thread group of the running task (/proc/self).
pub fn current_tgid() -> i32 {
    proc::current().tgid
}

/// The running task (/proc/thread-self).
pub fn current_tid() -> i32 {
    proc::current().pid
}

/// System memory. Anonymous memory is what is in use and is nothing else
/// the kernel can name (page cache, shm, page tables, kernel stacks), so
/// a page shared copy-on-write counts once, as in Linux's AnonPages.
pub fn meminfo() -> MemInfo {
    let (free, usable) = frame::stats();
    let page_kb = PAGE_SIZE as u64 / 1024;
    let cached = pagecache::pages() as u64;
    let shmem = crate::mm::vma::shm_pages() as u64;
    let page_tables: u64 = distinct_mms().iter().map(|&pages| pages as u64).sum();
    let kernel_stack_kb = kstack::in_use_kb() as u64;
    let used = (usable - free) as u64;
    let (buffers, dirty_buffers) = crate::fs::buffer::counts();
    let (buffers, dirty_buffers) = (buffers as u64, dirty_buffers as u64);
    let other = cached + buffers + shmem + page_tables + kernel_stack_kb / page_kb;
    MemInfo {
        total_kb: usable as u64 * page_kb,
        free_kb: free as u64 * page_kb,
        // Free RAM plus the page cache, which can be dropped when needed.
        available_kb: (free as u64 + pagecache::unmapped() as u64) * page_kb,
        cached_kb: (cached + shmem) * page_kb, // Linux counts shmem in Cached
        buffers_kb: buffers * page_kb,
        dirty_kb: (pagecache::dirty() as u64 + dirty_buffers) * page_kb,
        shmem_kb: shmem * page_kb,
        anon_kb: used.saturating_sub(other) * page_kb,
        mapped_kb: pagecache::mapped() as u64 * page_kb,
        kernel_stack_kb,
        page_tables_kb: page_tables * page_kb,
        slab_kb: heap::usage().0 as u64 / 1024,
        committed_kb: crate::mm::commit::committed() as u64 * page_kb,
        commit_limit_kb: crate::mm::commit::limit() as u64 * page_kb,
    }
}

/// Page-table pages of every address space, each counted once.
fn distinct_mms() -> Vec<usize> {
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for p in proc::table().values() {
        let id = p.aspace.id();
        if !seen.iter().any(|&(i, _)| i == id) {
            seen.push((id, p.aspace.pt_pages));
        }
    }
    seen.into_iter().map(|(_, n)| n).collect()
}

/// Paging events since boot (fault.rs's counters).
pub fn vmstat() -> VmStat {
    crate::mm::fault::counters()
}

pub fn loadavg() -> LoadAvg {
    let t = proc::table();
    LoadAvg {
        avg: [0, 1, 2].map(crate::sched::stats::load_hundredths),
        running: crate::sched::cfs::nr_running(!crate::sched::current().is_null()),
        total: t.values().filter(|p| p.state != State::Dead).count(),
        last_pid: crate::proc::pid::last(),
    }
}

pub fn uptime_ns() -> u64 {
    timer::now_ns()
}

/// /proc/stat's numbers, in USER_HZ ticks and counts.
pub struct CpuStat {
    pub user: u64,
    pub nice: u64,
    pub system: u64,
    pub idle: u64,
    pub iowait: u64,
    pub ctxt: u64,
    pub processes: u64,
    pub running: usize,
    pub blocked: usize,
}

pub fn cpustat() -> CpuStat {
    let s = crate::sched::stats::get();
    let up = timer::now_ns();
    let tick = |ns: u64| ns / 10_000_000;
    let t = proc::table();
    CpuStat {
        user: tick(s.user_ns - s.nice_ns),
        nice: tick(s.nice_ns),
        system: tick(s.exec_ns.saturating_sub(s.user_ns)),
        idle: tick(up.saturating_sub(s.exec_ns).saturating_sub(s.iowait_ns)),
        iowait: tick(s.iowait_ns),
        ctxt: s.ctxt,
        processes: s.forks,
        running: crate::sched::cfs::nr_running(!crate::sched::current().is_null()),
        blocked: t.values().filter(|p| p.state == State::DiskSleep).count(),
    }
}
