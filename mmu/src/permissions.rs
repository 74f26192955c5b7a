//! Leaf permission checks: R/W/X, the U bit, `mstatus.SUM` and `mstatus.MXR`.
//!
//! The rules (privileged spec, Sv39 walk step 5):
//!
//! * Fetch needs X. Load needs R, or X when MXR=1. Store needs W.
//! * U-mode may only touch pages with U=1.
//! * S-mode may never *execute* a U=1 page; it may load/store a U=1 page only
//!   when SUM=1.
//!
//! Machine mode never translates; if asked anyway it is checked like S-mode.
//!
//! For the TLB's hot path every (access, privilege, SUM, MXR) combination is
//! given one bit of a 24-bit "context mask" ([`ctx_bit`]). A TLB entry stores
//! the mask of contexts its PTE allows, precomputed from a 256-entry table
//! indexed by the PTE's low flag byte, so a hit checks permissions with one
//! AND.

use crate::access::{AccessCtx, AccessType, Privilege};
use crate::pte::Pte;

/// Does a leaf with flag bits `flags` (the PTE's low bits) allow `access` in `ctx`?
#[inline]
pub const fn allows(flags: u64, access: AccessType, ctx: AccessCtx) -> bool {
    let user_page = flags & Pte::U != 0;
    let privilege_ok = match ctx.privilege {
        Privilege::User => user_page,
        Privilege::Supervisor | Privilege::Machine => {
            !user_page || (ctx.sum && !matches!(access, AccessType::Fetch))
        }
    };
    let kind_ok = match access {
        AccessType::Fetch => flags & Pte::X != 0,
        AccessType::Load => flags & Pte::R != 0 || (ctx.mxr && flags & Pte::X != 0),
        AccessType::Store => flags & Pte::W != 0,
    };
    privilege_ok && kind_ok
}

/// The bit for `(access, ctx)` in a 24-bit context mask:
/// `bit = 8*access + 4*(not U-mode) + 2*SUM + MXR`.
#[inline(always)]
pub const fn ctx_bit(access: AccessType, ctx: AccessCtx) -> u32 {
    let a = match access {
        AccessType::Fetch => 0,
        AccessType::Load => 8,
        AccessType::Store => 16,
    };
    let s = !matches!(ctx.privilege, Privilege::User) as u32;
    1 << (a + 4 * s + 2 * ctx.sum as u32 + ctx.mxr as u32)
}

/// All context bits of store accesses.
pub const STORE_CTX_MASK: u32 = 0xff << 16;

/// The context mask of every `(access, ctx)` that a leaf with low flag byte
/// `flags` allows.
#[inline(always)]
pub const fn allowed_mask(flags: u8) -> u32 {
    ALLOWED[flags as usize]
}

/// The context mask a TLB entry caches for a leaf with low flag byte `flags`:
/// like [`allowed_mask`], but stores are only allowed once D=1, so a store
/// to a clean page goes back to the walker, which sets D in memory.
#[inline(always)]
pub const fn tlb_mask(flags: u8) -> u32 {
    let m = ALLOWED[flags as usize];
    if flags as u64 & Pte::D != 0 {
        m
    } else {
        m & !STORE_CTX_MASK
    }
}

const ALLOWED: [u32; 256] = build_allowed();

const fn build_allowed() -> [u32; 256] {
    let mut table = [0u32; 256];
    let accesses = [AccessType::Fetch, AccessType::Load, AccessType::Store];
    let privileges = [Privilege::User, Privilege::Supervisor];
    let mut flags = 0;
    while flags < 256 {
        let mut mask = 0;
        let mut a = 0;
        while a < 3 {
            let mut p = 0;
            while p < 2 {
                let mut bits = 0;
                while bits < 4 {
                    let ctx = AccessCtx {
                        privilege: privileges[p],
                        sum: bits & 2 != 0,
                        mxr: bits & 1 != 0,
                    };
                    if allows(flags as u64, accesses[a], ctx) {
                        mask |= ctx_bit(accesses[a], ctx);
                    }
                    bits += 1;
                }
                p += 1;
            }
            a += 1;
        }
        table[flags] = mask;
        flags += 1;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use AccessType::*;
    use Privilege::*;

    fn ctx(privilege: Privilege, sum: bool, mxr: bool) -> AccessCtx {
        AccessCtx {
            privilege,
            sum,
            mxr,
        }
    }

    const R: u64 = Pte::R;
    const W: u64 = Pte::W;
    const X: u64 = Pte::X;
    const U: u64 = Pte::U;

    #[test]
    fn kinds() {
        let s = ctx(Supervisor, false, false);
        assert!(allows(R, Load, s));
        assert!(!allows(R, Store, s));
        assert!(!allows(R, Fetch, s));
        assert!(allows(R | W, Store, s));
        assert!(allows(X, Fetch, s));
        assert!(!allows(X, Load, s));
        assert!(allows(R | W | X, Fetch, s));
    }

    #[test]
    fn mxr_makes_executable_readable() {
        assert!(allows(X, Load, ctx(Supervisor, false, true)));
        assert!(allows(X | U, Load, ctx(User, false, true)));
        assert!(!allows(X, Store, ctx(Supervisor, false, true)));
        assert!(
            !allows(W, Load, ctx(Supervisor, false, true)),
            "MXR needs X"
        );
    }

    #[test]
    fn user_pages() {
        // U-mode needs U=1.
        assert!(!allows(R, Load, ctx(User, false, false)));
        assert!(
            !allows(R, Load, ctx(User, true, false)),
            "SUM does not matter in U-mode"
        );
        assert!(allows(R | U, Load, ctx(User, false, false)));
        assert!(allows(X | U, Fetch, ctx(User, false, false)));
        // S-mode on U=1: fetch never, load/store only with SUM.
        assert!(!allows(X | U, Fetch, ctx(Supervisor, false, false)));
        assert!(!allows(X | U, Fetch, ctx(Supervisor, true, false)));
        assert!(!allows(R | W | U, Load, ctx(Supervisor, false, false)));
        assert!(!allows(R | W | U, Store, ctx(Supervisor, false, false)));
        assert!(allows(R | W | U, Load, ctx(Supervisor, true, false)));
        assert!(allows(R | W | U, Store, ctx(Supervisor, true, false)));
        // SUM + MXR together.
        assert!(allows(X | U, Load, ctx(Supervisor, true, true)));
        assert!(!allows(X | U, Load, ctx(Supervisor, false, true)));
    }

    #[test]
    fn masks_agree_with_allows() {
        for flags in 0..256u64 {
            for access in [Fetch, Load, Store] {
                for privilege in [User, Supervisor] {
                    for bits in 0..4 {
                        let c = ctx(privilege, bits & 2 != 0, bits & 1 != 0);
                        let bit = ctx_bit(access, c);
                        assert_eq!(
                            allowed_mask(flags as u8) & bit != 0,
                            allows(flags, access, c)
                        );
                        let tlb =
                            allows(flags, access, c) && (access != Store || flags & Pte::D != 0);
                        assert_eq!(tlb_mask(flags as u8) & bit != 0, tlb);
                    }
                }
            }
        }
    }

    #[test]
    fn ctx_bits_are_distinct() {
        let mut seen = 0u32;
        for access in [Fetch, Load, Store] {
            for privilege in [User, Supervisor] {
                for bits in 0..4 {
                    let b = ctx_bit(access, ctx(privilege, bits & 2 != 0, bits & 1 != 0));
                    assert_eq!(seen & b, 0);
                    seen |= b;
                }
            }
        }
        assert_eq!(seen, (1 << 24) - 1);
        // M-mode is checked like S-mode.
        assert_eq!(
            ctx_bit(Load, ctx(Machine, true, false)),
            ctx_bit(Load, ctx(Supervisor, true, false))
        );
    }
}
