//! Register, rounding-mode and fence-set names as GNU objdump prints them
//! (ABI register names, its default).

/// Integer registers by number.
pub const GPR: [&str; 32] = [
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4",
    "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
    "t5", "t6",
];

/// Floating-point registers by number.
pub const FPR: [&str; 32] = [
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2",
    "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9",
    "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
];

/// The `rm` field: reserved values 5 and 6 print as `unknown`; 7 (`dyn`)
/// is left out of the operands by the caller.
pub fn rounding_mode(rm: u32) -> &'static str {
    match rm & 7 {
        0 => "rne",
        1 => "rtz",
        2 => "rdn",
        3 => "rup",
        4 => "rmm",
        7 => "dyn",
        _ => "unknown",
    }
}

/// A fence predecessor or successor set (`iorw` bits); the empty set
/// prints as `unknown`.
pub fn fence_set(bits: u32) -> &'static str {
    const SETS: [&str; 16] = [
        "unknown", "w", "r", "rw", "o", "ow", "or", "orw", "i", "iw", "ir", "irw", "io", "iow",
        "ior", "iorw",
    ];
    SETS[(bits & 15) as usize]
}
