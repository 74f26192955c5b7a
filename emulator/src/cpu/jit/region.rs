//! Regions: a hot loop of several blocks compiled as one function.
//!
//! A block (`translate::scan`) is a straight run with side exits, and a
//! loop whose body branches (an `if` inside it, a loop nest) is several
//! blocks that jump to each other: every pass crosses chain cells, and
//! each crossing writes the guest registers back, leaves one function and
//! enters the next (its prologue, its loads). A region is the block
//! reached from the dispatcher (its *entry*) together with the blocks of
//! the same page that lie on a cycle through it, found by following the
//! constant exits (a branch's target, a `jal`'s, the fall-through at the
//! end). `translate::emit` compiles them into one function in which an
//! exit to a member is a jump: the registers stay in host registers
//! across the loop.
//!
//! Exactness: the jump to a member checks, like a chain does, that the
//! member's whole block ends before the instruction limit, and leaves
//! otherwise; the members are of the entry's page (fetches stay iTLB hits
//! the dispatcher counts from `instret`), and the page's invalidation
//! drops the region with it. So a region runs exactly what chained blocks
//! would: only the crossings are cheaper.

use super::translate::{scan, straddles, Kind, Slot};

/// The most blocks a region holds (the entry included), and the most
/// instructions: a region is compiled as one function, and compile time
/// grows with it.
pub const MAX_BLOCKS: usize = 4;
pub const MAX_INSNS: usize = 64;
/// How many blocks the search looks at before it stops.
const MAX_SEEN: usize = 16;

/// Whether `s` jumps or branches to a constant target.
pub fn direct(s: &Slot) -> bool {
    matches!(
        s.kind,
        Kind::Native("jal" | "beq" | "bne" | "blt" | "bge" | "bltu" | "bgeu")
    )
}

/// The page offsets block `slots` may go to next: each direct jump's or
/// branch's target, and the instruction after its end unless it ends with
/// a jump. Only those within the page.
pub fn successors(slots: &[Slot]) -> Vec<usize> {
    let mut out: Vec<i64> = slots
        .iter()
        .filter(|s| direct(s))
        .map(|s| s.off as i64 + s.insn.imm as i64)
        .collect();
    if let Some(last) = slots.last() {
        if !matches!(last.kind, Kind::Native("jal" | "jalr")) {
            out.push(last.off as i64 + last.insn.len as i64);
        }
    }
    out.into_iter()
        .filter(|t| (0..0x1000).contains(t))
        .map(|t| t as usize)
        .collect()
}

/// The region entered at byte `off` of the page `page`: its blocks, the
/// entry first (just the entry's block when it is on no cycle, or
/// straddles the page: `next` is as for `scan`).
pub fn find(page: &[u8], off: usize, next: Option<u16>) -> Vec<Vec<Slot>> {
    let entry = scan(page, off, next);
    if entry.is_empty() || straddles(&entry) {
        return vec![entry];
    }
    // Breadth first from the entry: each block seen and where it goes.
    let mut seen: Vec<(usize, Vec<Slot>, Vec<usize>)> = vec![(off, entry, Vec::new())];
    let mut i = 0;
    while i < seen.len() {
        let succ = successors(&seen[i].1);
        for &t in &succ {
            if seen.len() < MAX_SEEN && !seen.iter().any(|(o, _, _)| *o == t) {
                let slots = scan(page, t, None);
                if !slots.is_empty() {
                    seen.push((t, slots, Vec::new()));
                }
            }
        }
        seen[i].2 = succ;
        i += 1;
    }
    // The blocks from which the entry can be reached again.
    let mut back = vec![false; seen.len()];
    back[0] = true;
    let mut changed = true;
    while changed {
        changed = false;
        for j in 1..seen.len() {
            if !back[j] {
                let to_entry = seen[j].2.iter().any(|&t| {
                    seen.iter()
                        .position(|(o, _, _)| *o == t)
                        .is_some_and(|m| back[m])
                });
                if to_entry {
                    back[j] = true;
                    changed = true;
                }
            }
        }
    }
    // The members other than the entry end after their last exit to the
    // region: what follows is the way out of the loop, which the entry's
    // block or a block of its own runs (a block may end anywhere; it
    // leaves for the next instruction as at its end).
    let starts: Vec<usize> = seen
        .iter()
        .enumerate()
        .filter(|&(j, _)| back[j])
        .map(|(_, (o, _, _))| *o)
        .collect();
    let mut out = Vec::new();
    let mut insns = 0;
    for (j, (_, mut slots, _)) in seen.into_iter().enumerate() {
        if !back[j] {
            continue;
        }
        if j > 0 {
            slots.truncate(loop_part(&slots, &starts));
        }
        if out.len() < MAX_BLOCKS && insns + slots.len() <= MAX_INSNS {
            insns += slots.len();
            out.push(slots);
        }
    }
    out
}

/// How much of block `slots` the loops through the region `starts` use:
/// up to its last exit to one of them (all of it when its end goes on
/// into one).
pub fn loop_part(slots: &[Slot], starts: &[usize]) -> usize {
    let Some(last) = slots.last() else {
        return 0;
    };
    let end = last.off as usize + last.insn.len as usize;
    if !matches!(last.kind, Kind::Native("jal" | "jalr")) && starts.contains(&end) {
        return slots.len();
    }
    slots
        .iter()
        .rposition(|s| direct(s) && starts.contains(&((s.off as i64 + s.insn.imm as i64) as usize)))
        .map_or(0, |k| k + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page holding `words` (32-bit instructions) from its start.
    fn page(words: &[u32]) -> Vec<u8> {
        let mut p = vec![0u8; 0x1000];
        for (i, w) in words.iter().enumerate() {
            p[4 * i..4 * i + 4].copy_from_slice(&w.to_le_bytes());
        }
        p
    }

    /// `loop: a0++; if a1 == 0 { a3++ } else { a2++ }; a4--; bnez a4, loop; ret`
    const LOOP_WITH_IF: [u32; 8] = [
        0x00150513, // 0x00 addi a0,a0,1
        0x00058663, // 0x04 beqz a1,0x10
        0x00160613, // 0x08 addi a2,a2,1
        0x0080006f, // 0x0c j 0x14
        0x00168693, // 0x10 addi a3,a3,1
        0xfff70713, // 0x14 addi a4,a4,-1
        0xfe0714e3, // 0x18 bnez a4,0x00
        0x00008067, // 0x1c ret
    ];

    fn shape(r: &[Vec<Slot>]) -> Vec<(u16, usize)> {
        r.iter().map(|b| (b[0].off, b.len())).collect()
    }

    #[test]
    fn a_loop_with_an_if_is_one_region() {
        let p = page(&LOOP_WITH_IF);
        // The entry's block runs to the `j`; the two arms join the loop's
        // tail, which ends at the `bnez` back (the `ret` after it is the
        // way out: not part of the region).
        assert_eq!(
            shape(&find(&p, 0, None)),
            vec![(0, 4), (0x10, 3), (0x14, 2)]
        );
    }

    #[test]
    fn code_on_no_cycle_is_its_block_alone() {
        let p = page(&LOOP_WITH_IF);
        // Entered at an arm, the region is the same loop, from there.
        assert_eq!(
            shape(&find(&p, 0x10, None)),
            vec![(0x10, 4), (0, 4), (0x14, 2)]
        );
        // The `ret` after the loop, and straight code, are on no cycle.
        assert_eq!(shape(&find(&p, 0x1c, None)), vec![(0x1c, 1)]);
        let straight = page(&[0x00150513, 0x00160613, 0x00008067]);
        assert_eq!(shape(&find(&straight, 0, None)), vec![(0, 3)]);
    }

    #[test]
    fn the_region_is_bounded() {
        // 12 `beqz zero, +4` in a row and a jump back: each branch target
        // starts another block; the region keeps at most MAX_BLOCKS.
        let mut w = vec![0x00000263u32; 12];
        w.push(0xfd1ff06f); // j 0x00
        let p = page(&w);
        let r = find(&p, 0, None);
        assert!(r.len() <= MAX_BLOCKS && r.len() > 1, "{:?}", shape(&r));
        assert!(r.iter().map(Vec::len).sum::<usize>() <= MAX_INSNS);
    }
}
