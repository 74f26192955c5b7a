//! The addresses translated code embeds, as relocations.
//!
//! A block's code refers to five kinds of host address: the emulator's own
//! functions (call-outs), the shared stubs at the start of the arena, and
//! the block's own copy of its instructions, its chain cells and its page's
//! table. Each is emitted as a symbol (`Emit::addr`), so Cranelift lists
//! where it put it; the cache writes the address in when it installs the
//! code (`apply`). That lets the same machine code serve the same guest
//! instructions again, in another physical page or in a later run
//! (`store`): only these five bases differ.
//!
//! Two more kinds are jumps, not addresses, written once the code is in
//! place (`link_sites`), as x86-64 jumps are relative to where they are:
//! each exit to a constant target in the block's page ends in a direct
//! jump (`Base::Site`), first to the shared link stub and later patched by
//! the dispatcher to the block it chains to (`cache::Chain`); and an exit
//! to another page jumps directly to the cross-page stub (`Base::Near`).

use cranelift_codegen::binemit::Reloc as Kind;
use cranelift_codegen::entity::PrimaryMap;
use cranelift_codegen::ir::{ExternalName, Function, UserExternalName, UserExternalNameRef};
use cranelift_codegen::{FinalizedMachReloc, FinalizedRelocTarget};

/// What an embedded address is relative to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Base {
    /// The emulator's executable (a function's address): the same offset
    /// in every run of the same build, wherever the loader put it.
    Image = 0,
    /// The arena's start (the shared stubs).
    Arena = 1,
    /// The block's copy of its instructions (`helpers::exec` gets pointers).
    Insns = 2,
    /// The block's chain cells.
    Chains = 3,
    /// The page's table of blocks.
    Table = 4,
    /// A chaining exit's jump (`SITE_WIDTH` bytes: a 32-bit displacement
    /// on x86-64, else an absolute address), whose `addend` is the index
    /// of its chain cell; written by `link_sites`, not `apply`.
    Site = 5,
    /// A direct jump (x86-64 only: `jmp rel32`) to the shared stub at
    /// `addend` bytes from the arena's start; written by `link_sites`.
    Near = 6,
}

/// Whether blocks jump to each other and to the stubs with `jmp rel32`
/// (x86-64: the arena is 64 MiB, so every block and stub is in reach);
/// elsewhere Cranelift loads an absolute address and jumps through it.
pub const NEAR: bool = cfg!(target_arch = "x86_64");

/// The bytes of a chaining exit's jump target in the code (`NEAR`).
pub const SITE_WIDTH: usize = if NEAR { 4 } else { 8 };

/// Cranelift's relocation for a chaining exit's jump on this host.
const SITE_KIND: Kind = if NEAR {
    Kind::X86CallPCRel4
} else {
    Kind::Abs8
};

impl Base {
    pub const ALL: [Base; 7] = [
        Base::Image,
        Base::Arena,
        Base::Insns,
        Base::Chains,
        Base::Table,
        Base::Site,
        Base::Near,
    ];

    /// Whether `link_sites` writes it (a jump), not `apply`.
    fn is_jump(self) -> bool {
        matches!(self, Base::Site | Base::Near)
    }

    /// The bytes it takes in the code.
    pub fn width(self) -> usize {
        match self {
            Base::Site => SITE_WIDTH,
            Base::Near => 4,
            _ => 8,
        }
    }

    fn from_index(i: u32) -> Option<Base> {
        Base::ALL.get(i as usize).copied()
    }
}

/// The image's reference point: every function address is stored as its
/// distance from this one.
#[inline(never)]
pub extern "C" fn anchor() {}

/// The bases of one installed block (and the link stub, where its
/// chaining exits first jump).
#[derive(Clone, Copy, Debug, Default)]
pub struct Bases {
    pub arena: usize,
    pub insns: usize,
    pub chains: usize,
    pub table: usize,
    pub link: usize,
}

impl Bases {
    pub fn of(&self, base: Base) -> usize {
        match base {
            Base::Image => anchor as *const () as usize,
            Base::Arena => self.arena,
            Base::Insns => self.insns,
            Base::Chains => self.chains,
            Base::Table => self.table,
            Base::Site => self.link,
            Base::Near => self.arena,
        }
    }
}

/// One embedded address: 8 bytes at `at` in the code hold `base + addend`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reloc {
    pub at: u32,
    pub base: Base,
    pub addend: i64,
}

/// The symbol standing for `base` in `func` (its namespace is 0, its index
/// the base).
pub fn name(func: &mut Function, base: Base) -> ExternalName {
    let r = func.declare_imported_user_function(UserExternalName::new(0, base as u32));
    ExternalName::User(r)
}

/// The function a chaining exit jumps to, for chain cell `cell`
/// (namespace 1, its index the cell's): Cranelift lists the jump as a
/// relocation, which `from_cranelift` makes a `Base::Site`.
pub fn site(func: &mut Function, cell: usize) -> ExternalName {
    jump_name(func, Base::Site, cell)
}

/// The shared stub at `offset` bytes from the arena's start, as a
/// function a block jumps to directly (namespace 2, its index the offset;
/// only where `NEAR`).
pub fn near(func: &mut Function, offset: usize) -> ExternalName {
    jump_name(func, Base::Near, offset)
}

/// The namespace of the symbols a block jumps to, and Cranelift's kind of
/// relocation for that jump on this host.
fn jump_kind(base: Base) -> (u32, Kind) {
    match base {
        Base::Site => (1, SITE_KIND),
        _ => (2, Kind::X86CallPCRel4),
    }
}

fn jump_name(func: &mut Function, base: Base, index: usize) -> ExternalName {
    let r =
        func.declare_imported_user_function(UserExternalName::new(jump_kind(base).0, index as u32));
    ExternalName::User(r)
}

/// Write a jump's target `to` into the code at `at` (`Base::width`
/// bytes: a displacement from the jump's end, or an address).
///
/// # Safety
/// `at` is a jump's target field in writable code, and no block runs.
pub unsafe fn write_jump(at: *mut u8, width: usize, to: usize) {
    if width == 4 {
        let rel = (to as i64).wrapping_sub(at as i64 + 4);
        debug_assert!(i32::try_from(rel).is_ok(), "the arena is 64 MiB");
        core::ptr::write_unaligned(at as *mut i32, rel as i32);
    } else {
        core::ptr::write_unaligned(at as *mut u64, to as u64);
    }
}

/// Cranelift's relocations of a function's code (`names`: its symbols), as ours (None: one we do not
/// know, which the cache would not be able to write).
pub fn from_cranelift(
    names: &PrimaryMap<UserExternalNameRef, UserExternalName>,
    relocs: &[FinalizedMachReloc],
) -> Option<Vec<Reloc>> {
    relocs
        .iter()
        .map(|r| {
            let FinalizedRelocTarget::ExternalName(ExternalName::User(u)) = &r.target else {
                return None;
            };
            let name = names.get(*u)?;
            for base in [Base::Site, Base::Near] {
                if (name.namespace, r.kind) == jump_kind(base) {
                    return Some(Reloc {
                        at: r.offset,
                        base,
                        addend: name.index as i64,
                    });
                }
            }
            if r.kind != Kind::Abs8 || name.namespace != 0 {
                return None;
            }
            Some(Reloc {
                at: r.offset,
                base: Base::from_index(name.index)?,
                addend: r.addend,
            })
        })
        .collect()
}

/// Write the addresses into `code` (false: a relocation falls outside it).
/// Jumps are only checked: `link_sites` writes them.
pub fn apply(code: &mut [u8], relocs: &[Reloc], bases: &Bases) -> bool {
    for r in relocs {
        let at = r.at as usize;
        let Some(slot) = code.get_mut(at..at + r.base.width()) else {
            return false;
        };
        if !r.base.is_jump() {
            let v = (bases.of(r.base) as i64).wrapping_add(r.addend);
            slot.copy_from_slice(&v.to_le_bytes());
        }
    }
    true
}

/// Write the jumps of the code just put at `code` (with `apply`'s checks
/// passed): point the chaining exits' jumps at the link stub, telling
/// each chain cell where its jump is, and the direct jumps at their stub.
///
/// # Safety
/// `code` holds the code `relocs` belong to, writable, and `bases.chains`
/// its chain cells (as many as its sites' indices need).
pub unsafe fn link_sites(code: *mut u8, relocs: &[Reloc], bases: &Bases) {
    for r in relocs {
        let at = code.add(r.at as usize);
        match r.base {
            Base::Site => {
                let cell = (bases.chains as *mut super::cache::Chain).add(r.addend as usize);
                *cell = super::cache::Chain::at(at);
                (*cell).link(bases.of(Base::Site) as super::cache::BlockFn);
            }
            Base::Near => {
                let to = (bases.of(Base::Near) as i64).wrapping_add(r.addend);
                write_jump(at, Base::Near.width(), to as usize);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_writes_base_plus_addend_little_endian() {
        let mut code = vec![0xccu8; 20];
        let bases = Bases {
            arena: 0x1000,
            insns: 0x2000,
            chains: 0x3000,
            table: 0x4000,
            link: 0x5000,
        };
        let relocs = [
            Reloc {
                at: 2,
                base: Base::Chains,
                addend: 0x10,
            },
            Reloc {
                at: 12,
                base: Base::Image,
                addend: -8,
            },
        ];
        assert!(apply(&mut code, &relocs, &bases));
        assert_eq!(&code[2..10], &0x3010u64.to_le_bytes());
        let image = (anchor as *const () as usize as i64 - 8) as u64;
        assert_eq!(&code[12..20], &image.to_le_bytes());
        assert_eq!(code[0], 0xcc);
        assert!(!apply(
            &mut code,
            &[Reloc {
                at: 15,
                base: Base::Table,
                addend: 0
            }],
            &bases
        ));
        // A jump is 4 bytes: it fits where an address would not, and
        // `apply` leaves it to `link_sites`.
        let near = Reloc {
            at: 16,
            base: Base::Near,
            addend: 0x40,
        };
        let before = code.clone();
        assert!(apply(&mut code, &[near], &bases));
        assert_eq!(code, before);
        assert!(!apply(&mut code, &[Reloc { at: 17, ..near }], &bases));
        // The stub 0x40 bytes into an arena that starts 0x100 bytes before
        // the code: the displacement is from the jump's end.
        let bases = Bases {
            arena: code.as_ptr() as usize - 0x100,
            ..bases
        };
        // SAFETY: `code` is writable and the reloc inside it.
        unsafe { link_sites(code.as_mut_ptr(), &[near], &bases) };
        assert_eq!(
            i32::from_le_bytes(code[16..20].try_into().unwrap()),
            -0x100 + 0x40 - 20
        );
    }
}
