//! Hand-made ELF64 files for the loader tests: no toolchain needed.
//!
//! Layout: ELF header | program headers | segment data | .strtab | .symtab |
//! .shstrtab | section headers (null, .symtab, .strtab, .shstrtab).
#![allow(dead_code)]

pub const PT_LOAD: u32 = 1;
pub const PT_NOTE: u32 = 4;
pub const PF_X: u32 = 1;
pub const PF_W: u32 = 2;
pub const PF_R: u32 = 4;
pub const STB_LOCAL: u8 = 0;
pub const STB_GLOBAL: u8 = 1;
pub const STB_WEAK: u8 = 2;
pub const STT_NOTYPE: u8 = 0;
pub const STT_OBJECT: u8 = 1;
pub const STT_FUNC: u8 = 2;
pub const STT_SECTION: u8 = 3;
pub const STT_FILE: u8 = 4;
pub const SHN_UNDEF: u16 = 0;
pub const SHN_ABS: u16 = 0xfff1;

/// Offsets of the ELF header fields that tests corrupt.
pub mod ehdr {
    pub const CLASS: usize = 4;
    pub const DATA: usize = 5;
    pub const TYPE: usize = 0x10;
    pub const MACHINE: usize = 0x12;
    pub const ENTRY: usize = 0x18;
    pub const PHOFF: usize = 0x20;
    pub const SHOFF: usize = 0x28;
    pub const PHENTSIZE: usize = 0x36;
    pub const PHNUM: usize = 0x38;
    pub const SHENTSIZE: usize = 0x3a;
    pub const SHNUM: usize = 0x3c;
}

/// Offsets inside program header `i`.
pub mod phdr {
    pub fn at(i: usize) -> usize {
        64 + 56 * i
    }
    pub const TYPE: usize = 0;
    pub const OFFSET: usize = 8;
    pub const VADDR: usize = 16;
    pub const PADDR: usize = 24;
    pub const FILESZ: usize = 32;
    pub const MEMSZ: usize = 40;
}

#[derive(Clone, Debug)]
pub struct Seg {
    pub p_type: u32,
    pub flags: u32,
    pub vaddr: u64,
    pub paddr: u64,
    pub data: Vec<u8>,
    pub memsz: u64,
}

impl Seg {
    pub fn load(addr: u64, flags: u32, data: &[u8], memsz: u64) -> Seg {
        Seg {
            p_type: PT_LOAD,
            flags,
            vaddr: addr,
            paddr: addr,
            data: data.to_vec(),
            memsz,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Sym {
    pub name: String,
    pub value: u64,
    pub bind: u8,
    pub kind: u8,
    pub shndx: u16,
}

impl Sym {
    pub fn global(name: &str, value: u64) -> Sym {
        Sym {
            name: name.into(),
            value,
            bind: STB_GLOBAL,
            kind: STT_NOTYPE,
            shndx: SHN_ABS,
        }
    }
    pub fn local(name: &str, value: u64) -> Sym {
        Sym {
            bind: STB_LOCAL,
            ..Sym::global(name, value)
        }
    }
}

#[derive(Clone, Debug)]
pub struct Builder {
    pub class: u8,
    pub data: u8,
    pub e_type: u16,
    pub machine: u16,
    pub entry: u64,
    pub segments: Vec<Seg>,
    /// `None`: no section headers at all (stripped, `e_shoff = 0`).
    pub symbols: Option<Vec<Sym>>,
}

/// Where things ended up in a built file.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    pub seg_offsets: Vec<u64>,
    pub strtab: u64,
    pub symtab: u64,
    pub shoff: u64,
}

/// The code of the default image: `auipc`, `addi`, `ecall`, `j .`.
pub const CODE: [u8; 16] = [
    0x97, 0x02, 0x00, 0x00, 0x93, 0x82, 0x02, 0x00, 0x73, 0x00, 0x00, 0x00, 0x6f, 0x00, 0x00, 0x00,
];

impl Default for Builder {
    /// A small valid bare-metal program at 0x8000_0000: text, data + bss,
    /// and `tohost`/`fromhost` symbols.
    fn default() -> Builder {
        Builder {
            class: 2,
            data: 1,
            e_type: 2,
            machine: 243,
            entry: 0x8000_0000,
            segments: vec![
                Seg::load(0x8000_0000, PF_R | PF_X, &CODE, 16),
                Seg::load(0x8000_1000, PF_R | PF_W, &[1, 2, 3, 4, 5, 6, 7, 8], 0x100),
            ],
            symbols: Some(vec![
                Sym {
                    kind: STT_FUNC,
                    ..Sym::global("_start", 0x8000_0000)
                },
                Sym {
                    kind: STT_OBJECT,
                    ..Sym::global("tohost", 0x8000_1000)
                },
                Sym {
                    kind: STT_OBJECT,
                    ..Sym::global("fromhost", 0x8000_1040)
                },
            ]),
        }
    }
}

fn put16(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_le_bytes());
}
fn put32(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_le_bytes());
}
fn put64(v: &mut Vec<u8>, x: u64) {
    v.extend_from_slice(&x.to_le_bytes());
}
fn align8(v: &mut Vec<u8>) {
    v.resize(v.len().next_multiple_of(8), 0);
}

#[allow(clippy::too_many_arguments)]
fn shdr(
    v: &mut Vec<u8>,
    name: u32,
    ty: u32,
    off: u64,
    size: u64,
    link: u32,
    info: u32,
    entsize: u64,
) {
    put32(v, name);
    put32(v, ty);
    put64(v, 0); // flags
    put64(v, 0); // addr
    put64(v, off);
    put64(v, size);
    put32(v, link);
    put32(v, info);
    put64(v, if entsize == 0 { 1 } else { 8 }); // addralign
    put64(v, entsize);
}

impl Builder {
    pub fn build(&self) -> Vec<u8> {
        self.build_with_layout().0
    }

    pub fn build_with_layout(&self) -> (Vec<u8>, Layout) {
        let mut layout = Layout::default();
        let phnum = self.segments.len();
        let mut v = Vec::new();
        // e_ident
        v.extend_from_slice(b"\x7fELF");
        v.extend_from_slice(&[self.class, self.data, 1, 0]);
        v.extend_from_slice(&[0; 8]);
        put16(&mut v, self.e_type);
        put16(&mut v, self.machine);
        put32(&mut v, 1); // e_version
        put64(&mut v, self.entry);
        put64(&mut v, if phnum > 0 { 64 } else { 0 }); // e_phoff
        put64(&mut v, 0); // e_shoff, patched below
        put32(&mut v, 0x5); // e_flags: RVC, double-float ABI
        put16(&mut v, 64); // e_ehsize
        put16(&mut v, 56); // e_phentsize
        put16(&mut v, phnum as u16);
        put16(&mut v, 64); // e_shentsize
        put16(&mut v, 0); // e_shnum, patched below
        put16(&mut v, 0); // e_shstrndx, patched below
        assert_eq!(v.len(), 64);

        // Program headers, with offsets filled once the data is placed.
        let data_start = 64 + 56 * phnum as u64;
        let mut off = data_start;
        for s in &self.segments {
            layout.seg_offsets.push(off);
            put32(&mut v, s.p_type);
            put32(&mut v, s.flags);
            put64(&mut v, off);
            put64(&mut v, s.vaddr);
            put64(&mut v, s.paddr);
            put64(&mut v, s.data.len() as u64);
            put64(&mut v, s.memsz);
            put64(&mut v, 8);
            off += s.data.len() as u64;
        }
        for s in &self.segments {
            v.extend_from_slice(&s.data);
        }

        let Some(symbols) = &self.symbols else {
            return (v, layout);
        };
        // .strtab
        layout.strtab = v.len() as u64;
        let mut strtab = vec![0u8];
        let mut name_offs = Vec::new();
        for s in symbols {
            name_offs.push(strtab.len() as u32);
            strtab.extend_from_slice(s.name.as_bytes());
            strtab.push(0);
        }
        v.extend_from_slice(&strtab);
        // .symtab: null symbol first.
        align8(&mut v);
        layout.symtab = v.len() as u64;
        v.extend_from_slice(&[0; 24]);
        for (s, &name) in symbols.iter().zip(&name_offs) {
            put32(&mut v, if s.name.is_empty() { 0 } else { name });
            v.push((s.bind << 4) | s.kind);
            v.push(0);
            put16(&mut v, s.shndx);
            put64(&mut v, s.value);
            put64(&mut v, 0);
        }
        let symtab_size = 24 * (symbols.len() as u64 + 1);
        // .shstrtab
        let shstrtab_off = v.len() as u64;
        let shstrtab = b"\0.symtab\0.strtab\0.shstrtab\0";
        v.extend_from_slice(shstrtab);
        // Section headers.
        align8(&mut v);
        layout.shoff = v.len() as u64;
        let shoff = layout.shoff;
        v.extend_from_slice(&[0; 64]);
        shdr(&mut v, 1, 2, layout.symtab, symtab_size, 2, 1, 24);
        shdr(&mut v, 9, 3, layout.strtab, strtab.len() as u64, 0, 0, 0);
        shdr(&mut v, 17, 3, shstrtab_off, shstrtab.len() as u64, 0, 0, 0);
        v[ehdr::SHOFF..ehdr::SHOFF + 8].copy_from_slice(&shoff.to_le_bytes());
        v[ehdr::SHNUM..ehdr::SHNUM + 2].copy_from_slice(&4u16.to_le_bytes());
        v[0x3e..0x40].copy_from_slice(&3u16.to_le_bytes());
        (v, layout)
    }
}

/// Overwrite `bytes[at..at + N]` with `x` (little-endian).
pub fn poke16(bytes: &mut [u8], at: usize, x: u16) {
    bytes[at..at + 2].copy_from_slice(&x.to_le_bytes());
}
pub fn poke32(bytes: &mut [u8], at: usize, x: u32) {
    bytes[at..at + 4].copy_from_slice(&x.to_le_bytes());
}
pub fn poke64(bytes: &mut [u8], at: usize, x: u64) {
    bytes[at..at + 8].copy_from_slice(&x.to_le_bytes());
}
