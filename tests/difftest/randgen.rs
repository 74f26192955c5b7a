//! Seeded random RV64GC program generator for differential testing.
//!
//! A program is `prologue + items[0..n] + epilogue`, where every *item* is
//! one random instruction (plus its result-hash update, see below) or a
//! small self-contained group of them (a branch with
//! the 1-3 instructions it jumps over, an LR/SC pair, a `li` followed by a
//! `div`, ...). Items are drawn from one PRNG stream that does not depend on
//! `n`, so the program for `(seed, n)` is a prefix of the program for
//! `(seed, n + k)`: shrinking a failure is a binary search on `n`.
//!
//! Register conventions (the generator never writes these):
//! * `x0`.
//! * `x2` (sp) = `scratch`, the start of the 4 KiB scratch region; used by
//!   the sp-relative compressed loads/stores. `c.addi16sp` is only emitted as
//!   a `+imm ... -imm` pair, so sp is unchanged after every item.
//! * `x8` (s0) = `scratch + 2048`, the base of all other loads, stores and
//!   AMO addresses (a 12-bit offset reaches the whole region; it is also a
//!   valid `rs1'` for the 3-bit compressed forms).
//! * `x29`, `x30`, `x31`: the running result hash. After every item the
//!   generator appends `x31 = (x31 ^ d) * x30` for each register `d` the item
//!   wrote (FP registers via `fmv.x.d x29, fd`) and for fcsr if the item used
//!   the FPU; x30 holds an odd constant. Every intermediate result thus
//!   reaches the final dump, and the hash diverges at the first item that
//!   computes something different, which makes shrinking exact.
//!
//! All other 26 integer registers and all 32 FP registers are random
//! operands and destinations (x0 is also used as a destination, ~4%).
//! Every memory access is naturally aligned and inside the scratch region,
//! except the self-modifying-code items (`Weights::smc`), which `sw` a new
//! instruction over a 4-byte slot in .text, `fence.i`, and call it. Control
//! flow only goes forward, except those calls (a backward `jal` to a slot
//! followed by `jalr x0, 0(link)`: no loops). No CSR other than
//! fcsr/frm/fflags is touched between prologue and epilogue; `frm` only
//! ever holds a valid rounding mode (0-4). LR is always followed by an SC to
//! the same address with the same width, with only integer ALU instructions
//! in between, so SC outcomes are unambiguous: the paired SC succeeds, an SC
//! without a valid reservation (a lone SC, or a second SC) fails.
//!
//! The epilogue saves x1..x31, f0..f31 (raw bits, via `fmv.x.d`) and fcsr,
//! then prints over the UART:
//! ```text
//! BEGIN
//! <x1> ... <x31>      31 lines of 16 hex digits
//! <f0> ... <f31>      32 lines
//! <fcsr>              1 line
//! <mem[0]> ...        512 lines: the scratch region as little-endian dwords
//! END
//! ```
//! and exits through the SiFive test finisher with 0x5555. The trap handler
//! prints `TRAP <mcause> <mepc> <mtval>` and exits with failure code 1.

#![allow(dead_code)]

use std::fmt::Write as _;

/// Size of the scratch data region in bytes.
pub const SCRATCH_SIZE: usize = 4096;
/// Number of 64-bit values in the dump before the memory words.
pub const NUM_REG_LINES: usize = 31 + 32 + 1;
/// Total number of value lines between BEGIN and END.
pub const NUM_DUMP_LINES: usize = NUM_REG_LINES + SCRATCH_SIZE / 8;

/// Name of dump line `i` (x1..x31, f0..f31, fcsr, mem+0xOFF).
pub fn dump_line_name(i: usize) -> String {
    if i == 30 {
        "x31 (result hash)".to_string()
    } else if i < 31 {
        format!("x{}", i + 1)
    } else if i < 63 {
        format!("f{}", i - 31)
    } else if i == 63 {
        "fcsr".to_string()
    } else {
        format!("mem[scratch+0x{:03x}]", (i - 64) * 8)
    }
}

/// splitmix64: tiny, deterministic, good enough for test generation.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        let mut r = Rng(seed ^ 0x6a09_e667_f3bc_c909);
        r.next();
        r
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    /// True with probability `pct`%.
    pub fn pct(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
}

/// Relative weights of the instruction classes (0 disables a class).
#[derive(Clone, Copy, Debug)]
pub struct Weights {
    /// Integer reg-reg / reg-imm ALU incl. W forms and shifts, LUI, AUIPC.
    pub alu: u32,
    /// `li` of an interesting integer value (0, -1, INT_MIN, ...).
    pub li: u32,
    /// M extension, with operands sometimes forced to 0 / -1 / INT_MIN.
    pub muldiv: u32,
    /// Integer loads/stores of all widths.
    pub load_store: u32,
    /// AMOs (.w/.d, all orderings).
    pub amo: u32,
    /// LR/SC pairs, lone SCs, double SCs.
    pub lrsc: u32,
    /// Explicit `c.` instructions (incl. compressed loads/stores/branches/jumps).
    pub compressed: u32,
    /// F/D arithmetic, FMA, conversions, moves, compares, fclass.
    pub fp: u32,
    /// flw/fsw/fld/fsd.
    pub fp_mem: u32,
    /// Load an interesting FP bit pattern (NaNs, inf, subnormals, ...).
    pub fp_li: u32,
    /// fcsr/frm/fflags reads and writes.
    pub fcsr: u32,
    /// Forward conditional branches over 1-3 instructions.
    pub branch: u32,
    /// Forward jal / jalr over 1-3 instructions.
    pub jump: u32,
    /// fence, fence.i, nop.
    pub misc: u32,
    /// Self-modifying code: store a new instruction over one in .text
    /// (executed before or not), `fence.i`, execute it.
    pub smc: u32,
}

impl Weights {
    /// Everything, the default mix.
    pub fn all() -> Self {
        Weights {
            alu: 30,
            li: 4,
            muldiv: 8,
            load_store: 10,
            amo: 4,
            lrsc: 3,
            compressed: 12,
            fp: 22,
            fp_mem: 6,
            fp_li: 4,
            fcsr: 3,
            branch: 5,
            jump: 2,
            misc: 1,
            smc: 1,
        }
    }
    fn none() -> Self {
        Weights {
            alu: 0,
            li: 0,
            muldiv: 0,
            load_store: 0,
            amo: 0,
            lrsc: 0,
            compressed: 0,
            fp: 0,
            fp_mem: 0,
            fp_li: 0,
            fcsr: 0,
            branch: 0,
            jump: 0,
            misc: 0,
            smc: 0,
        }
    }
    /// RV64IM integer computation only.
    pub fn int_only() -> Self {
        Weights {
            alu: 50,
            li: 8,
            muldiv: 30,
            ..Self::none()
        }
    }
    /// Integer loads and stores (with some ALU to vary the stored data).
    pub fn mem_only() -> Self {
        Weights {
            load_store: 60,
            alu: 10,
            li: 5,
            ..Self::none()
        }
    }
    /// F and D (plus the fcsr accesses and FP loads/stores).
    pub fn fp_only() -> Self {
        Weights {
            fp: 70,
            fp_li: 10,
            fp_mem: 6,
            fcsr: 6,
            li: 3,
            ..Self::none()
        }
    }
    /// Explicit compressed instructions only (plus value injection).
    pub fn compressed_only() -> Self {
        Weights {
            compressed: 90,
            li: 4,
            fp_li: 2,
            ..Self::none()
        }
    }
    /// A extension only (plus value injection).
    pub fn amo_only() -> Self {
        Weights {
            amo: 50,
            lrsc: 30,
            li: 8,
            alu: 5,
            ..Self::none()
        }
    }
    /// Self-modifying code with fence.i (plus ALU to vary the operands).
    pub fn smc_only() -> Self {
        Weights {
            smc: 40,
            alu: 40,
            li: 8,
            ..Self::none()
        }
    }
    /// Forward branches and jumps with simple integer bodies.
    pub fn control_only() -> Self {
        Weights {
            branch: 40,
            jump: 20,
            alu: 30,
            li: 5,
            ..Self::none()
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Alu,
    Li,
    MulDiv,
    LoadStore,
    Amo,
    LrSc,
    Compressed,
    Fp,
    FpMem,
    FpLi,
    Fcsr,
    Branch,
    Jump,
    Misc,
    Smc,
}

/// Integer registers the generator may write.
const WRITABLE: [u8; 26] = [
    1, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
];
/// The running result hash, its odd multiplier and its scratch register.
const HASH: u8 = 31;
const HASH_MUL: u8 = 30;
const HASH_TMP: u8 = 29;
const HASH_MUL_VALUE: u64 = 0x9e37_79b9_7f4a_7c15;
/// Writable registers usable as 3-bit `rd'`.
const CWRITABLE: [u8; 7] = [9, 10, 11, 12, 13, 14, 15];

const STATIC_RM: [&str; 5] = ["rne", "rtz", "rdn", "rup", "rmm"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum FKind {
    S,
    D,
}

/// Interesting 64-bit integer values.
fn interesting_int(r: &mut Rng) -> u64 {
    match r.below(24) {
        0 => 0,
        1 => 1,
        2 => u64::MAX,
        3 => i64::MIN as u64,
        4 => i64::MAX as u64,
        5 => i32::MIN as i64 as u64,
        6 => i32::MAX as u64,
        7 => 0x8000_0000,
        8 => 0xffff_ffff,
        9 => 0x7ff,
        10 => (-2048i64) as u64,
        11 => 0x800,
        12 => 1u64 << r.below(64),
        13 => (1u64 << r.below(64)).wrapping_sub(1),
        14..=16 => r.range(-16, 16) as u64,
        17 => r.next() as u32 as i32 as i64 as u64,
        18 => r.next() as u32 as u64,
        19 => r.next() & 0xfff,
        20 => 0xffff_ffff_0000_0000 | (r.below(2) << 31),
        _ => r.next(),
    }
}

/// Interesting double-precision bit patterns.
fn interesting_f64(r: &mut Rng) -> u64 {
    const V: [u64; 30] = [
        0x0000_0000_0000_0000, // +0
        0x8000_0000_0000_0000, // -0
        0x7ff0_0000_0000_0000, // +inf
        0xfff0_0000_0000_0000, // -inf
        0x7ff8_0000_0000_0000, // canonical qNaN
        0xfff8_0000_0000_0000, // negative qNaN
        0x7ff8_0000_dead_beef, // qNaN with payload
        0x7ff0_0000_0000_0001, // sNaN
        0xfff4_0000_0000_0000, // negative sNaN
        0x0000_0000_0000_0001, // min subnormal
        0x000f_ffff_ffff_ffff, // max subnormal
        0x8008_0000_0000_0000, // negative subnormal
        0x0010_0000_0000_0000, // min normal
        0x7fef_ffff_ffff_ffff, // max normal
        0x3ff0_0000_0000_0000, // 1.0
        0xbff0_0000_0000_0000, // -1.0
        0x3fe0_0000_0000_0000, // 0.5
        0x3ff8_0000_0000_0000, // 1.5
        0x4004_0000_0000_0000, // 2.5
        0xbfe0_0000_0000_0000, // -0.5
        0x41e0_0000_0000_0000, // 2^31
        0x41f0_0000_0000_0000, // 2^32
        0xc1e0_0000_0000_0000, // -2^31
        0x43e0_0000_0000_0000, // 2^63
        0x43f0_0000_0000_0000, // 2^64
        0xc3e0_0000_0000_0000, // -2^63
        0x41df_ffff_ffc0_0000, // 2^31 - 1
        0x41ef_ffff_ffe0_0000, // 2^32 - 1
        0x3ca0_0000_0000_0000, // 2^-53
        0x47ef_ffff_e000_0000, // FLT_MAX as double
    ];
    match r.below(10) {
        0..=4 => r.pick(&V),
        5..=7 => {
            // A "normal-looking" double: usually a moderate exponent, sometimes
            // near underflow/overflow or the edges of the single-precision range.
            let sign = r.below(2) << 63;
            let exp = match r.below(10) {
                0 => r.range(1, 60),
                1 => r.range(1990, 2046),
                2 if r.pct(50) => 1023 + r.range(-152, -120),
                2 => 1023 + r.range(120, 130),
                _ => 1023 + r.range(-40, 70),
            } as u64;
            sign | (exp << 52) | (r.next() & 0x000f_ffff_ffff_ffff)
        }
        8 => {
            // A value near a rounding boundary: few mantissa bits, some halfway.
            let sign = r.below(2) << 63;
            let exp = (1023 + r.range(0, 64)) as u64;
            sign | (exp << 52) | ((r.next() & 0xf) << r.below(52))
        }
        _ => r.next(),
    }
}

/// Interesting single-precision bit patterns (32 bits, unboxed).
fn interesting_f32(r: &mut Rng) -> u32 {
    const V: [u32; 28] = [
        0x0000_0000, // +0
        0x8000_0000, // -0
        0x7f80_0000, // +inf
        0xff80_0000, // -inf
        0x7fc0_0000, // canonical qNaN
        0xffc0_0000, // negative qNaN
        0x7fc0_1234, // qNaN with payload
        0x7f80_0001, // sNaN
        0xffa0_0000, // negative sNaN
        0x0000_0001, // min subnormal
        0x007f_ffff, // max subnormal
        0x8040_0000, // negative subnormal
        0x0080_0000, // min normal
        0x7f7f_ffff, // max normal
        0x3f80_0000, // 1.0
        0xbf80_0000, // -1.0
        0x3f00_0000, // 0.5
        0x3fc0_0000, // 1.5
        0x4020_0000, // 2.5
        0xbf00_0000, // -0.5
        0x4f00_0000, // 2^31
        0x4f80_0000, // 2^32
        0xcf00_0000, // -2^31
        0x5f00_0000, // 2^63
        0x5f80_0000, // 2^64
        0xdf00_0000, // -2^63
        0x4effffff,  // 2^31 - 128
        0x3380_0000, // 2^-24
    ];
    match r.below(10) {
        0..=4 => r.pick(&V),
        5..=7 => {
            let sign = (r.below(2) as u32) << 31;
            let exp = match r.below(10) {
                0 => r.range(1, 20),
                1 => r.range(235, 254),
                _ => 127 + r.range(-20, 66),
            } as u32;
            sign | (exp << 23) | (r.next() as u32 & 0x007f_ffff)
        }
        8 => {
            let sign = (r.below(2) as u32) << 31;
            let exp = (127 + r.range(0, 40)) as u32;
            sign | (exp << 23) | ((r.next() as u32 & 0xf) << r.below(23))
        }
        _ => r.next() as u32,
    }
}

/// A 64-bit FP register value: boxed single, double, or an improperly
/// boxed single (reads as canonical NaN by F instructions).
fn interesting_freg(r: &mut Rng) -> (u64, FKind) {
    match r.below(20) {
        0..=8 => (interesting_f64(r), FKind::D),
        9..=17 => (0xffff_ffff_0000_0000 | interesting_f32(r) as u64, FKind::S),
        18 => (
            (r.next() & 0xffff_fffe_0000_0000) | interesting_f32(r) as u64,
            FKind::S,
        ),
        _ => (interesting_f32(r) as u64, FKind::S),
    }
}

/// Instructions that fold the results of an item into the running hash:
/// for each destination register `d` (integer, or FP via `fmv.x.d`) and,
/// if the item touches the FPU, for fcsr: `x31 = (x31 ^ d) * x30`.
fn hash_code(item: &str) -> String {
    const NO_DEST: [&str; 27] = [
        "sb", "sh", "sw", "sd", "fsw", "fsd", "c.sw", "c.sd", "c.swsp", "c.sdsp", "c.fsd",
        "c.fsdsp", "beq", "bne", "blt", "bge", "bltu", "bgeu", "c.beqz", "c.bnez", "c.j", "c.jr",
        "fence", "fence.i", "nop", "c.nop", "j",
    ];
    let mut dests: Vec<String> = Vec::new();
    let mut fpu = false;
    for line in item.lines() {
        if let Some(regs) = line.trim().strip_prefix("#@ writes ") {
            // Destinations of instructions emitted as data (.4byte).
            for d in regs.split_whitespace() {
                if !dests.iter().any(|x| x == d)
                    && !["x0", "x2", "x8", "x29", "x30", "x31"].contains(&d)
                {
                    dests.push(d.to_string());
                }
            }
            continue;
        }
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() || line.ends_with(':') {
            continue;
        }
        let (mnemonic, operands) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        if (mnemonic.starts_with('f') && !mnemonic.starts_with("fence"))
            || mnemonic.starts_with("csr")
        {
            fpu = true;
        }
        let d = if mnemonic == "c.jalr" {
            "x1".to_string()
        } else if NO_DEST.contains(&mnemonic)
            || mnemonic.starts_with("fsrmi") && !operands.contains(',')
        {
            continue;
        } else {
            operands.split(',').next().unwrap_or("").trim().to_string()
        };
        let reserved = ["x0", "x2", "x8", "x29", "x30", "x31"];
        if (d.starts_with('x') || d.starts_with('f'))
            && d.len() > 1
            && !reserved.contains(&d.as_str())
            && !dests.contains(&d)
        {
            dests.push(d);
        }
    }
    let mut s = String::new();
    for d in &dests {
        if d.starts_with('f') {
            let _ = writeln!(
                s,
                "\tfmv.x.d x{HASH_TMP}, {d}\n\txor x{HASH}, x{HASH}, x{HASH_TMP}"
            );
        } else {
            let _ = writeln!(s, "\txor x{HASH}, x{HASH}, {d}");
        }
        let _ = writeln!(s, "\tmul x{HASH}, x{HASH}, x{HASH_MUL}");
    }
    if fpu {
        let _ = writeln!(s, "\tfrcsr x{HASH_TMP}\n\txor x{HASH}, x{HASH}, x{HASH_TMP}\n\tmul x{HASH}, x{HASH}, x{HASH_MUL}");
    }
    s
}

/// The generator for one program.
pub struct Gen {
    rng: Rng,
    w: Weights,
    classes: Vec<(Class, u32)>,
    fkind: [FKind; 32],
    label: u64,
}

/// A generated program: `text(n)` gives the assembly with the first `n` items.
pub struct Program {
    pub seed: u64,
    pub prologue: String,
    pub items: Vec<String>,
    pub epilogue: String,
}

impl Program {
    pub fn text(&self, n: usize) -> String {
        let mut s = String::with_capacity(self.prologue.len() + self.epilogue.len() + n * 32);
        s.push_str(&self.prologue);
        for (i, it) in self.items[..n].iter().enumerate() {
            let _ = writeln!(s, "# item {i}");
            s.push_str(it);
        }
        s.push_str(&self.epilogue);
        s
    }
}

/// Generate the program for `seed` with `n` items drawn with weights `w`.
pub fn generate(seed: u64, n: usize, w: Weights) -> Program {
    let mut init = Rng::new(seed.wrapping_mul(2).wrapping_add(1));
    let mut fkind = [FKind::D; 32];
    let prologue = prologue(&mut init, seed, &mut fkind);
    let mut g = Gen::new(Rng::new(seed.wrapping_mul(2)), w, fkind);
    let items = (0..n).map(|_| g.item()).collect();
    Program {
        seed,
        prologue,
        items,
        epilogue: epilogue() + &data_section(seed),
    }
}

fn prologue(r: &mut Rng, seed: u64, fkind: &mut [FKind; 32]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# vitrine difftest program, seed {seed}");
    s.push_str(
        "\t.option norelax\n\
         \t.section .text.init,\"ax\",@progbits\n\
         \t.globl _start\n\
         _start:\n\
         \tlla x5, trap_handler\n\
         \tcsrw mtvec, x5\n\
         \tli x5, 0x6000\n\
         \tcsrs mstatus, x5\n\
         \tcsrwi fcsr, 0\n",
    );
    let _ = writeln!(s, "\tfsrmi {}", r.below(5));
    let _ = writeln!(s, "\tfsflagsi {}", if r.pct(30) { r.below(32) } else { 0 });
    for (f, kind) in fkind.iter_mut().enumerate() {
        let (v, k) = interesting_freg(r);
        *kind = k;
        let _ = writeln!(s, "\tli x5, 0x{v:x}\n\tfmv.d.x f{f}, x5");
    }
    s.push_str("\tlla x2, scratch\n\tlla x8, scratch + 2048\n");
    let _ = writeln!(
        s,
        "\tli x{HASH}, 0x{:x}\n\tli x{HASH_MUL}, 0x{HASH_MUL_VALUE:x}\n\tli x{HASH_TMP}, 0",
        r.next()
    );
    for reg in WRITABLE {
        let v = if r.pct(60) {
            interesting_int(r)
        } else {
            r.next()
        };
        let _ = writeln!(s, "\tli x{reg}, 0x{v:x}");
    }
    s.push_str("# ---- random instructions\n");
    s
}

fn epilogue() -> String {
    let mut s = String::new();
    s.push_str(
        "# ---- epilogue: dump state\nepilogue:\n\tcsrw mscratch, x31\n\tlla x31, save_area\n",
    );
    for i in 1..31 {
        let _ = writeln!(s, "\tsd x{i}, {}(x31)", (i - 1) * 8);
    }
    s.push_str("\tcsrr x30, mscratch\n\tsd x30, 240(x31)\n");
    for f in 0..32 {
        let _ = writeln!(s, "\tfmv.x.d x30, f{f}\n\tsd x30, {}(x31)", 248 + f * 8);
    }
    s.push_str("\tfrcsr x30\n\tsd x30, 504(x31)\n");
    s.push_str(
        r#"	lla a0, str_begin
	call puts
	lla s1, save_area
	li s2, 64
1:	ld a0, 0(s1)
	li a1, 10
	call puthex
	addi s1, s1, 8
	addi s2, s2, -1
	bnez s2, 1b
	lla s1, scratch
	li s2, 512
2:	ld a0, 0(s1)
	li a1, 10
	call puthex
	addi s1, s1, 8
	addi s2, s2, -1
	bnez s2, 2b
	lla a0, str_end
	call puts
	li t0, 0x100000
	li t1, 0x5555
	sw t1, 0(t0)
3:	j 3b

# putc: a2 = byte. Clobbers t5, t6.
putc:
	li t5, 0x10000000
1:	lbu t6, 5(t5)
	andi t6, t6, 0x20
	beqz t6, 1b
	sb a2, 0(t5)
	ret

# puts: a0 = NUL-terminated string. Clobbers a0, a2, t5, t6, s11.
puts:
	mv s11, ra
1:	lbu a2, 0(a0)
	beqz a2, 2f
	call putc
	addi a0, a0, 1
	j 1b
2:	mv ra, s11
	ret

# puthex: a0 = value (16 hex digits), then the byte a1. Clobbers t0-t2, a2, t5, t6, s11.
puthex:
	mv s11, ra
	li t0, 60
1:	srl t1, a0, t0
	andi t1, t1, 15
	li t2, 10
	blt t1, t2, 2f
	addi t1, t1, 39
2:	addi a2, t1, 48
	call putc
	addi t0, t0, -4
	bgez t0, 1b
	mv a2, a1
	call putc
	mv ra, s11
	ret

	.balign 4
trap_handler:
	lla a0, str_trap
	call puts
	csrr a0, mcause
	li a1, 32
	call puthex
	csrr a0, mepc
	li a1, 32
	call puthex
	csrr a0, mtval
	li a1, 10
	call puthex
	li t0, 0x100000
	li t1, 0x13333
	sw t1, 0(t0)
1:	j 1b

	.section .rodata
str_begin: .asciz "BEGIN\n"
str_end: .asciz "END\n"
str_trap: .asciz "TRAP "

	.section .bss
	.balign 8
save_area: .space 512
"#,
    );
    s
}

/// The `.data` section with the scratch region (part of the epilogue text).
pub fn data_section(seed: u64) -> String {
    let mut r = Rng::new(seed ^ 0x5eed_da7a_0000_0000);
    let mut s = String::from("\t.section .data\n\t.balign 4096\nscratch:\n");
    for _ in 0..SCRATCH_SIZE / 8 {
        let v = if r.pct(15) {
            interesting_int(&mut r)
        } else {
            r.next()
        };
        let _ = writeln!(s, "\t.dword 0x{v:x}");
    }
    s
}

impl Gen {
    fn new(rng: Rng, w: Weights, fkind: [FKind; 32]) -> Self {
        let classes = [
            (Class::Alu, w.alu),
            (Class::Li, w.li),
            (Class::MulDiv, w.muldiv),
            (Class::LoadStore, w.load_store),
            (Class::Amo, w.amo),
            (Class::LrSc, w.lrsc),
            (Class::Compressed, w.compressed),
            (Class::Fp, w.fp),
            (Class::FpMem, w.fp_mem),
            (Class::FpLi, w.fp_li),
            (Class::Fcsr, w.fcsr),
            (Class::Branch, w.branch),
            (Class::Jump, w.jump),
            (Class::Misc, w.misc),
            (Class::Smc, w.smc),
        ]
        .into_iter()
        .filter(|c| c.1 > 0)
        .collect::<Vec<_>>();
        assert!(!classes.is_empty(), "all instruction class weights are 0");
        Gen {
            rng,
            w,
            classes,
            fkind,
            label: 0,
        }
    }

    fn pick_class(&mut self, simple: bool) -> Class {
        let ok = |c: Class| {
            !simple || !matches!(c, Class::Branch | Class::Jump | Class::LrSc | Class::Smc)
        };
        let total: u32 = self.classes.iter().filter(|c| ok(c.0)).map(|c| c.1).sum();
        if total == 0 {
            return Class::Alu;
        }
        let mut k = self.rng.below(total as u64) as u32;
        for &(c, wt) in &self.classes {
            if !ok(c) {
                continue;
            }
            if k < wt {
                return c;
            }
            k -= wt;
        }
        unreachable!()
    }

    /// One item (one instruction or a self-contained group), newline-terminated.
    pub fn item(&mut self) -> String {
        let c = self.pick_class(false);
        let s = self.class_item(c, false);
        let h = hash_code(&s);
        s + &h
    }

    /// An item without control flow or LR/SC, for branch bodies.
    fn simple(&mut self) -> String {
        let c = self.pick_class(true);
        self.class_item(c, true)
    }

    fn class_item(&mut self, c: Class, simple: bool) -> String {
        let s = match c {
            Class::Alu => self.alu(None),
            Class::Li => self.li(),
            Class::MulDiv => self.muldiv(),
            Class::LoadStore => self.load_store(),
            Class::Amo => self.amo(),
            Class::LrSc => self.lrsc(),
            Class::Compressed => self.compressed(simple),
            Class::Fp => self.fp(),
            Class::FpMem => self.fp_mem(),
            Class::FpLi => self.fp_li(),
            Class::Fcsr => self.fcsr(),
            Class::Branch => self.branch(),
            Class::Jump => self.jump(),
            Class::Misc => self.misc(),
            Class::Smc => self.smc(),
        };
        debug_assert!(s.ends_with('\n'));
        s
    }

    // ---- operand helpers

    fn wreg(&mut self) -> u8 {
        self.rng.pick(&WRITABLE)
    }
    /// A destination register: usually writable, sometimes x0 (the write is discarded).
    fn dreg(&mut self) -> u8 {
        if self.rng.pct(4) {
            0
        } else {
            self.wreg()
        }
    }
    fn wreg_except(&mut self, not: u8) -> u8 {
        loop {
            let r = self.wreg();
            if r != not {
                return r;
            }
        }
    }
    fn rreg(&mut self) -> u8 {
        if self.rng.pct(5) {
            0
        } else {
            self.rng.below(32) as u8
        }
    }
    fn imm12(&mut self) -> i64 {
        match self.rng.below(8) {
            0 => self.rng.pick(&[-2048, 2047, -1, 0, 1, 0x7ff, -0x800 + 1]),
            1..=3 => self.rng.range(-16, 16),
            _ => self.rng.range(-2048, 2047),
        }
    }
    fn new_label(&mut self) -> String {
        self.label += 1;
        format!(".Lt{}", self.label)
    }
    fn rm(&mut self) -> String {
        match self.rng.below(10) {
            0 => String::new(), // omitted = dyn
            1 => ", dyn".into(),
            _ => format!(", {}", self.rng.pick(&STATIC_RM)),
        }
    }
    /// A naturally aligned offset from s0 (x8 = scratch + 2048) inside the scratch region.
    fn s0_off(&mut self, size: i64) -> i64 {
        let lo = -2048 / size;
        let hi = (2048 - size) / size;
        self.rng.range(lo, hi) * size
    }
    /// `(setup, base, offset)` for an aligned access of `size` bytes.
    fn mem_operand(&mut self, size: i64) -> (String, u8, i64) {
        match self.rng.below(10) {
            0..=5 => (String::new(), 8, self.s0_off(size)),
            6..=7 => (
                String::new(),
                2,
                self.rng.range(0, (2047 - size + 1) / size) * size,
            ),
            _ => {
                // A computed base: rA = s0 + k, then off so that k + off is in range.
                let ra = self.wreg();
                let k = self.s0_off(8);
                let lo = (-2048 - k).max(-2048);
                let hi = (2048 - size - k).min(2047);
                let off = self.rng.range(
                    lo.div_euclid(size) + (lo.rem_euclid(size) != 0) as i64,
                    hi.div_euclid(size),
                ) * size;
                (format!("\taddi x{ra}, x8, {k}\n"), ra, off)
            }
        }
    }
    /// An FP source register, usually one last written with precision `want`.
    /// NaNs are sticky, so with some probability the register is first
    /// reloaded with a fresh interesting value (the text goes to `pre`).
    fn freg_src_pre(&mut self, want: FKind, pre: &mut String) -> u8 {
        let mut f = self.rng.below(32) as u8;
        for _ in 0..6 {
            if self.fkind[f as usize] == want || self.rng.pct(8) {
                break;
            }
            f = self.rng.below(32) as u8;
        }
        if self.rng.pct(35) {
            let t = self.wreg();
            let v = if want == FKind::D {
                interesting_f64(&mut self.rng)
            } else {
                0xffff_ffff_0000_0000 | interesting_f32(&mut self.rng) as u64
            };
            self.fkind[f as usize] = want;
            let _ = writeln!(pre, "\tli x{t}, 0x{v:x}\n\tfmv.d.x f{f}, x{t}");
        }
        f
    }
    /// Two FP sources; 10% of the time the same register (x - x, x / x, ...).
    fn fpair(&mut self, want: FKind, pre: &mut String) -> (u8, u8) {
        let a = self.freg_src_pre(want, pre);
        let b = if self.rng.pct(10) {
            a
        } else {
            self.freg_src_pre(want, pre)
        };
        (a, b)
    }
    fn freg_dst(&mut self, kind: FKind) -> u8 {
        let f = self.rng.below(32) as u8;
        self.fkind[f as usize] = kind;
        f
    }

    // ---- classes

    fn alu(&mut self, avoid: Option<u8>) -> String {
        const RR: [&str; 15] = [
            "add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and", "addw", "subw",
            "sllw", "srlw", "sraw",
        ];
        const RI: [&str; 7] = ["addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"];
        let rd = match avoid {
            Some(a) => self.wreg_except(a),
            None => self.dreg(),
        };
        match self.rng.below(20) {
            0..=8 => {
                let op = self.rng.pick(&RR);
                let a = self.rreg();
                let b = if self.rng.pct(8) { a } else { self.rreg() };
                format!("\t{op} x{rd}, x{a}, x{b}\n")
            }
            9..=13 => {
                let op = self.rng.pick(&RI);
                let a = self.rreg();
                let i = self.imm12();
                format!("\t{op} x{rd}, x{a}, {i}\n")
            }
            14..=15 => {
                let op = self.rng.pick(&["slli", "srli", "srai"]);
                let a = self.rreg();
                let sh = if self.rng.pct(20) {
                    self.rng.pick(&[0, 1, 31, 32, 63])
                } else {
                    self.rng.below(64)
                };
                format!("\t{op} x{rd}, x{a}, {sh}\n")
            }
            16 => {
                let op = self.rng.pick(&["slliw", "srliw", "sraiw"]);
                let a = self.rreg();
                let sh = self.rng.below(32);
                format!("\t{op} x{rd}, x{a}, {sh}\n")
            }
            17..=18 => {
                let v = if self.rng.pct(20) {
                    self.rng.pick(&[0, 1, 0x7ffff, 0x80000, 0xfffff])
                } else {
                    self.rng.below(1 << 20)
                };
                format!("\tlui x{rd}, 0x{v:x}\n")
            }
            _ => {
                let v = self.rng.below(1 << 20);
                format!("\tauipc x{rd}, 0x{v:x}\n")
            }
        }
    }

    fn li(&mut self) -> String {
        let rd = self.wreg();
        let v = interesting_int(&mut self.rng);
        format!("\tli x{rd}, 0x{v:x}\n")
    }

    fn muldiv(&mut self) -> String {
        const OPS: [&str; 13] = [
            "mul", "mulh", "mulhsu", "mulhu", "mulw", "div", "divu", "rem", "remu", "divw",
            "divuw", "remw", "remuw",
        ];
        let op = self.rng.pick(&OPS);
        let rd = self.dreg();
        let mut s = String::new();
        let (a, b);
        if self.rng.pct(35) {
            // Force the corner cases: x / 0, INT_MIN / -1, ...
            a = self.wreg();
            b = self.wreg_except(a);
            if self.rng.pct(80) {
                let v = self.rng.pick(&[
                    0i64,
                    0,
                    -1,
                    -1,
                    1,
                    i32::MIN as i64,
                    0xffff_ffff_0000_0000u64 as i64,
                ]);
                let _ = writeln!(s, "\tli x{b}, {v}");
            }
            if self.rng.pct(70) {
                let v = self.rng.pick(&[
                    i64::MIN,
                    i32::MIN as i64,
                    0x8000_0000,
                    -1,
                    0,
                    i64::MAX,
                    0x1_8000_0000,
                ]);
                let _ = writeln!(s, "\tli x{a}, {v}");
            }
        } else {
            a = self.rreg();
            b = self.rreg();
        }
        let _ = writeln!(s, "\t{op} x{rd}, x{a}, x{b}");
        s
    }

    fn load_store(&mut self) -> String {
        const LOADS: [(&str, i64); 7] = [
            ("lb", 1),
            ("lbu", 1),
            ("lh", 2),
            ("lhu", 2),
            ("lw", 4),
            ("lwu", 4),
            ("ld", 8),
        ];
        const STORES: [(&str, i64); 4] = [("sb", 1), ("sh", 2), ("sw", 4), ("sd", 8)];
        let store = self.rng.pct(45);
        let (op, size) = if store {
            self.rng.pick(&STORES)
        } else {
            self.rng.pick(&LOADS)
        };
        let (setup, base, off) = self.mem_operand(size);
        let r = if store { self.rreg() } else { self.dreg() };
        format!("{setup}\t{op} x{r}, {off}(x{base})\n")
    }

    fn amo(&mut self) -> String {
        const OPS: [&str; 9] = [
            "amoswap", "amoadd", "amoxor", "amoand", "amoor", "amomin", "amomax", "amominu",
            "amomaxu",
        ];
        let op = self.rng.pick(&OPS);
        let (width, size) = if self.rng.pct(50) { ("w", 4) } else { ("d", 8) };
        let ord = self.rng.pick(&["", "", ".aq", ".rl", ".aqrl"]);
        let (setup, base) = match self.rng.below(10) {
            0..=1 => (String::new(), 8),
            2 => (String::new(), 2),
            _ => {
                let ra = self.wreg();
                let off = self.s0_off(size);
                (format!("\taddi x{ra}, x8, {off}\n"), ra)
            }
        };
        let rd = if self.rng.pct(5) { 0 } else { self.wreg() };
        let rs2 = self.rreg();
        format!("{setup}\t{op}.{width}{ord} x{rd}, x{rs2}, (x{base})\n")
    }

    fn lrsc(&mut self) -> String {
        let (width, size) = if self.rng.pct(50) { ("w", 4) } else { ("d", 8) };
        let ra = self.wreg();
        let off = self.s0_off(size);
        let mut s = format!("\taddi x{ra}, x8, {off}\n");
        let ord = |r: &mut Rng| r.pick(&["", "", ".aq", ".rl", ".aqrl"]);
        match self.rng.below(10) {
            0..=5 => {
                // LR; 0-3 ALU instructions; SC to the same address: succeeds.
                let rd = self.wreg_except(ra);
                let o = ord(&mut self.rng);
                let _ = writeln!(s, "\tlr.{width}{o} x{rd}, (x{ra})");
                for _ in 0..self.rng.below(4) {
                    let a = self.alu(Some(ra));
                    if a.contains("auipc") || a.contains("lui") {
                        continue;
                    }
                    s.push_str(&a);
                }
                let rd2 = self.wreg();
                let rs2 = if self.rng.pct(30) { rd } else { self.rreg() };
                let o = ord(&mut self.rng);
                let _ = writeln!(s, "\tsc.{width}{o} x{rd2}, x{rs2}, (x{ra})");
                if self.rng.pct(25) {
                    // A second SC: the reservation is gone, it fails.
                    let rd3 = self.wreg();
                    let rs2 = self.rreg();
                    let _ = writeln!(s, "\tsc.{width} x{rd3}, x{rs2}, (x{ra})");
                }
            }
            _ => {
                // SC without a reservation: fails, memory unchanged.
                let rd = self.dreg();
                let rs2 = self.rreg();
                let o = ord(&mut self.rng);
                let _ = writeln!(s, "\tsc.{width}{o} x{rd}, x{rs2}, (x{ra})");
            }
        }
        s
    }

    fn compressed(&mut self, simple: bool) -> String {
        let n = if simple { 27 } else { 33 };
        let r = &mut self.rng;
        let cw = |r: &mut Rng| r.pick(&CWRITABLE);
        let cr = |r: &mut Rng| r.range(8, 15) as u8;
        let nz6 = |r: &mut Rng| loop {
            let v = r.range(-32, 31);
            if v != 0 {
                return v;
            }
        };
        match r.below(n) {
            0 => format!("\tc.addi4spn x{}, x2, {}\n", cw(r), r.range(1, 255) * 4),
            1 => format!("\tc.lw x{}, {}(x8)\n", cw(r), r.range(0, 31) * 4),
            2 => format!("\tc.ld x{}, {}(x8)\n", cw(r), r.range(0, 31) * 8),
            3 => format!("\tc.sw x{}, {}(x8)\n", cr(r), r.range(0, 31) * 4),
            4 => format!("\tc.sd x{}, {}(x8)\n", cr(r), r.range(0, 31) * 8),
            5 => {
                let f = r.range(8, 15) as usize;
                self.fkind[f] = FKind::D;
                format!("\tc.fld f{f}, {}(x8)\n", self.rng.range(0, 31) * 8)
            }
            6 => format!("\tc.fsd f{}, {}(x8)\n", r.range(8, 15), r.range(0, 31) * 8),
            7 => format!(
                "\tc.lwsp x{}, {}(x2)\n",
                r.pick(&WRITABLE),
                r.range(0, 63) * 4
            ),
            8 => format!(
                "\tc.ldsp x{}, {}(x2)\n",
                r.pick(&WRITABLE),
                r.range(0, 63) * 8
            ),
            9 => format!("\tc.swsp x{}, {}(x2)\n", r.below(32), r.range(0, 63) * 4),
            10 => format!("\tc.sdsp x{}, {}(x2)\n", r.below(32), r.range(0, 63) * 8),
            11 => {
                let f = r.below(32) as usize;
                self.fkind[f] = FKind::D;
                format!("\tc.fldsp f{f}, {}(x2)\n", self.rng.range(0, 63) * 8)
            }
            12 => format!("\tc.fsdsp f{}, {}(x2)\n", r.below(32), r.range(0, 63) * 8),
            13 => format!("\tc.li x{}, {}\n", r.pick(&WRITABLE), r.range(-32, 31)),
            14 => {
                let v = if r.pct(50) {
                    r.range(1, 31)
                } else {
                    r.range(0xfffe0, 0xfffff)
                };
                format!("\tc.lui x{}, 0x{v:x}\n", r.pick(&WRITABLE))
            }
            15 => format!("\tc.addi x{}, {}\n", r.pick(&WRITABLE), nz6(r)),
            16 => format!("\tc.addiw x{}, {}\n", r.pick(&WRITABLE), r.range(-32, 31)),
            17 => {
                // sp += imm; one sp-relative access; sp -= imm.
                let imm = r.range(1, 31) * 16;
                let acc = match r.below(3) {
                    0 => format!(
                        "\tc.ldsp x{}, {}(x2)\n",
                        r.pick(&WRITABLE),
                        r.range(0, 63) * 8
                    ),
                    1 => format!("\tc.sdsp x{}, {}(x2)\n", r.below(32), r.range(0, 63) * 8),
                    _ => format!("\tc.addi4spn x{}, x2, {}\n", cw(r), r.range(1, 255) * 4),
                };
                format!("\tc.addi16sp x2, {imm}\n{acc}\tc.addi16sp x2, {}\n", -imm)
            }
            18 => format!("\tc.slli x{}, {}\n", r.pick(&WRITABLE), r.range(1, 63)),
            19 => format!("\tc.srli x{}, {}\n", cw(r), r.range(1, 63)),
            20 => format!("\tc.srai x{}, {}\n", cw(r), r.range(1, 63)),
            21 => format!("\tc.andi x{}, {}\n", cw(r), r.range(-32, 31)),
            22 => format!("\tc.mv x{}, x{}\n", r.pick(&WRITABLE), r.range(1, 31)),
            23 => format!("\tc.add x{}, x{}\n", r.pick(&WRITABLE), r.range(1, 31)),
            24 | 25 => {
                let op = r.pick(&["c.and", "c.or", "c.xor", "c.sub", "c.addw", "c.subw"]);
                format!("\t{op} x{}, x{}\n", cw(r), cr(r))
            }
            26 => "\tc.nop\n".into(),
            // ---- control flow (not in branch bodies)
            27 | 28 => {
                let op = r.pick(&["c.beqz", "c.bnez"]);
                let rs = cr(r);
                let l = self.new_label();
                let body = self.cbody();
                format!("\t{op} x{rs}, {l}\n{body}{l}:\n")
            }
            29 => {
                let l = self.new_label();
                let body = self.cbody();
                format!("\tc.j {l}\n{body}{l}:\n")
            }
            _ => {
                let op = self.rng.pick(&["c.jr", "c.jalr"]);
                let ra = self.wreg();
                let odd = if self.rng.pct(20) { " + 1" } else { "" };
                let l = self.new_label();
                let body = self.cbody();
                format!("\tlla x{ra}, {l}{odd}\n\t{op} x{ra}\n{body}{l}:\n")
            }
        }
    }

    /// Body of a compressed branch: 1-3 simple compressed instructions (or
    /// simple instructions of any enabled class).
    fn cbody(&mut self) -> String {
        let mut s = String::new();
        for _ in 0..self.rng.range(1, 3) {
            if self.w.compressed > 0 && self.rng.pct(70) {
                s.push_str(&self.compressed(true));
            } else {
                s.push_str(&self.simple());
            }
        }
        s
    }

    fn body(&mut self) -> String {
        let mut s = String::new();
        for _ in 0..self.rng.range(1, 3) {
            s.push_str(&self.simple());
        }
        s
    }

    fn fp(&mut self) -> String {
        let d = self.rng.pct(50);
        let (p, k) = if d { ("d", FKind::D) } else { ("s", FKind::S) };
        let r = self.rng.below(40);
        let mut pre = String::new();
        let insn = match r {
            0..=9 => {
                let op = self.rng.pick(&["fadd", "fsub", "fmul", "fdiv"]);
                let (a, b) = self.fpair(k, &mut pre);
                let rm = self.rm();
                let fd = self.freg_dst(k);
                format!("\t{op}.{p} f{fd}, f{a}, f{b}{rm}\n")
            }
            10..=11 => {
                let a = self.freg_src_pre(k, &mut pre);
                let rm = self.rm();
                let fd = self.freg_dst(k);
                format!("\tfsqrt.{p} f{fd}, f{a}{rm}\n")
            }
            12..=15 => {
                let op = self
                    .rng
                    .pick(&["fmin", "fmax", "fsgnj", "fsgnjn", "fsgnjx"]);
                let (a, b) = self.fpair(k, &mut pre);
                let fd = self.freg_dst(k);
                format!("\t{op}.{p} f{fd}, f{a}, f{b}\n")
            }
            16..=20 => {
                let op = self.rng.pick(&["fmadd", "fmsub", "fnmsub", "fnmadd"]);
                let (a, b, c) = {
                    let (a, b) = self.fpair(k, &mut pre);
                    let c = if self.rng.pct(10) {
                        self.rng.pick(&[a, b])
                    } else {
                        self.freg_src_pre(k, &mut pre)
                    };
                    (a, b, c)
                };
                let rm = self.rm();
                let fd = self.freg_dst(k);
                format!("\t{op}.{p} f{fd}, f{a}, f{b}, f{c}{rm}\n")
            }
            21..=23 => {
                let op = self.rng.pick(&["feq", "flt", "fle"]);
                let (a, b) = self.fpair(k, &mut pre);
                let rd = self.dreg();
                format!("\t{op}.{p} x{rd}, f{a}, f{b}\n")
            }
            24 => {
                let a = self.freg_src_pre(k, &mut pre);
                let rd = self.dreg();
                format!("\tfclass.{p} x{rd}, f{a}\n")
            }
            25..=28 => {
                let it = self.rng.pick(&["w", "wu", "l", "lu"]);
                let a = self.freg_src_pre(k, &mut pre);
                let rm = self.rm();
                let rd = self.dreg();
                format!("\tfcvt.{it}.{p} x{rd}, f{a}{rm}\n")
            }
            29..=32 => {
                let it = self.rng.pick(&["w", "wu", "l", "lu"]);
                let a = self.rreg();
                // int -> double of a 32-bit int is exact and has no rm operand in GNU as.
                let rm = if d && it.starts_with('w') {
                    String::new()
                } else {
                    self.rm()
                };
                let fd = self.freg_dst(k);
                format!("\tfcvt.{p}.{it} f{fd}, x{a}{rm}\n")
            }
            33..=34 => {
                if d {
                    let a = self.freg_src_pre(FKind::S, &mut pre);
                    let fd = self.freg_dst(FKind::D);
                    format!("\tfcvt.d.s f{fd}, f{a}\n")
                } else {
                    let a = self.freg_src_pre(FKind::D, &mut pre);
                    let rm = self.rm();
                    let fd = self.freg_dst(FKind::S);
                    format!("\tfcvt.s.d f{fd}, f{a}{rm}\n")
                }
            }
            35..=36 => {
                let a = self.freg_src_pre(k, &mut pre);
                let rd = self.dreg();
                let op = if d { "fmv.x.d" } else { "fmv.x.w" };
                format!("\t{op} x{rd}, f{a}\n")
            }
            _ => {
                let a = self.rreg();
                let fd = self.freg_dst(k);
                let op = if d { "fmv.d.x" } else { "fmv.w.x" };
                format!("\t{op} f{fd}, x{a}\n")
            }
        };
        pre + &insn
    }

    fn fp_mem(&mut self) -> String {
        let d = self.rng.pct(50);
        let size = if d { 8 } else { 4 };
        let (setup, base, off) = self.mem_operand(size);
        if self.rng.pct(50) {
            let f = self.rng.below(32);
            let op = if d { "fsd" } else { "fsw" };
            format!("{setup}\t{op} f{f}, {off}(x{base})\n")
        } else {
            let f = self.freg_dst(if d { FKind::D } else { FKind::S });
            let op = if d { "fld" } else { "flw" };
            format!("{setup}\t{op} f{f}, {off}(x{base})\n")
        }
    }

    fn fp_li(&mut self) -> String {
        let t = self.wreg();
        let (v, k) = interesting_freg(&mut self.rng);
        let f = self.freg_dst(k);
        if k == FKind::S && v >> 32 == 0xffff_ffff && self.rng.pct(50) {
            format!("\tli x{t}, 0x{:x}\n\tfmv.w.x f{f}, x{t}\n", v as u32)
        } else {
            format!("\tli x{t}, 0x{v:x}\n\tfmv.d.x f{f}, x{t}\n")
        }
    }

    fn fcsr(&mut self) -> String {
        let rd = self.dreg();
        let r = &mut self.rng;
        match r.below(16) {
            0 => format!("\tfrcsr x{rd}\n"),
            1 => format!("\tfrrm x{rd}\n"),
            2 => format!("\tfrflags x{rd}\n"),
            3 => format!("\tfsflags x{rd}, x{}\n", r.below(32)),
            4 => format!("\tfsflagsi x{rd}, {}\n", r.below(32)),
            5 | 6 => format!("\tfsrmi x{rd}, {}\n", r.below(5)),
            7 => {
                let t = r.pick(&WRITABLE);
                format!("\tli x{t}, {}\n\tfsrm x{rd}, x{t}\n", r.below(5))
            }
            8 => {
                // Full fcsr write; bits above 7 are garbage the hart must ignore.
                let t = r.pick(&WRITABLE);
                let garbage = if r.pct(50) { r.next() & !0xff } else { 0 };
                let v = garbage | (r.below(5) << 5) | r.below(32);
                format!("\tli x{t}, 0x{v:x}\n\tfscsr x{rd}, x{t}\n")
            }
            9 => format!("\tcsrrs x{rd}, fflags, x{}\n", r.below(32)),
            10 => format!("\tcsrrc x{rd}, fflags, x{}\n", r.below(32)),
            11 => format!("\tcsrrc x{rd}, frm, x{}\n", r.below(32)),
            12 => format!("\tcsrrsi x{rd}, fcsr, {}\n", r.below(32)),
            13 => format!("\tcsrrci x{rd}, fcsr, {}\n", r.below(32)),
            14 => format!("\tcsrrwi x{rd}, frm, {}\n", r.below(5)),
            _ => format!("\tcsrrw x{rd}, fflags, x{}\n", r.below(32)),
        }
    }

    fn branch(&mut self) -> String {
        let op = self.rng.pick(&["beq", "bne", "blt", "bge", "bltu", "bgeu"]);
        let a = self.rreg();
        let b = if self.rng.pct(10) { a } else { self.rreg() };
        let l = self.new_label();
        let body = self.body();
        format!("\t{op} x{a}, x{b}, {l}\n{body}{l}:\n")
    }

    fn jump(&mut self) -> String {
        let l = self.new_label();
        if self.rng.pct(50) {
            let w = self.wreg();
            let rd = self.rng.pick(&[0, 1, 1, w]);
            let body = self.body();
            format!("\tjal x{rd}, {l}\n{body}{l}:\n")
        } else {
            // jalr with a non-zero offset, sometimes to an odd address (bit 0 is cleared).
            let ra = self.wreg();
            let w = self.wreg();
            let rd = self.rng.pick(&[0, 1, ra, w]);
            let k = self.imm12();
            let odd = if self.rng.pct(20) { " + 1" } else { "" };
            let body = self.body();
            format!("\tlla x{ra}, {l} - ({k}){odd}\n\tjalr x{rd}, {k}(x{ra})\n{body}{l}:\n")
        }
    }

    /// A random integer instruction as `(encoding, text, rd)`, with rd a
    /// writable register other than `avoid`.
    fn encoded_insn(&mut self, avoid: u8) -> (u32, String, u8) {
        // (name, opcode, funct3, funct7)
        const R: [(&str, u32, u32, u32); 19] = [
            ("add", 0x33, 0, 0),
            ("sub", 0x33, 0, 0x20),
            ("sll", 0x33, 1, 0),
            ("slt", 0x33, 2, 0),
            ("sltu", 0x33, 3, 0),
            ("xor", 0x33, 4, 0),
            ("srl", 0x33, 5, 0),
            ("sra", 0x33, 5, 0x20),
            ("or", 0x33, 6, 0),
            ("and", 0x33, 7, 0),
            ("mul", 0x33, 0, 1),
            ("mulh", 0x33, 1, 1),
            ("div", 0x33, 4, 1),
            ("remu", 0x33, 7, 1),
            ("addw", 0x3b, 0, 0),
            ("subw", 0x3b, 0, 0x20),
            ("sllw", 0x3b, 1, 0),
            ("mulw", 0x3b, 0, 1),
            ("divw", 0x3b, 4, 1),
        ];
        const I: [(&str, u32, u32); 7] = [
            ("addi", 0x13, 0),
            ("slti", 0x13, 2),
            ("sltiu", 0x13, 3),
            ("xori", 0x13, 4),
            ("ori", 0x13, 6),
            ("andi", 0x13, 7),
            ("addiw", 0x1b, 0),
        ];
        let rd = self.wreg_except(avoid);
        let rs1 = self.rreg();
        if self.rng.pct(60) {
            let (name, op, f3, f7) = self.rng.pick(&R);
            let rs2 = self.rreg();
            let enc = f7 << 25
                | (rs2 as u32) << 20
                | (rs1 as u32) << 15
                | f3 << 12
                | (rd as u32) << 7
                | op;
            (enc, format!("{name} x{rd}, x{rs1}, x{rs2}"), rd)
        } else {
            let (name, op, f3) = self.rng.pick(&I);
            let imm = self.imm12();
            let enc = ((imm as u32) & 0xfff) << 20
                | (rs1 as u32) << 15
                | f3 << 12
                | (rd as u32) << 7
                | op;
            (enc, format!("{name} x{rd}, x{rs1}, {imm}"), rd)
        }
    }

    fn smc(&mut self) -> String {
        let link = self.wreg();
        let (enc_a, text_a, rd_a) = self.encoded_insn(link);
        let (enc_b, text_b, rd_b) = self.encoded_insn(link);
        let ra = self.wreg();
        let rb = self.wreg_except(ra);
        let sub = self.new_label();
        let skip = self.new_label();
        let mut s = String::new();
        // A subroutine holding one patchable instruction, jumped over.
        let _ = writeln!(
            s,
            "\tjal x0, {skip}\n\t.balign 4\n{sub}:\n\t.4byte 0x{enc_a:08x}  # {text_a}"
        );
        let _ = writeln!(s, "\tjalr x0, 0(x{link})\n{skip}:");
        let called_before = self.rng.pct(70);
        if called_before {
            // Execute (and let the hart cache) the original instruction first.
            let _ = writeln!(s, "\tjal x{link}, {sub}");
        }
        let _ = writeln!(
            s,
            "\tlla x{ra}, {sub}\n\tli x{rb}, 0x{enc_b:08x}  # {text_b}"
        );
        let _ = writeln!(s, "\tsw x{rb}, 0(x{ra})\n\tfence.i\n\tjal x{link}, {sub}");
        let _ = writeln!(
            s,
            "#@ writes x{} x{rd_b}",
            if called_before { rd_a } else { 0 }
        );
        s
    }

    fn misc(&mut self) -> String {
        self.rng
            .pick(&[
                "\tfence\n",
                "\tfence rw, rw\n",
                "\tfence r, w\n",
                "\tfence.i\n",
                "\tnop\n",
            ])
            .to_string()
    }
}
