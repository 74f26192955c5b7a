//! Open files: what a file descriptor refers to.
//!
//! A `File` is one open of something (a tree node, a device, one end of a
//! pipe) with its own offset and access mode. Descriptors hold it through
//! an `Rc`: dup and fork share it (and its offset), as on Linux; the file is
//! closed when the last descriptor goes (Drop), which for a pipe end is
//! what tells the other side (EOF, EPIPE).

use crate::fs::Dev;
use crate::sched;
use alloc::collections::VecDeque;
use alloc::rc::Rc;
use core::cell::{Cell, RefCell};

pub const O_APPEND: u32 = 0o2000;
pub const O_NONBLOCK: u32 = 0o4000;

/// The channel ppoll and pselect6 sleep on (syscall/poll.rs): woken by
/// every pipe and console event, as they wait on several files at once.
pub const POLL_CHAN: usize = 2;

/// Wake the readers and writers of a pipe, and pollers.
pub fn wake_pipe(p: &Pipe) {
    sched::wakeup(p.chan());
    sched::wakeup(POLL_CHAN);
}

/// How many bytes a pipe holds before writers block.
pub const PIPE_SIZE: usize = 4096;

pub struct Pipe {
    pub buf: RefCell<VecDeque<u8>>,
    pub readers: Cell<usize>,
    pub writers: Cell<usize>,
}

impl Pipe {
    /// The channel readers and writers sleep on.
    pub fn chan(&self) -> usize {
        self as *const Pipe as usize
    }
}

pub enum Object {
    Dev(Dev),
    /// A regular file or directory of the tree (by node index).
    Node(usize),
    PipeRead(Rc<Pipe>),
    PipeWrite(Rc<Pipe>),
    /// A /proc file: its text as of the open (fs/procfs/).
    ProcFile(crate::fs::procfs::ProcFile),
    /// A /proc directory: its entries as of the open.
    ProcDir(crate::fs::procfs::ProcDir),
}

pub struct File {
    pub object: Object,
    pub readable: bool,
    pub writable: bool,
    /// The file status flags (open's O_APPEND, O_NONBLOCK..., which
    /// fcntl F_GETFL reads and F_SETFL partly changes): shared by every
    /// descriptor of this open, as Linux's f_flags.
    pub flags: Cell<u32>,
    /// Byte offset (regular files), entry index (directories).
    pub offset: Cell<usize>,
}

impl File {
    pub fn new(object: Object, readable: bool, writable: bool) -> Rc<File> {
        match &object {
            Object::PipeRead(p) => p.readers.set(p.readers.get() + 1),
            Object::PipeWrite(p) => p.writers.set(p.writers.get() + 1),
            Object::Node(n) => crate::fs::opened(*n, true),
            _ => {}
        }
        Rc::new(File { object, readable, writable, flags: Cell::new(0), offset: Cell::new(0) })
    }

    /// Writes go to the end (O_APPEND).
    pub fn append(&self) -> bool {
        self.flags.get() & O_APPEND != 0
    }

    /// Reads and writes that would wait fail with EAGAIN (O_NONBLOCK).
    pub fn nonblock(&self) -> bool {
        self.flags.get() & O_NONBLOCK != 0
    }

    /// A new pipe: (read end, write end).
    pub fn pipe() -> (Rc<File>, Rc<File>) {
        let p = Rc::new(Pipe {
            buf: RefCell::new(VecDeque::new()),
            readers: Cell::new(0),
            writers: Cell::new(0),
        });
        (
            File::new(Object::PipeRead(p.clone()), true, false),
            File::new(Object::PipeWrite(p), false, true),
        )
    }

    /// The tree node behind this file, if any.
    pub fn node(&self) -> Option<usize> {
        match self.object {
            Object::Node(n) => Some(n),
            _ => None,
        }
    }
}

impl Drop for File {
    fn drop(&mut self) {
        match &self.object {
            Object::PipeRead(p) => {
                p.readers.set(p.readers.get() - 1);
                wake_pipe(p);
            }
            Object::PipeWrite(p) => {
                p.writers.set(p.writers.get() - 1);
                wake_pipe(p);
            }
            Object::Node(n) => crate::fs::opened(*n, false),
            _ => {}
        }
    }
}
