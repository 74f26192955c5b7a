//! /proc/PID/{status,stat,statm,cmdline,comm,maps}, as Linux prints them
//! (fs/proc/array.c, fs/proc/task_mmu.c, fs/proc/base.c).

use super::PidFile;
use crate::fs::procfs::procinfo::{MapEntry, TaskInfo};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// The fixed umask of syscall/file.rs, shown by status.
const UMASK: u32 = 0o022;
/// Linux's RLIM_INFINITY, stat's rsslim.
const RLIM_INFINITY: u64 = u64::MAX;
/// Pending-signal limit shown by status's SigQ.
const SIGQUEUE_MAX: u64 = 3785;
/// What every task may do: all capabilities (uid 0).
const CAP_FULL: u64 = 0x1ff_ffff_ffff;

pub fn render(t: &TaskInfo, f: PidFile) -> Vec<u8> {
    match f {
        PidFile::Status => status(t).into_bytes(),
        PidFile::Stat => stat(t).into_bytes(),
        PidFile::Statm => statm(t).into_bytes(),
        PidFile::Cmdline => {
            // A zombie has no memory left to read argv from.
            if t.vm.is_some() { t.cmdline.clone() } else { Vec::new() }
        }
        PidFile::Environ => t.environ.clone(),
        PidFile::Comm => {
            let mut v = Vec::from(t.comm.as_bytes());
            v.push(b'\n');
            v
        }
        PidFile::Maps => maps(t).into_bytes(),
        PidFile::Sched => super::sched::sched(t).into_bytes(),
    }
}

/// status's State: the letter and its word.
fn state_name(c: char) -> &'static str {
    match c {
        'R' => "R (running)",
        'S' => "S (sleeping)",
        'D' => "D (disk sleep)",
        'T' => "T (stopped)",
        't' => "t (tracing stop)",
        'X' => "X (dead)",
        'Z' => "Z (zombie)",
        'P' => "P (parked)",
        'I' => "I (idle)",
        _ => "R (running)",
    }
}

fn status(t: &TaskInfo) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Name:\t{}", t.comm);
    if t.vm.is_some() {
        let _ = writeln!(s, "Umask:\t{UMASK:04o}");
    }
    let _ = writeln!(s, "State:\t{}", state_name(t.state));
    let _ = writeln!(s, "Tgid:\t{}", t.tgid);
    let _ = writeln!(s, "Ngid:\t0");
    let _ = writeln!(s, "Pid:\t{}", t.pid);
    let _ = writeln!(s, "PPid:\t{}", t.ppid);
    let _ = writeln!(s, "TracerPid:\t0");
    let _ = writeln!(s, "Uid:\t0\t0\t0\t0");
    let _ = writeln!(s, "Gid:\t0\t0\t0\t0");
    let _ = writeln!(s, "FDSize:\t{}", t.fd_size);
    let _ = writeln!(s, "Groups:\t ");
    let _ = writeln!(s, "NStgid:\t{}", t.tgid);
    let _ = writeln!(s, "NSpid:\t{}", t.pid);
    let _ = writeln!(s, "NSpgid:\t{}", t.pgid);
    let _ = writeln!(s, "NSsid:\t{}", t.sid);
    let _ = writeln!(s, "Kthread:\t0");
    if let Some(v) = &t.vm {
        // Linux's task_mem(): "Name:\t" then the number in 8 columns.
        let lines: [(&str, u64); 15] = [
            ("VmPeak", v.peak_kb),
            ("VmSize", v.size_kb),
            ("VmLck", 0),
            ("VmPin", 0),
            ("VmHWM", v.hwm_kb),
            ("VmRSS", v.rss_kb),
            ("RssAnon", v.rss_anon_kb),
            ("RssFile", v.rss_file_kb),
            ("RssShmem", v.rss_shmem_kb),
            ("VmData", v.data_kb),
            ("VmStk", v.stk_kb),
            ("VmExe", v.exe_kb),
            ("VmLib", 0),
            ("VmPTE", v.pte_kb),
            ("VmSwap", 0),
        ];
        for (name, kb) in lines {
            let _ = writeln!(s, "{name}:\t{kb:>8} kB");
        }
        let _ = writeln!(s, "CoreDumping:\t0");
    }
    let _ = writeln!(s, "Threads:\t{}", t.threads);
    let _ = writeln!(s, "SigQ:\t0/{SIGQUEUE_MAX}");
    for (name, v) in ["SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt"].iter().zip(t.sigs) {
        let _ = writeln!(s, "{name}:\t{v:016x}");
    }
    let _ = writeln!(s, "CapInh:\t{:016x}", 0);
    for name in ["CapPrm", "CapEff", "CapBnd"] {
        let _ = writeln!(s, "{name}:\t{CAP_FULL:016x}");
    }
    let _ = writeln!(s, "CapAmb:\t{:016x}", 0);
    let _ = writeln!(s, "NoNewPrivs:\t0");
    let _ = writeln!(s, "Seccomp:\t0");
    let _ = writeln!(s, "Seccomp_filters:\t0");
    let _ = writeln!(s, "Speculation_Store_Bypass:\tunknown");
    let _ = writeln!(s, "SpeculationIndirectBranch:\tunknown");
    let _ = writeln!(s, "Cpus_allowed:\t1");
    let _ = writeln!(s, "Cpus_allowed_list:\t0");
    let _ = writeln!(s, "Mems_allowed:\t1");
    let _ = writeln!(s, "Mems_allowed_list:\t0");
    let _ = writeln!(s, "voluntary_ctxt_switches:\t{}", t.nvcsw);
    let _ = writeln!(s, "nonvoluntary_ctxt_switches:\t{}", t.nivcsw);
    s
}

/// The 52 fields of do_task_stat(), space-separated.
fn stat(t: &TaskInfo) -> String {
    let vm = t.vm.as_ref();
    let m = |f: fn(&crate::fs::procfs::procinfo::VmInfo) -> u64| vm.map_or(0, f);
    let mut s = String::new();
    let _ = write!(s, "{} ({}) {} {} {} {} ", t.pid, t.comm, t.state, t.ppid, t.pgid, t.sid);
    // tty_nr tpgid flags
    let _ = write!(s, "{} {} 0 ", t.tty_nr, t.tpgid);
    let _ = write!(s, "{} {} {} {} ", t.min_flt, t.cmin_flt, t.maj_flt, t.cmaj_flt);
    let _ = write!(s, "{} {} {} {} ", t.utime, t.stime, t.cutime, t.cstime);
    // priority nice num_threads itrealvalue starttime
    let _ = write!(s, "{} {} {} 0 {} ", t.priority, t.nice, t.threads, t.start_time);
    // vsize (bytes) rss (pages) rsslim
    let _ = write!(s, "{} {} {} ", m(|v| v.size_kb * 1024), m(|v| v.rss_kb / 4), RLIM_INFINITY);
    // startcode endcode startstack kstkesp kstkeip
    let _ =
        write!(s, "{} {} {} 0 0 ", m(|v| v.start_code), m(|v| v.end_code), m(|v| v.start_stack));
    // signal blocked sigignore sigcatch (obsolete: use status) wchan nswap cnswap
    let _ = write!(s, "0 0 0 0 0 0 0 ");
    // exit_signal processor rt_priority policy delayacct_blkio_ticks guest_time cguest_time
    let _ = write!(s, "{} 0 0 0 0 0 0 ", t.exit_signal);
    let _ = write!(
        s,
        "{} {} {} {} {} {} {} ",
        m(|v| v.start_data),
        m(|v| v.end_data),
        m(|v| v.start_brk),
        m(|v| v.arg_start),
        m(|v| v.arg_end),
        m(|v| v.env_start),
        m(|v| v.env_end)
    );
    let _ = writeln!(s, "{}", t.exit_code);
    s
}

/// size resident shared text lib data dt, in pages.
fn statm(t: &TaskInfo) -> String {
    let Some(v) = &t.vm else { return String::from("0 0 0 0 0 0 0\n") };
    let page_up = |x: u64| (x + 4095) & !4095;
    let text = (page_up(v.end_code) - (v.start_code & !4095)) / 4096;
    let shared = (v.rss_file_kb + v.rss_shmem_kb) / 4;
    let data = (v.data_kb + v.stk_kb) / 4;
    alloc::format!("{} {} {} {} 0 {} 0\n", v.size_kb / 4, v.rss_kb / 4, shared, text, data)
}

/// One line as show_map_vma() prints it: the fields, then (if the region
/// has a name) spaces up to column 73 and the name; anonymous regions end
/// in the space after the inode.
fn map_line(s: &mut String, e: &MapEntry) {
    let start = s.len();
    let perms = core::str::from_utf8(&e.perms).unwrap_or("----");
    let _ = write!(
        s,
        "{:08x}-{:08x} {} {:08x} {:02x}:{:02x} {} ",
        e.start, e.end, perms, e.offset, e.dev.0, e.dev.1, e.inode
    );
    if !e.path.is_empty() {
        // seq_setwidth(25 + 6 * sizeof(void *) - 1), then seq_pad(' ').
        while s.len() - start < 72 {
            s.push(' ');
        }
        s.push(' ');
        s.push_str(&e.path);
    }
    s.push('\n');
}

fn maps(t: &TaskInfo) -> String {
    let mut s = String::new();
    if let Some(v) = &t.vm {
        for e in &v.maps {
            map_line(&mut s, e);
        }
    }
    s
}
