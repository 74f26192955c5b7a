//! Which processes a request shows, as procps's select.c decides:
//!
//! ```text
//! ps, ps -f, ps -l   yours (same effective uid) on your terminal
//! -e, -A             every process                 ax, aux   every process
//! a (BSD)            every process with a terminal x (BSD)   yours, with or without one
//! -a                 with a terminal, not session leaders
//! -d                 not session leaders           u alone   yours with a terminal
//! -p LIST, PID...    those (in addition to a/x/-a/-d, or alone)
//! ```
//!
//! The simple selections are procps's bit table: a process gets an index
//! from four facts (ours, session leader, without a terminal, on our
//! terminal) and is selected if that bit of the table is set.

use super::info::{Proc, System};

/// The selection options of the command line.
#[derive(Clone, Copy, Default)]
pub struct Selection {
    pub all: bool,    // -e, -A (or BSD a and x together)
    pub bsd_a: bool,  // a
    pub bsd_x: bool,  // x
    pub unix_a: bool, // -a
    pub unix_d: bool, // -d
    pub bsd: bool,    // some BSD option was given
}

/// The table of procps's select_bits_setup for these options.
fn table(s: &Selection) -> u16 {
    match (s.unix_a, s.unix_d, s.bsd_a, s.bsd_x) {
        (true, true, ..) => 0x3f3f,
        (true, false, ..) => 0x0303,
        (false, true, ..) => 0x3333,
        (false, false, true, false) => 0x0f0f,
        (false, false, false, true) => 0xaaaa,
        (false, false, true, true) => 0xffff,
        (false, false, false, false) if s.bsd => 0x0a0a,
        (false, false, false, false) => 0xaa00,
    }
}

/// Does the request show `p`? (`pids`: the -p/PID list.)
pub fn wanted(s: &Selection, pids: &[i32], p: &Proc, sys: &System) -> bool {
    if s.all {
        return true;
    }
    let simple = s.bsd_a || s.bsd_x || s.unix_a || s.unix_d;
    if (simple || pids.is_empty()) && {
        let st = &p.stat;
        let index = (p.euid == Some(sys.my_euid)) as u16
            | ((st.session == p.tgid) as u16) << 1
            | ((st.tty_nr == 0) as u16) << 2
            | ((st.tty_nr == sys.my_tty) as u16) << 3;
        table(s) & (1 << index) != 0
    } {
        return true;
    }
    pids.contains(&p.tgid)
}
