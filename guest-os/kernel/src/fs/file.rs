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
    pub append: bool,
    /// Byte offset (regular files), entry index (directories).
    pub offset: Cell<usize>,
}

impl File {
    pub fn new(object: Object, readable: bool, writable: bool) -> Rc<File> {
        match &object {
            Object::PipeRead(p) => p.readers.set(p.readers.get() + 1),
            Object::PipeWrite(p) => p.writers.set(p.writers.get() + 1),
            _ => {}
        }
        Rc::new(File { object, readable, writable, append: false, offset: Cell::new(0) })
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
                sched::wakeup(p.chan());
            }
            Object::PipeWrite(p) => {
                p.writers.set(p.writers.get() - 1);
                sched::wakeup(p.chan());
            }
            _ => {}
        }
    }
}
