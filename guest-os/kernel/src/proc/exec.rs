//! execve: replace a process's program with an ELF executable from the
//! file system, by demand paging.
//!
//! riscv64 ELF64 executables (EM_RISCV): static (ET_EXEC) at their link
//! addresses, position-independent (ET_DYN) at ELF_ET_DYN_BASE as Linux
//! puts them without randomisation. A program with a PT_INTERP (dynamically
//! linked) also gets its interpreter, `/lib/ld-linux-riscv64-lp64d.so.1`,
//! loaded the same way at the top of the mmap area, and starts there: the
//! auxiliary vector tells ld.so where the program's headers (AT_PHDR), its
//! entry (AT_ENTRY) and ld.so itself (AT_BASE) are. ld.so then maps the
//! shared libraries with mmap, from the page cache like everything else.
//! A missing interpreter is ENOENT, a malformed one ELIBBAD, as on Linux.
//! exec reads the ELF header and program headers and nothing else: each
//! PT_LOAD segment becomes a file-backed private VMA (vma.rs) with the
//! segment's permissions, whose pages the page-fault handler (fault.rs)
//! fills from the page cache on first touch; the .bss beyond the file
//! part, the heap and the stack are anonymous zero-fill VMAs. The only
//! pages exec touches are the top of the stack, where it lays out the
//! arguments as Linux does:
//!
//! ```text
//!   sp -> argc, argv[0..argc], 0, envp[..], 0, auxv (type, value)..., AT_NULL
//!         16 random bytes (AT_RANDOM), the platform string,
//!         the argument strings, the environment strings, up to STACK_TOP
//! ```
//!
//! The new address space is built completely before the old one is
//! dropped, so a failed execve returns an error to an intact program.

use crate::fs::{self, Kind};
use crate::mm::aspace::{AddrSpace, elf_perm};
use crate::mm::frame::{PAGE_SIZE, page_down, page_up};
use crate::mm::vm::{PTE_R, PTE_U, PTE_W};
use crate::mm::vma::{Backing, VM_MAYWRITE, Vma, VmaKind};
use crate::proc::shared::Shared;
use crate::proc::{self, Proc, reg};
use alloc::rc::Rc;
use alloc::vec::Vec;

/// Top of the user stack, and how much of it the VMA covers at first
/// (it grows on faults below, up to fault::STACK_MAX).
pub const STACK_TOP: usize = 0x3f_ff00_0000;
pub const STACK_INITIAL: usize = 128 * 1024;

const PT_LOAD: u32 = 1;
const PT_INTERP: u32 = 3;
const PT_PHDR: u32 = 6;
const EM_RISCV: u16 = 243;
const ET_EXEC: u16 = 2;
const ET_DYN: u16 = 3;
const AT_NULL: u64 = 0;
const AT_PHDR: u64 = 3;
const AT_PHENT: u64 = 4;
const AT_PHNUM: u64 = 5;
const AT_PAGESZ: u64 = 6;
const AT_BASE: u64 = 7;
const AT_FLAGS: u64 = 8;
const AT_ENTRY: u64 = 9;
const AT_UID: u64 = 11;
const AT_EUID: u64 = 12;
const AT_GID: u64 = 13;
const AT_EGID: u64 = 14;
const AT_PLATFORM: u64 = 15;
const AT_HWCAP: u64 = 16;
const AT_CLKTCK: u64 = 17;
const AT_SECURE: u64 = 23;
const AT_RANDOM: u64 = 25;
const AT_EXECFN: u64 = 31;

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
    /// The interpreter (PT_INTERP) is not an ELF we can load (ELIBBAD).
    LibBad,
    /// The file's first page could not be read from the disk (EIO).
    Io,
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

/// What the headers say.
struct Image {
    entry: usize,
    phoff: usize,
    phentsize: usize,
    phnum: usize,
    /// ET_DYN: position-independent, loaded at a base of our choice.
    dynamic: bool,
}

/// Parse the ELF header of `head` (the first bytes of a file): a riscv64
/// ELF64 executable or shared object, with sane program headers.
fn parse_header(head: &[u8]) -> Option<Image> {
    if head.get(..4) != Some(b"\x7fELF") || head.get(4) != Some(&2) || head.get(5) != Some(&1) {
        return None;
    }
    let ty = u16_at(head, 16)?;
    if !(ty == ET_EXEC || ty == ET_DYN) || u16_at(head, 18)? != EM_RISCV {
        return None;
    }
    let img = Image {
        entry: u64_at(head, 24)?,
        phoff: u64_at(head, 32)?,
        phentsize: u16_at(head, 54)? as usize,
        phnum: u16_at(head, 56)? as usize,
        dynamic: ty == ET_DYN,
    };
    (img.phentsize >= 56 && img.phnum > 0 && img.phnum <= 64).then_some(img)
}

/// Where a position-independent program with an interpreter is loaded:
/// Linux's ELF_ET_DYN_BASE on riscv64, two thirds of the way up the
/// (Sv39, 256 GiB) user address space, without randomisation.
pub const ELF_ET_DYN_BASE: usize = (0x40_0000_0000 / 3 * 2) & !(PAGE_SIZE - 1);

/// The PT_INTERP path of an image, if it has one. Err: malformed.
fn interp_path(file: &[u8], img: &Image) -> Result<Option<alloc::string::String>, ExecError> {
    for i in 0..img.phnum {
        let ph = img.phoff.checked_add(i * img.phentsize).ok_or(ExecError::NoExec)?;
        if u32_at(file, ph).ok_or(ExecError::NoExec)? != PT_INTERP {
            continue;
        }
        let offset = u64_at(file, ph + 8).ok_or(ExecError::NoExec)?;
        let filesz = u64_at(file, ph + 32).ok_or(ExecError::NoExec)?;
        let bytes = offset
            .checked_add(filesz)
            .and_then(|end| file.get(offset..end))
            .ok_or(ExecError::NoExec)?;
        let bytes = bytes.split(|&c| c == 0).next().unwrap_or(&[]);
        if bytes.is_empty() || bytes.len() >= 4096 {
            return Err(ExecError::NoExec);
        }
        let path = core::str::from_utf8(bytes).map_err(|_| ExecError::NoExec)?;
        return Ok(Some(alloc::string::String::from(path)));
    }
    Ok(None)
}

/// The first page of disk file `node` (None for an in-memory file, whose
/// bytes are at hand).
fn head_of(node: usize, data: &fs::Data) -> Result<Option<Vec<u8>>, ExecError> {
    let fs::Data::Disk(size) = *data else { return Ok(None) };
    let (pa, _) = crate::mm::pagecache::page(node, 0).ok_or(ExecError::Io)?;
    let n = size.min(PAGE_SIZE);
    Ok(Some(unsafe { core::slice::from_raw_parts(pa as *const u8, n) }.to_vec()))
}

/// Load `path` into a new address space for `p`, with `argv` and `envp`,
/// and point p's trap frame at its entry (the interpreter's, for a
/// dynamically linked program). On error, p is unchanged.
pub fn exec(p: &mut Proc, path: &str, argv: &[Vec<u8>], envp: &[Vec<u8>]) -> Result<(), ExecError> {
    let node = fs::lookup(path).map_err(|e| match e {
        fs::LookupError::NotDir => ExecError::NotDir,
        _ => ExecError::NotFound,
    })?;
    let Kind::File(data) = &fs::node(node).kind else { return Err(ExecError::Access) };
    if fs::node(node).mode & 0o111 == 0 {
        return Err(ExecError::Access);
    }
    // The headers only: the first page of the file (Linux reads BINPRM_BUF_SIZE).
    // A disk file's comes through the page cache (a disk read if not cached).
    let disk_head = head_of(node, data)?;
    let file_len = data.len();
    let file = disk_head.as_deref().unwrap_or(data.bytes());
    let head = &file[..file.len().min(PAGE_SIZE)];
    let img = parse_header(head).ok_or(ExecError::NoExec)?;
    let interp = interp_path(file, &img)?;
    // The interpreter must exist and be an ELF we can load (Linux:
    // ENOENT from opening it, ELIBBAD for a bad header).
    let ihead: Option<Vec<u8>>;
    let interp = match interp {
        None => None,
        Some(ipath) => {
            let inode = fs::lookup(&ipath).map_err(|e| match e {
                fs::LookupError::NotDir => ExecError::NotDir,
                _ => ExecError::NotFound,
            })?;
            let Kind::File(idata) = &fs::node(inode).kind else { return Err(ExecError::Access) };
            ihead = head_of(inode, idata)?;
            let ifile_len = idata.len();
            let ifile: &[u8] = ihead.as_deref().unwrap_or(idata.bytes());
            let iimg =
                parse_header(&ifile[..ifile.len().min(PAGE_SIZE)]).ok_or(ExecError::LibBad)?;
            Some((inode, Rc::<str>::from(ipath.as_str()), (ifile, ifile_len), iimg))
        }
    };
    let mut a = AddrSpace::new().map_err(|_| ExecError::NoMem)?;
    let path_rc: Rc<str> = Rc::from(path);
    let bias = if img.dynamic { ELF_ET_DYN_BASE } else { 0 };
    let prog =
        load_segments(&mut a, node, &path_rc, (file, file_len), &img, bias, VmaKind::Program)?;
    if prog.top == 0 || img.entry.checked_add(bias).is_none_or(|e| e >= prog.top) {
        return Err(ExecError::NoExec);
    }
    a.start_code = prog.start_code;
    a.end_code = prog.end_code;
    a.start_data = prog.start_data;
    a.end_data = prog.end_data;
    // The heap starts empty at the page after the last segment.
    let brk = page_up(prog.top);
    let rw = PTE_U | PTE_R | PTE_W;
    a.add_vma(brk, Vma::anon(brk, rw, VmaKind::Heap)).map_err(|_| ExecError::NoMem)?;
    a.brk_start = brk;
    a.brk = brk;
    a.add_vma(STACK_TOP - STACK_INITIAL, Vma::anon(STACK_TOP, rw, VmaKind::Stack))
        .map_err(|_| ExecError::NoMem)?;
    // The interpreter goes where mmap would put it: the highest free range
    // below the stack's reach (top-down, as Linux maps it).
    let mut start_pc = img.entry + bias;
    let mut base = 0;
    if let Some((inode, ipath, ifile, iimg)) = &interp {
        let span = image_span(ifile.0, iimg).ok_or(ExecError::LibBad)?;
        let limit = STACK_TOP - crate::mm::fault::STACK_MAX - crate::mm::fault::STACK_GUARD_GAP;
        base = a.find_gap(span, page_up(brk), limit).ok_or(ExecError::NoMem)?;
        let ibias = if iimg.dynamic { base } else { 0 };
        let l = load_segments(&mut a, *inode, ipath, *ifile, iimg, ibias, VmaKind::Mmap).map_err(
            |e| match e {
                ExecError::NoExec => ExecError::LibBad,
                e => e,
            },
        )?;
        base = ibias;
        start_pc = iimg.entry + ibias;
        if l.top == 0 || start_pc >= l.top {
            return Err(ExecError::LibBad);
        }
    }
    let aux = Aux {
        phdr: prog.phdr,
        phent: img.phentsize,
        phnum: img.phnum,
        base,
        entry: img.entry + bias,
    };
    let sp = build_stack(&mut a, &aux, argv, envp)?;
    a.exe = Some(path_rc);
    // Past the point of no return: a failure now would lose the old program.
    // Other threads of the process end (Linux's de_thread).
    for t in proc::threads_of(p.tgid) {
        if t.pid != p.pid && !matches!(t.state, proc::State::Zombie | proc::State::Dead) {
            t.killed = crate::signal::SIGKILL;
            crate::sched::interrupt_sleep(t);
        }
    }
    proc::switch_aspace(p, Shared::new(a)).map_err(|_| ExecError::NoMem)?;
    p.fds = p.fds.copy(); // exec unshares the descriptor table...
    p.fds.close_on_exec(); // ...and closes the close-on-exec ones
    p.sighand = p.sighand.copy(); // it unshares the signal table...
    p.sighand.reset_for_exec(); // ...and resets caught signals
    crate::proc::exit::release_vfork_parent(p);
    let tf = p.trapframe();
    tf.x = [0; 32];
    tf.f = [0; 32];
    tf.fcsr = 0;
    tf.x[reg::SP] = sp as u64;
    tf.epc = start_pc as u64;
    let name = path.rsplit('/').next().unwrap_or(path);
    p.name = alloc::string::String::from(&name[..name.len().min(15)]);
    crate::dev::introspect::exec(p, path);
    Ok(())
}

/// The bytes from the lowest to the highest PT_LOAD page of an image
/// (what Linux's total_mapping_size reserves for an interpreter).
fn image_span(file: &[u8], img: &Image) -> Option<usize> {
    let (mut lo, mut hi) = (usize::MAX, 0);
    for i in 0..img.phnum {
        let ph = img.phoff.checked_add(i * img.phentsize)?;
        if u32_at(file, ph)? != PT_LOAD {
            continue;
        }
        let vaddr = u64_at(file, ph + 16)?;
        let memsz = u64_at(file, ph + 40)?;
        lo = lo.min(page_down(vaddr));
        hi = hi.max(page_up(vaddr.checked_add(memsz)?));
    }
    (hi > lo).then(|| hi - lo)
}

/// What loading an image's segments found (addresses with the bias).
struct Loaded {
    top: usize,
    phdr: usize,
    start_code: usize,
    end_code: usize,
    start_data: usize,
    end_data: usize,
}

/// Add the VMAs of the PT_LOAD segments of `file` (header `img`), moved
/// up by `bias`, to `a`: the file part of each is backed by the file
/// (demand paged from the page cache), the rest of its .bss is anonymous.
fn load_segments(
    a: &mut AddrSpace,
    node: usize,
    path: &Rc<str>,
    (file, file_len): (&[u8], usize),
    img: &Image,
    bias: usize,
    kind: VmaKind,
) -> Result<Loaded, ExecError> {
    let bad = || ExecError::NoExec;
    let mut l =
        Loaded { top: 0, phdr: 0, start_code: usize::MAX, end_code: 0, start_data: 0, end_data: 0 };
    for i in 0..img.phnum {
        let ph = img.phoff.checked_add(i * img.phentsize).ok_or_else(bad)?;
        let ty = u32_at(file, ph).ok_or_else(bad)?;
        if ty == PT_PHDR {
            l.phdr = u64_at(file, ph + 16).ok_or_else(bad)?.checked_add(bias).ok_or_else(bad)?;
        }
        if ty != PT_LOAD {
            continue;
        }
        let flags = u32_at(file, ph + 4).ok_or_else(bad)?;
        let offset = u64_at(file, ph + 8).ok_or_else(bad)?;
        let vaddr = u64_at(file, ph + 16).ok_or_else(bad)?.checked_add(bias).ok_or_else(bad)?;
        let filesz = u64_at(file, ph + 32).ok_or_else(bad)?;
        let memsz = u64_at(file, ph + 40).ok_or_else(bad)?;
        if memsz == 0 {
            continue; // an empty segment (a program without data)
        }
        let end = vaddr.checked_add(memsz).ok_or_else(bad)?;
        let file_end = offset.checked_add(filesz).ok_or_else(bad)?;
        if filesz > memsz
            || end > STACK_TOP - crate::mm::fault::STACK_MAX
            || file_end > file_len
            || vaddr % PAGE_SIZE != offset % PAGE_SIZE
            || vaddr < crate::mm::aspace::MMAP_MIN
        {
            return Err(bad());
        }
        let perm = elf_perm(flags);
        let start = page_down(vaddr);
        // The file part: [start, page_up(vaddr + filesz)) backed by the
        // file; past file_end the pages read as zero (fault.rs).
        let file_top = page_up(vaddr + filesz);
        if filesz > 0 {
            let backing =
                Backing::File { node, path: path.clone(), offset: page_down(offset), file_end };
            a.add_vma(start, Vma { end: file_top, perm, kind, backing, flags: VM_MAYWRITE })
                .map_err(|_| bad())?;
        }
        // The rest of .bss: anonymous zero-fill.
        let bss_from = if filesz > 0 { file_top } else { start };
        if page_up(end) > bss_from {
            a.add_vma(bss_from, Vma::anon(page_up(end), perm, kind)).map_err(|_| bad())?;
        }
        if l.phdr == 0 && (offset..file_end).contains(&img.phoff) {
            l.phdr = vaddr + (img.phoff - offset);
        }
        if flags & 1 != 0 {
            l.start_code = l.start_code.min(vaddr);
            l.end_code = l.end_code.max(vaddr + filesz);
        } else if flags & 2 != 0 {
            l.start_data = vaddr;
            l.end_data = vaddr + filesz;
        }
        l.top = l.top.max(end);
    }
    if l.start_code == usize::MAX {
        l.start_code = 0;
    }
    Ok(l)
}

/// The program's part of the auxiliary vector.
struct Aux {
    phdr: usize,
    phent: usize,
    phnum: usize,
    /// Where the interpreter is loaded (0: none).
    base: usize,
    /// The program's own entry point.
    entry: usize,
}

/// Lay out argc, argv, envp and auxv at the top of the stack, as Linux's
/// create_elf_tables does; return sp.
fn build_stack(
    a: &mut AddrSpace,
    aux: &Aux,
    argv: &[Vec<u8>],
    envp: &[Vec<u8>],
) -> Result<usize, ExecError> {
    let strings: usize = argv.iter().chain(envp).map(|s| s.len() + 1).sum();
    if strings > STACK_INITIAL / 4 {
        return Err(ExecError::TooBig);
    }
    let mem = |_| ExecError::NoMem;
    // Strings at the very top: environment above arguments (Linux order).
    let mut at = STACK_TOP - 8;
    fn put(a: &mut AddrSpace, at: &mut usize, s: &[u8]) -> Result<u64, ExecError> {
        *at -= s.len() + 1;
        a.write(*at, s).map_err(|_| ExecError::NoMem)?;
        a.write(*at + s.len(), &[0]).map_err(|_| ExecError::NoMem)?;
        Ok(*at as u64)
    }
    let env_ptrs: Vec<u64> =
        envp.iter().rev().map(|s| put(a, &mut at, s)).collect::<Result<_, _>>()?;
    let env_start = at;
    let arg_ptrs: Vec<u64> =
        argv.iter().rev().map(|s| put(a, &mut at, s)).collect::<Result<_, _>>()?;
    let arg_start = at;
    let platform = put(a, &mut at, b"riscv64")?;
    // AT_RANDOM: 16 bytes, from the clock (deterministic under vitrine).
    let seed = crate::arch::riscv::time().wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ STACK_TOP as u64;
    at = (at - 16) & !15;
    let random = at;
    let mut r = [0u8; 16];
    r[..8].copy_from_slice(&seed.to_le_bytes());
    r[8..].copy_from_slice(&seed.rotate_left(29).to_le_bytes());
    a.write(random, &r).map_err(mem)?;

    let execfn = arg_ptrs.last().copied().unwrap_or(0);
    let auxv = [
        (AT_PHDR, aux.phdr as u64),
        (AT_PHENT, aux.phent as u64),
        (AT_PHNUM, aux.phnum as u64),
        (AT_PAGESZ, PAGE_SIZE as u64),
        (AT_BASE, aux.base as u64),
        (AT_FLAGS, 0),
        (AT_ENTRY, aux.entry as u64),
        (AT_UID, 0),
        (AT_EUID, 0),
        (AT_GID, 0),
        (AT_EGID, 0),
        (AT_HWCAP, 0x112d), // IMAFDC: bits 'a'-'a', 'c', 'd', 'f', 'i', 'm'
        (AT_CLKTCK, 100),
        (AT_PLATFORM, platform),
        (AT_SECURE, 0),
        (AT_RANDOM, random as u64),
        (AT_EXECFN, execfn),
        (AT_NULL, 0),
    ];
    let mut vec: Vec<u64> = Vec::new();
    vec.push(argv.len() as u64);
    vec.extend(arg_ptrs.iter().rev());
    vec.push(0);
    vec.extend(env_ptrs.iter().rev());
    vec.push(0);
    for (k, v) in auxv {
        vec.push(k);
        vec.push(v);
    }
    let sp = (at - vec.len() * 8) & !15;
    let bytes: Vec<u8> = vec.iter().flat_map(|w| w.to_le_bytes()).collect();
    a.write(sp, &bytes).map_err(mem)?;
    a.start_stack = sp;
    a.arg_start = arg_start;
    a.arg_end = env_start;
    a.env_start = env_start;
    a.env_end = STACK_TOP - 8;
    Ok(sp)
}
