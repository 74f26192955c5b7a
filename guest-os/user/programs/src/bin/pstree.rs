//! `pstree [-p] [-A|-U] [-T] [PID]`: the process tree from pid 1 (or PID),
//! drawn as psmisc's pstree draws it:
//!
//! ```text
//! init(1)───sh(5)─┬─ps(7)
//!                 ├─sleep(6)
//!                 └─threads(8)───{threads}(9)
//! ```
//!
//! -p shows pids (and then, as in psmisc, identical siblings are not
//! merged); without -p, identical leaf siblings are merged as "3*[sleep]".
//! Threads (other than the main one, from /proc/PID/task/) are children
//! named {process name}, as psmisc names them; -T hides them. Children are sorted by name, then pid.
//! UTF-8 line drawing by default (-U); -A uses ASCII (`-+-`, `|-`, `` `- ``).
//! Exit status 1 if the root process does not exist or /proc is unreadable.
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::procfs;

ulib::main!(main);

/// One node: a process, or a thread of one.
struct Node {
    id: i32,
    parent: i32,
    name: Vec<u8>, // "comm" or "{comm}"
    children: Vec<usize>,
}

/// The line-drawing pieces (psmisc's sym_*).
struct Symbols {
    empty_2: &'static str,
    branch_2: &'static str,
    vert_2: &'static str,
    last_2: &'static str,
    single_3: &'static str,
    first_3: &'static str,
}

const UTF8: Symbols = Symbols {
    empty_2: "  ",
    branch_2: "├─",
    vert_2: "│ ",
    last_2: "└─",
    single_3: "───",
    first_3: "─┬─",
};
const ASCII: Symbols = Symbols {
    empty_2: "  ",
    branch_2: "|-",
    vert_2: "| ",
    last_2: "`-",
    single_3: "---",
    first_3: "-+-",
};

/// Options and drawing state.
struct Tree {
    nodes: Vec<Node>,
    pids: bool,
    sym: &'static Symbols,
    width: Vec<usize>, // label width at each level of the current path
    more: Vec<bool>,   // does the node at each level have later siblings?
    out: String,
}

/// Every process (and, unless `no_threads`, every thread) from /proc.
fn read_nodes(no_threads: bool) -> Result<Vec<Node>, Errno> {
    let mut nodes = Vec::new();
    for pid in procfs::pids()? {
        let Ok(st) = procfs::stat(format!("{}", pid).as_bytes()) else { continue };
        nodes.push(Node { id: pid, parent: st.ppid, name: st.comm.clone(), children: Vec::new() });
        if no_threads || st.num_threads <= 1 {
            continue;
        }
        for tid in procfs::tids(pid).unwrap_or_default() {
            if tid == pid {
                continue;
            }
            // psmisc names a thread after its process ({comm}), not its own comm.
            let mut name = b"{".to_vec();
            name.extend_from_slice(&st.comm);
            name.push(b'}');
            nodes.push(Node { id: tid, parent: pid, name, children: Vec::new() });
        }
    }
    Ok(nodes)
}

/// Links every node to its parent's children list, sorted by (name, id).
fn link(nodes: &mut [Node]) {
    for i in 0..nodes.len() {
        let parent = nodes[i].parent;
        if let Some(p) = nodes.iter().position(|n| n.id == parent && n.name.first() != Some(&b'{')) {
            if p != i {
                nodes[p].children.push(i);
            }
        }
    }
    for i in 0..nodes.len() {
        let mut kids = core::mem::take(&mut nodes[i].children);
        kids.sort_by(|&a, &b| nodes[a].name.cmp(&nodes[b].name).then(nodes[a].id.cmp(&nodes[b].id)));
        nodes[i].children = kids;
    }
}

impl Tree {
    /// The children of `n` to draw, as (label, node index or None for a
    /// merged group): without -p, identical leaf siblings become "N*[name]".
    fn shown_children(&self, n: usize) -> Vec<(String, Option<usize>)> {
        let kids = &self.nodes[n].children;
        let mut shown: Vec<(String, Option<usize>)> = Vec::new();
        let mut i = 0;
        while i < kids.len() {
            let k = kids[i];
            let mut same = 1;
            if !self.pids && self.nodes[k].children.is_empty() {
                while i + same < kids.len()
                    && self.nodes[kids[i + same]].children.is_empty()
                    && self.nodes[kids[i + same]].name == self.nodes[k].name
                {
                    same += 1;
                }
            }
            if same > 1 {
                shown.push((format!("{}*[{}]", same, Bytes(&self.nodes[k].name)), None));
            } else {
                shown.push((self.label(k), Some(k)));
            }
            i += same;
        }
        shown
    }

    /// "name" or, with -p, "name(pid)".
    fn label(&self, n: usize) -> String {
        let node = &self.nodes[n];
        if self.pids {
            format!("{}({})", Bytes(&node.name), node.id)
        } else {
            format!("{}", Bytes(&node.name))
        }
    }

    /// psmisc's dump_tree: the indentation (unless this node continues the
    /// current line, `leaf`), the label, then the children, the first one
    /// on the same line.
    fn dump(&mut self, label: &str, node: Option<usize>, level: usize, leaf: bool, last: bool) {
        if !leaf {
            for lvl in 0..level {
                for _ in 0..self.width[lvl] + 1 {
                    self.out.push(' ');
                }
                self.out.push_str(if lvl == level - 1 {
                    if last { self.sym.last_2 } else { self.sym.branch_2 }
                } else if self.more[lvl + 1] {
                    self.sym.vert_2
                } else {
                    self.sym.empty_2
                });
            }
        }
        self.out.push_str(label);
        self.width.truncate(level);
        self.width.push(label.chars().count());
        self.more.truncate(level);
        self.more.push(!last);
        let kids = match node {
            Some(n) => self.shown_children(n),
            None => Vec::new(),
        };
        if kids.is_empty() {
            self.out.push('\n');
            return;
        }
        let count = kids.len();
        for (i, (kid_label, kid)) in kids.iter().enumerate() {
            if i == 0 {
                self.out.push_str(if count > 1 { self.sym.first_3 } else { self.sym.single_3 });
            }
            self.dump(kid_label, *kid, level + 1, i == 0, i + 1 == count);
        }
    }
}

/// Parses the options, reads /proc, prints the tree.
/// Exit status 0, 1 if the root is missing, 2 for bad usage.
fn main(args: Args, _env: Env) -> i32 {
    let (mut pids, mut ascii, mut no_threads, mut root) = (false, false, false, 1);
    for a in args.iter().skip(1) {
        match a {
            b"-p" | b"--show-pids" => pids = true,
            b"-A" | b"--ascii" => ascii = true,
            b"-U" | b"--unicode" => ascii = false,
            b"-T" | b"--hide-threads" => no_threads = true,
            _ => match procfs::parse_num(a) {
                Some(n) if n > 0 => root = n as i32,
                _ => {
                    eprintln!("pstree: unknown argument '{}'", Bytes(a));
                    eprintln!("usage: pstree [-p] [-A|-U] [-T] [PID]");
                    return 2;
                }
            },
        }
    }
    let mut nodes = match read_nodes(no_threads) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("pstree: cannot read /proc: {}", e);
            return 1;
        }
    };
    link(&mut nodes);
    let Some(r) = nodes.iter().position(|n| n.id == root && n.name.first() != Some(&b'{')) else {
        eprintln!("pstree: no process with pid {}", root);
        return 1;
    };
    let sym = if ascii { &ASCII } else { &UTF8 };
    let mut tree = Tree { nodes, pids, sym, width: Vec::new(), more: Vec::new(), out: String::new() };
    let label = tree.label(r);
    tree.dump(&label, Some(r), 0, true, true);
    match write_all(1, tree.out.as_bytes()) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}
