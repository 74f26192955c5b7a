//! Jobs and job control (POSIX `set -m`, on in an interactive shell whose
//! standard input is a terminal).
//!
//! - A job is a pipeline run in the foreground, or an and-or list run with
//!   `&`. With job control, each job is a process group of its own (pgid =
//!   its first process's pid; setpgid is called in the child and in the
//!   parent, so whichever runs first, the group exists before anyone looks).
//! - A foreground job gets the terminal (`tcsetpgrp(0, pgid)`), so ^C, ^Z
//!   and ^\ typed at the console go to it alone; the shell waits with
//!   WUNTRACED and takes the terminal back when the job ends or stops.
//! - The shell itself ignores SIGTSTP, SIGTTIN and SIGTTOU; its children
//!   put them back to the default before execve.
//! - `jobs`, `fg`, `bg` and `kill %N` work on the job table. The current
//!   job (`+`) is the one stopped or started most recently, `-` the one
//!   before.
//!
//! Without job control (sh -c, scripts, stdin not a terminal) the table
//! only keeps background jobs, for `jobs` and the "Done" reports.

use crate::lexer::{Param, Part, Word};
use crate::parser::{AndOr, Connector, Pipeline};
use ulib::prelude::*;
use ulib::process::{WNOHANG, WUNTRACED, WaitStatus, wait4};
use ulib::sigaction::{SIG_DFL, SIG_IGN, set_disposition};
use ulib::sighandler::{setpgid, tcgetpgrp, tcsetpgrp};
use ulib::signal::{SIGCONT, SIGHUP, SIGTSTP, SIGTTIN, SIGTTOU, description, kill};

/// Standard input: the terminal the shell controls.
const TTY: i32 = 0;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum State {
    Running,
    /// Stopped by this signal.
    Stopped(i32),
    /// Every process has ended; the last one's status.
    Done(WaitStatus),
}

pub struct Job {
    /// `%N`.
    pub id: usize,
    pub pgid: i32,
    /// Its processes.
    pub procs: Vec<Proc>,
    pub state: State,
    /// The command as typed (near enough), for `jobs`.
    pub text: String,
    /// Started with `&` or `bg` (shown with " &" while running).
    pub background: bool,
    /// Recency, for `+` and `-`.
    seq: u64,
    /// Its stop was already reported (so `jobs` does not repeat it at the
    /// prompt).
    notified: bool,
}

pub struct Proc {
    pub pid: i32,
    /// Stopped by this signal (and not continued since).
    pub stopped: Option<i32>,
    /// Its wait status once it ended.
    pub ended: Option<WaitStatus>,
}

#[derive(Default)]
pub struct Jobs {
    list: Vec<Job>,
    seq: u64,
    /// Job control is on: the shell's process group, the terminal's
    /// foreground group when the shell reads commands.
    pub shell_pgid: Option<i32>,
}

impl Jobs {
    /// Turns job control on if standard input is a terminal whose
    /// foreground group can be set (ENOTTY under qemu-user with a pipe:
    /// then silently off). The shell leads its own group and takes the
    /// terminal.
    pub fn enable(&mut self, pid: i32) {
        if tcgetpgrp(TTY).is_err() {
            return;
        }
        for sig in [SIGTSTP, SIGTTIN, SIGTTOU] {
            let _ = set_disposition(sig, SIG_IGN);
        }
        let _ = setpgid(0, 0); // fails if we lead a session: already our group
        let pgid = ulib::sighandler::getpgid(0).unwrap_or(pid);
        if tcsetpgrp(TTY, pgid).is_err() {
            for sig in [SIGTSTP, SIGTTIN, SIGTTOU] {
                let _ = set_disposition(sig, SIG_DFL);
            }
            return;
        }
        self.shell_pgid = Some(pgid);
    }

    pub fn enabled(&self) -> bool {
        self.shell_pgid.is_some()
    }

    /// In a forked child: no job control of its own (subshells of `&`,
    /// pipeline members), and the default stop signals for what it execs.
    pub fn forget_all(&mut self) {
        self.list.clear();
        if self.shell_pgid.take().is_some() {
            for sig in [SIGTSTP, SIGTTIN, SIGTTOU] {
                let _ = set_disposition(sig, SIG_DFL);
            }
        }
    }

    /// In a child, right after fork: joins process group `pgid` (0: a
    /// new one led by the child), takes the terminal if `foreground`,
    /// then drops the shell's job control.
    pub fn child_setup(&mut self, pgid: i32, foreground: bool) {
        if self.enabled() {
            let _ = setpgid(0, pgid);
            if foreground {
                let g = if pgid == 0 { ulib::process::getpid() } else { pgid };
                let _ = tcsetpgrp(TTY, g);
            }
        }
        self.forget_all();
    }

    /// In the parent, after forking `pid` for group `pgid` (0: `pid` leads).
    pub fn parent_setup(&self, pid: i32, pgid: i32) {
        if self.enabled() {
            let _ = setpgid(pid, if pgid == 0 { pid } else { pgid });
        }
    }

    /// Adds a job; returns its number.
    pub fn add(&mut self, pgid: i32, pids: &[i32], text: String, background: bool) -> usize {
        let id = self.list.iter().map(|j| j.id).max().unwrap_or(0) + 1;
        self.seq += 1;
        self.list.push(Job {
            id,
            pgid,
            procs: pids.iter().map(|&pid| Proc { pid, stopped: None, ended: None }).collect(),
            state: State::Running,
            text,
            background,
            seq: self.seq,
            notified: false,
        });
        id
    }

    pub fn get(&self, id: usize) -> Option<&Job> {
        self.list.iter().find(|j| j.id == id)
    }

    fn get_mut(&mut self, id: usize) -> Option<&mut Job> {
        self.list.iter_mut().find(|j| j.id == id)
    }

    pub fn remove(&mut self, id: usize) {
        self.list.retain(|j| j.id != id);
    }

    /// `+` for the current job, `-` for the previous one, else ' '.
    fn mark(&self, id: usize) -> char {
        let mut by_recency: Vec<&Job> = self.list.iter().collect();
        by_recency.sort_by(|a, b| b.seq.cmp(&a.seq));
        match by_recency.iter().position(|j| j.id == id) {
            Some(0) => '+',
            Some(1) => '-',
            _ => ' ',
        }
    }

    /// The job `%N`, `%+`, `%%`, `%-`, or the current job for None.
    pub fn find(&self, spec: Option<&[u8]>) -> Result<usize, String> {
        let mut by_recency: Vec<&Job> = self.list.iter().collect();
        by_recency.sort_by(|a, b| b.seq.cmp(&a.seq));
        let pick = |n: usize| by_recency.get(n).map(|j| j.id);
        let found = match spec {
            None | Some(b"%" | b"%%" | b"%+") => pick(0),
            Some(b"%-") => pick(1),
            Some(s) => {
                let digits = s.strip_prefix(b"%").unwrap_or(s);
                core::str::from_utf8(digits)
                    .ok()
                    .and_then(|d| d.parse::<usize>().ok())
                    .filter(|&n| self.get(n).is_some())
            }
        };
        found.ok_or_else(|| match spec {
            None => String::from("current: no such job"),
            Some(s) => format!("{}: no such job", Bytes(s)),
        })
    }

    /// Records the wait status of `pid`; true if it was one of ours. A
    /// job is stopped when all its live processes are, done when all ended
    /// (its status is its last process's).
    fn note(&mut self, pid: i32, st: WaitStatus) -> bool {
        self.seq += 1;
        let seq = self.seq;
        let Some(job) = self.list.iter_mut().find(|j| j.procs.iter().any(|p| p.pid == pid)) else {
            return false;
        };
        for p in job.procs.iter_mut().filter(|p| p.pid == pid) {
            if st.stopped() {
                p.stopped = Some(st.stop_signal());
            } else if st.continued() {
                p.stopped = None;
            } else {
                p.stopped = None;
                p.ended = Some(st);
            }
        }
        let live: Vec<&Proc> = job.procs.iter().filter(|p| p.ended.is_none()).collect();
        if live.is_empty() {
            let last = job.procs.last().and_then(|p| p.ended).unwrap_or(st);
            job.state = State::Done(last);
        } else if let Some(sig) = live.iter().map(|p| p.stopped).collect::<Option<Vec<i32>>>() {
            let sig = sig[0];
            if !matches!(job.state, State::Stopped(_)) {
                job.seq = seq;
                job.notified = false;
            }
            job.state = State::Stopped(sig);
        } else {
            job.state = State::Running;
        }
        true
    }

    /// Continues job `id` (SIGCONT to its group), now running.
    fn resume(&mut self, id: usize) {
        let Some(job) = self.get_mut(id) else { return };
        job.state = State::Running;
        for p in job.procs.iter_mut() {
            p.stopped = None;
        }
        let _ = kill(-job.pgid, SIGCONT);
    }

    /// `wait` (the builtin) collected `pid`: a job whose processes all
    /// ended leaves the table without a report.
    pub fn forget_pid(&mut self, pid: i32) {
        if self.note(pid, WaitStatus(0)) {
            self.list.retain(|j| !matches!(j.state, State::Done(_)));
        }
    }

    /// Collects every child that changed state, without blocking.
    pub fn poll(&mut self) {
        while !self.list.is_empty() {
            match wait4(-1, WNOHANG | WUNTRACED) {
                Ok((pid, st)) if pid > 0 => {
                    self.note(pid, st);
                }
                _ => break,
            }
        }
    }

    /// Waits for foreground job `id` to end or stop, with the terminal
    /// given to it if job control is on; takes the terminal back. Returns
    /// the job's final wait status (a stop status if it stopped; the job
    /// then stays in the table, and is reported as bash does).
    pub fn wait_foreground(&mut self, id: usize) -> WaitStatus {
        let Some(pgid) = self.get(id).map(|j| j.pgid) else { return WaitStatus(0) };
        if self.enabled() {
            let _ = tcsetpgrp(TTY, pgid);
        }
        let status = loop {
            match self.get(id).map(|j| j.state) {
                Some(State::Running) => {}
                Some(State::Stopped(sig)) => break WaitStatus(0x7f | sig << 8),
                Some(State::Done(st)) => break st,
                None => break WaitStatus(0),
            }
            match wait4(-1, WUNTRACED) {
                Ok((pid, st)) => {
                    self.note(pid, st);
                }
                Err(Errno::EINTR) => {}
                Err(_) => {
                    // No children left: whatever is still "running" is gone.
                    if let Some(j) = self.get_mut(id) {
                        j.state = State::Done(WaitStatus(1 << 8));
                    }
                }
            }
        };
        if let Some(g) = self.shell_pgid {
            let _ = tcsetpgrp(TTY, g);
        }
        if status.stopped() {
            eprintln!();
            self.report(id);
            if let Some(j) = self.get_mut(id) {
                j.notified = true;
                j.background = false;
            }
        } else {
            self.remove(id);
        }
        status
    }

    /// `fg`: continues job `id` in the foreground.
    pub fn foreground(&mut self, id: usize) -> WaitStatus {
        let Some(job) = self.get_mut(id) else { return WaitStatus(1 << 8) };
        eprintln!("{}", job.text);
        job.background = false;
        let pgid = job.pgid;
        if self.enabled() {
            let _ = tcsetpgrp(TTY, pgid);
        }
        self.resume(id);
        self.wait_foreground(id)
    }

    /// `bg`: continues stopped job `id` in the background.
    pub fn background(&mut self, id: usize) {
        let mark = self.mark(id);
        let Some(job) = self.get_mut(id) else { return };
        if job.state == State::Running && job.background {
            eprintln!("sh: bg: job {} already in background", id);
            return;
        }
        job.background = true;
        eprintln!("[{}]{} {} &", id, mark, job.text);
        self.resume(id);
    }

    /// `kill -SIG %N`: to the whole group, and a stopped group is
    /// continued so it can act on the signal (as bash does).
    pub fn signal(&mut self, id: usize, sig: i32) -> Result<(), Errno> {
        let Some(job) = self.get(id) else { return Err(Errno::ESRCH) };
        let pgid = job.pgid;
        let stopped = matches!(job.state, State::Stopped(_));
        kill(-pgid, sig)?;
        if stopped && sig != SIGCONT && sig != ulib::signal::SIGSTOP && sig != SIGTSTP {
            let _ = kill(-pgid, SIGCONT);
        }
        Ok(())
    }

    /// One line about job `id`: `[1]+  Stopped                 sleep 100`.
    fn report(&self, id: usize) {
        let Some(job) = self.get(id) else { return };
        let (what, amp) = match job.state {
            State::Running => (String::from("Running"), job.background),
            State::Stopped(sig) => (String::from(description(sig)), false),
            State::Done(st) if st.signaled() => (String::from(description(st.term_signal())), false),
            State::Done(st) if st.exit_status() == 0 => (String::from("Done"), false),
            State::Done(st) => (format!("Exit {}", st.exit_status()), false),
        };
        let amp = if amp { " &" } else { "" };
        eprintln!("[{}]{}  {:<24}{}{}", job.id, self.mark(id), what, job.text, amp);
    }

    /// `jobs`: every job; the ended ones leave the table.
    pub fn list_all(&mut self) {
        self.poll();
        let mut ids: Vec<usize> = self.list.iter().map(|j| j.id).collect();
        ids.sort();
        for id in ids {
            self.report(id);
            if let Some(j) = self.get_mut(id) {
                j.notified = true;
            }
        }
        self.list.retain(|j| !matches!(j.state, State::Done(_)));
    }

    /// Before a prompt: reports background jobs that ended, and jobs that
    /// stopped since the last report.
    pub fn notify(&mut self) {
        self.poll();
        let mut ids: Vec<usize> = self
            .list
            .iter()
            .filter(|j| match j.state {
                State::Done(_) => true,
                State::Stopped(_) => !j.notified,
                State::Running => false,
            })
            .map(|j| j.id)
            .collect();
        ids.sort();
        for id in ids {
            self.report(id);
            if let Some(j) = self.get_mut(id) {
                j.notified = true;
            }
        }
        self.list.retain(|j| !matches!(j.state, State::Done(_)));
    }

    /// The shell is leaving: stopped jobs would stay stopped forever, so
    /// they get SIGHUP and SIGCONT (what Linux does to an orphaned group).
    pub fn hang_up_stopped(&mut self) {
        for job in &self.list {
            if matches!(job.state, State::Stopped(_)) {
                let _ = kill(-job.pgid, SIGHUP);
                let _ = kill(-job.pgid, SIGCONT);
            }
        }
    }
}

/// A word as typed (near enough): literals as they are, parameters as
/// `$NAME`; a quoted word in '...' (or "..." if it has parameters).
fn word_text(w: &Word, out: &mut String) {
    let q = match w.quoted {
        false => "",
        true if w.parts.iter().all(|p| matches!(p, Part::Lit(_))) => "'",
        true => "\"",
    };
    out.push_str(q);
    word_parts_text(w, out);
    out.push_str(q);
}

fn word_parts_text(w: &Word, out: &mut String) {
    for part in &w.parts {
        match part {
            Part::Lit(s) => out.push_str(&String::from_utf8_lossy(s)),
            Part::Param(p) => match p {
                Param::Status => out.push_str("$?"),
                Param::Pid => out.push_str("$$"),
                Param::LastBackground => out.push_str("$!"),
                Param::Count => out.push_str("$#"),
                Param::Positional(n) => out.push_str(&format!("${}", n)),
                Param::Var(v) => out.push_str(&format!("${}", String::from_utf8_lossy(v))),
                Param::Home => out.push('~'),
            },
        }
    }
}

pub fn pipeline_text(p: &Pipeline) -> String {
    let mut out = String::new();
    if p.negate {
        out.push_str("! ");
    }
    for (i, c) in p.commands.iter().enumerate() {
        if i > 0 {
            out.push_str(" | ");
        }
        let mut first = true;
        for w in &c.words {
            if !first {
                out.push(' ');
            }
            first = false;
            word_text(w, &mut out);
        }
        for r in &c.redirects {
            if !first {
                out.push(' ');
            }
            first = false;
            let op = match r.op {
                crate::lexer::RedirOp::In => "<",
                crate::lexer::RedirOp::Out => ">",
                crate::lexer::RedirOp::Append => ">>",
                crate::lexer::RedirOp::DupOut => ">&",
                crate::lexer::RedirOp::DupIn => "<&",
            };
            let input = matches!(r.op, crate::lexer::RedirOp::In | crate::lexer::RedirOp::DupIn);
            let default_fd = if input { 0 } else { 1 };
            if r.fd != default_fd {
                out.push_str(&format!("{}", r.fd));
            }
            out.push_str(op);
            word_text(&r.target, &mut out);
        }
    }
    out
}

pub fn and_or_text(ao: &AndOr) -> String {
    let mut out = pipeline_text(&ao.first);
    for (conn, p) in &ao.rest {
        out.push_str(match conn {
            Connector::And => " && ",
            Connector::Or => " || ",
        });
        out.push_str(&pipeline_text(p));
    }
    out
}
