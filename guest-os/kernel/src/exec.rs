//! execve: replace a process's program with an ELF executable from the
//! file system.
//!
//! Static, non-PIE riscv64 ELF64 executables only (ET_EXEC, EM_RISCV).
//! Every PT_LOAD segment becomes a VMA with the segment's permissions;
//! for now its pages are allocated and filled at once (eager loading).
//! The stack is a VMA just below STACK_TOP, laid out as Linux does:
//!
//! ```text
//!   sp -> argc, argv[0..argc], 0, envp[..], 0, auxv (type, value)..., AT_NULL
//!         ... the argument and environment strings, up to STACK_TOP
//! ```
//!
//! The new address space is built completely before the old one is
//! dropped, so a failed execve returns an error to an intact program.

use crate::aspace::{AddrSpace, VmaKind, elf_perm};
use crate::fs::{self, Kind};
use crate::proc::{Proc, reg};
use crate::vm::{PTE_R, PTE_U, PTE_W};
use alloc::vec::Vec;

/// Top of the user stack, and its size (mapped at once for now).
pub const STACK_TOP: usize = 0x3f_ff00_0000;
pub const STACK_SIZE: usize = 256 * 1024;

const PT_LOAD: u32 = 1;
const EM_RISCV: u16 = 243;
const ET_EXEC: u16 = 2;
const AT_NULL: u64 = 0;
const AT_PAGESZ: u64 = 6;
const AT_ENTRY: u64 = 9;

/// Why exec failed; each becomes an errno.
#[derive(Debug)]
pub enum ExecError {
    NotFound,
    NotDir,
    /// Not a file, or not an executable we can run.
    NoExec,
    Access,
    NoMem,
    TooBig,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}
fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}
fn u64_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?) as usize)
}

/// Load `path` into a new address space for `p`, with `argv` and `envp`,
/// and point p's trap frame at its entry. On error, p is unchanged.
pub fn exec(p: &mut Proc, path: &str, argv: &[Vec<u8>], envp: &[Vec<u8>]) -> Result<(), ExecError> {
    let node = fs::lookup(path).map_err(|e| match e {
        fs::LookupError::NotDir => ExecError::NotDir,
        _ => ExecError::NotFound,
    })?;
    let Kind::File(data) = &fs::node(node).kind else { return Err(ExecError::Access) };
    if fs::node(node).mode & 0o111 == 0 {
        return Err(ExecError::Access);
    }
    let elf: &'static [u8] = data.bytes();
    let bad = ExecError::NoExec;
    if elf.get(..4) != Some(b"\x7fELF") || elf[4] != 2 || elf[5] != 1 {
        return Err(bad);
    }
    if u16_at(elf, 16) != Some(ET_EXEC) || u16_at(elf, 18) != Some(EM_RISCV) {
        return Err(bad);
    }
    let entry = u64_at(elf, 24).ok_or(ExecError::NoExec)?;
    let phoff = u64_at(elf, 32).ok_or(ExecError::NoExec)?;
    let phentsize = u16_at(elf, 54).ok_or(ExecError::NoExec)? as usize;
    let phnum = u16_at(elf, 56).ok_or(ExecError::NoExec)? as usize;

    let tf_pa = p.trapframe() as *mut _ as usize;
    let mut a = AddrSpace::new(tf_pa).map_err(|_| ExecError::NoMem)?;
    let result = load(&mut a, elf, phoff, phentsize, phnum, entry, argv, envp);
    let sp = match result {
        Ok(sp) => sp,
        Err(e) => {
            a.destroy();
            return Err(e);
        }
    };
    let mut old = core::mem::replace(&mut p.aspace, a);
    old.destroy();
    let tf = p.trapframe();
    tf.x = [0; 32];
    tf.f = [0; 32];
    tf.fcsr = 0;
    tf.x[reg::SP] = sp as u64;
    tf.epc = entry as u64;
    let name = path.rsplit('/').next().unwrap_or(path);
    p.name = alloc::string::String::from(name);
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn load(
    a: &mut AddrSpace,
    elf: &'static [u8],
    phoff: usize,
    phentsize: usize,
    phnum: usize,
    entry: usize,
    argv: &[Vec<u8>],
    envp: &[Vec<u8>],
) -> Result<usize, ExecError> {
    let bad = || ExecError::NoExec;
    let mut top = 0;
    for i in 0..phnum {
        let ph = phoff + i * phentsize;
        if u32_at(elf, ph).ok_or_else(bad)? != PT_LOAD {
            continue;
        }
        let flags = u32_at(elf, ph + 4).ok_or_else(bad)?;
        let offset = u64_at(elf, ph + 8).ok_or_else(bad)?;
        let vaddr = u64_at(elf, ph + 16).ok_or_else(bad)?;
        let filesz = u64_at(elf, ph + 32).ok_or_else(bad)?;
        let memsz = u64_at(elf, ph + 40).ok_or_else(bad)?;
        let end = vaddr.checked_add(memsz).ok_or_else(bad)?;
        if memsz == 0 {
            continue; // an empty segment (a program without data)
        }
        if filesz > memsz || end > STACK_TOP - STACK_SIZE {
            return Err(bad());
        }
        let data = elf.get(offset..offset + filesz).ok_or_else(bad)?;
        a.add_vma(vaddr, end, elf_perm(flags), VmaKind::Program).map_err(|_| bad())?;
        a.write(vaddr, data).map_err(|_| ExecError::NoMem)?;
        top = top.max(end);
    }
    if top == 0 || entry >= top {
        return Err(bad());
    }
    // The heap starts empty at the page after the last segment.
    let brk = crate::frame::page_up(top);
    a.add_vma(brk, brk, PTE_U | PTE_R | PTE_W, VmaKind::Heap).map_err(|_| ExecError::NoMem)?;
    a.brk_start = brk;
    a.brk = brk;
    a.add_vma(STACK_TOP - STACK_SIZE, STACK_TOP, PTE_U | PTE_R | PTE_W, VmaKind::Stack)
        .map_err(|_| ExecError::NoMem)?;
    build_stack(a, entry, argv, envp)
}

/// Lay out argc, argv, envp and auxv at the top of the stack; return sp.
fn build_stack(
    a: &mut AddrSpace,
    entry: usize,
    argv: &[Vec<u8>],
    envp: &[Vec<u8>],
) -> Result<usize, ExecError> {
    let strings: usize = argv.iter().chain(envp).map(|s| s.len() + 1).sum();
    let words = 1 + argv.len() + 1 + envp.len() + 1 + 2 * 3;
    if strings + words * 8 + 16 > STACK_SIZE / 2 {
        return Err(ExecError::TooBig);
    }
    let mut at = STACK_TOP;
    let mut put_str = |a: &mut AddrSpace, s: &[u8]| -> Result<u64, ExecError> {
        at -= s.len() + 1;
        a.write(at, s).map_err(|_| ExecError::NoMem)?;
        a.write(at + s.len(), &[0]).map_err(|_| ExecError::NoMem)?;
        Ok(at as u64)
    };
    let mut vec: Vec<u64> = Vec::with_capacity(words);
    vec.push(argv.len() as u64);
    for s in argv {
        vec.push(put_str(a, s)?);
    }
    vec.push(0);
    for s in envp {
        vec.push(put_str(a, s)?);
    }
    vec.push(0);
    vec.extend_from_slice(&[AT_PAGESZ, 4096, AT_ENTRY, entry as u64, AT_NULL, 0]);
    let sp = (at - vec.len() * 8) & !15;
    let bytes: Vec<u8> = vec.iter().flat_map(|w| w.to_le_bytes()).collect();
    a.write(sp, &bytes).map_err(|_| ExecError::NoMem)?;
    Ok(sp)
}
