//! Symbol tables: the kernel's (or bare-metal program's) ELF, and the user
//! programs of the initramfs, with Rust names demangled.
//!
//! A name is matched by its whole demangled path or by any tail of it
//! (`resolve`, `fault::resolve`, `vitrine_kernel::mm::fault::resolve`), so
//! a function's last path component is enough; impl paths count as paths
//! (`AddrSpace::new` finds `<vitrine_kernel::mm::aspace::AddrSpace>::new`)
//! and generic arguments are ignored. C and assembly names match exactly.

use vitrine_loader::SymbolKind;

/// One symbol, demangled.
#[derive(Clone, Debug)]
pub struct Sym {
    pub addr: u64,
    pub size: u64,
    /// Demangled, without the crate hashes (`{:#}`), e.g.
    /// `vitrine_kernel::mm::fault::resolve`.
    pub name: String,
    /// The path components used for matching (see the module docs).
    path: Vec<String>,
    pub func: bool,
}

/// The symbols of one ELF file.
#[derive(Clone, Debug, Default)]
pub struct Symbols {
    /// Sorted by address.
    syms: Vec<Sym>,
}

/// `<a::B>::c::<T>` -> [a, B, c]; `<A as T>::f` -> [A, f]; `{closure#0}` stays.
fn path_of(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    let bytes: Vec<char> = name.chars().collect();
    let mut i = 0;
    // Top-level components, with generic arguments (`::<...>`) dropped.
    let mut parts: Vec<String> = Vec::new();
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            '<' => {
                depth += 1;
                cur.push(c);
            }
            '>' => {
                depth = depth.saturating_sub(1);
                cur.push(c);
            }
            ':' if depth == 0 && i + 1 < bytes.len() && bytes[i + 1] == ':' => {
                parts.push(std::mem::take(&mut cur));
                i += 1;
            }
            _ => cur.push(c),
        }
        i += 1;
    }
    parts.push(cur);
    for p in parts {
        if p.is_empty() {
            continue;
        }
        if let Some(inner) = p.strip_prefix('<').and_then(|p| p.strip_suffix('>')) {
            // At the start, `<T as Trait>` names T's path and `<T>` is T;
            // later, `::<...>` are generic arguments.
            if out.is_empty() {
                let ty = inner.split(" as ").next().unwrap_or(inner);
                out.extend(path_of(ty));
            }
            continue;
        }
        // `Foo<T>` -> `Foo`.
        let base = p.split('<').next().unwrap_or(&p);
        out.push(base.to_string());
    }
    out
}

/// Demangle `name` (Rust legacy or v0); other names are returned as they are.
pub fn demangle(name: &str) -> String {
    match rustc_demangle::try_demangle(name) {
        Ok(d) => format!("{d:#}"),
        Err(_) => name.to_string(),
    }
}

impl Symbols {
    /// The symbols of the ELF file `bytes`.
    pub fn from_elf(bytes: &[u8]) -> Result<Symbols, String> {
        let table = vitrine_loader::symbol_table(bytes).map_err(|e| e.to_string())?;
        let mut syms: Vec<Sym> = table
            .into_iter()
            .filter(|s| !s.absolute && (s.kind != SymbolKind::Object || s.size > 0))
            .filter(|s| !s.name.starts_with(".L") && !s.name.starts_with("$"))
            .map(|s| {
                let name = demangle(&s.name);
                Sym {
                    addr: s.value,
                    size: s.size,
                    path: path_of(&name),
                    name,
                    func: s.kind == SymbolKind::Function,
                }
            })
            .collect();
        syms.sort_by(|a, b| a.addr.cmp(&b.addr).then(b.size.cmp(&a.size)));
        Ok(Symbols { syms })
    }

    pub fn is_empty(&self) -> bool {
        self.syms.is_empty()
    }

    /// Every symbol `query` names (see the module documentation). An exact
    /// match of the whole name wins; functions are preferred to other
    /// symbols; the same address is listed once.
    pub fn lookup(&self, query: &str) -> Vec<&Sym> {
        let query = query.trim();
        if query.is_empty() {
            return Vec::new();
        }
        let exact: Vec<&Sym> = self.syms.iter().filter(|s| s.name == query).collect();
        if !exact.is_empty() {
            return dedup(exact);
        }
        let q = path_of(query);
        let tail: Vec<&Sym> = self
            .syms
            .iter()
            .filter(|s| s.path.len() >= q.len() && s.path[s.path.len() - q.len()..] == q[..])
            .collect();
        let funcs: Vec<&Sym> = tail.iter().copied().filter(|s| s.func).collect();
        dedup(if funcs.is_empty() { tail } else { funcs })
    }

    /// The symbol `addr` is in: one whose `[addr, addr + size)` holds it,
    /// else the nearest one below if it has no size (assembly labels), with
    /// the offset.
    pub fn at(&self, addr: u64) -> Option<(&Sym, u64)> {
        let i = self.syms.partition_point(|s| s.addr <= addr);
        let below = &self.syms[..i];
        // The innermost sized symbol containing addr, searching back a little.
        for s in below.iter().rev().take(64) {
            if s.size > 0 && addr < s.addr.saturating_add(s.size) {
                return Some((s, addr - s.addr));
            }
        }
        let s = below.last()?;
        // An unsized label covers up to the next symbol (not beyond 64 KiB).
        if s.size == 0 && addr - s.addr < 0x10000 {
            return Some((s, addr - s.addr));
        }
        None
    }

    /// The lowest and highest address any symbol covers.
    pub fn span(&self) -> Option<(u64, u64)> {
        let lo = self.syms.first()?.addr;
        let hi = self
            .syms
            .iter()
            .map(|s| s.addr.saturating_add(s.size.max(1)))
            .max()?;
        Some((lo, hi))
    }
}

fn dedup(mut v: Vec<&Sym>) -> Vec<&Sym> {
    v.sort_by_key(|s| s.addr);
    v.dedup_by_key(|s| s.addr);
    v
}

/// `name+off` (or `name`), for showing an address.
pub fn with_offset(s: &Sym, off: u64) -> String {
    if off == 0 {
        s.name.clone()
    } else {
        format!("{}+{off}", s.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_ignore_impls_and_generics() {
        assert_eq!(
            path_of("vitrine_kernel::mm::fault::resolve"),
            ["vitrine_kernel", "mm", "fault", "resolve"]
        );
        assert_eq!(
            path_of("<vitrine_kernel::mm::aspace::AddrSpace>::new"),
            ["vitrine_kernel", "mm", "aspace", "AddrSpace", "new"]
        );
        assert_eq!(
            path_of("<alloc::vec::Vec<u8> as core::clone::Clone>::clone"),
            ["alloc", "vec", "Vec", "clone"]
        );
        assert_eq!(
            path_of("vitrine_kernel::fs::cpio::parse::<vitrine_kernel::fs::X>::{closure#0}"),
            ["vitrine_kernel", "fs", "cpio", "parse", "{closure#0}"]
        );
        assert_eq!(path_of("kmain"), ["kmain"]);
    }

    #[test]
    fn the_kernel_names_its_functions() {
        let k = Symbols::from_elf(crate::cli::EMBEDDED_KERNEL).unwrap();
        let r = k.lookup("fault::resolve");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].name, "vitrine_kernel::mm::fault::resolve");
        assert_eq!(k.lookup("resolve").len(), 2, "fdt has a resolve too");
        assert_eq!(k.lookup("sys_clone").len(), 1);
        assert_eq!(k.lookup("AddrSpace::new").len(), 1);
        let entry = k.lookup("_entry")[0].addr;
        assert_eq!(entry, 0x8000_0000);
        let clone = k.lookup("sys_clone")[0];
        let (s, off) = k.at(clone.addr + 4).unwrap();
        assert_eq!((s.name.as_str(), off), (clone.name.as_str(), 4));
        assert!(k.lookup("no_such_function").is_empty());
    }
}
