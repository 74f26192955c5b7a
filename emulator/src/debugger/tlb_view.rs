//! `tlb [i|d]`: every valid entry of the TLBs, and their counters, read
//! through the MMU's read-only views.

use super::pagewalk::flag_letters;
use super::Debugger;
use std::fmt::Write;
use vitrine_mmu::addr::level_shift;

impl Debugger {
    pub fn tlb_text(&self, which: &str) -> Result<String, String> {
        let mmu = &self.m.cpu.mmu;
        let sides: Vec<(&str, &vitrine_mmu::Tlb, vitrine_mmu::TlbCounters)> = match which.trim() {
            "" => vec![
                ("iTLB", mmu.itlb(), mmu.counters.itlb),
                ("dTLB", mmu.dtlb(), mmu.counters.dtlb),
            ],
            "i" | "itlb" => vec![("iTLB", mmu.itlb(), mmu.counters.itlb)],
            "d" | "dtlb" => vec![("dTLB", mmu.dtlb(), mmu.counters.dtlb)],
            w => return Err(format!("tlb {w}: expected i, d or nothing (both)")),
        };
        let cfg = mmu.tlb_config();
        let mut out = String::new();
        for (name, tlb, c) in sides {
            let entries: Vec<_> = tlb.iter().collect();
            let _ = writeln!(
                out,
                "{name}: {} entries ({} sets x {} ways), {} valid; hits {}, misses {}, walks {}",
                cfg.entries,
                cfg.entries / cfg.ways,
                cfg.ways,
                entries.len(),
                c.hits,
                c.misses,
                c.walks
            );
            if entries.is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                "  set way  ASID    VPN                 PPN          size  G  flags"
            );
            for e in entries {
                let _ = writeln!(
                    out,
                    "  {:>3} {:>3}  {:<6}  {:#018x}  {:#011x}  {:>4}  {}  {}",
                    e.set,
                    e.way,
                    e.asid.map_or("global".to_string(), |a| a.to_string()),
                    (e.va_base >> 12) & ((1 << 27) - 1),
                    e.ppn.0,
                    match level_shift(e.level) {
                        12 => "4K",
                        21 => "2M",
                        _ => "1G",
                    },
                    if e.global { "G" } else { "-" },
                    flag_letters(e.flags as u64)
                );
            }
        }
        let f = &mmu.counters;
        let _ = writeln!(
            out,
            "sfence.vma: {} all, {} asid, {} addr, {} addr+asid",
            f.flush_all, f.flush_asid, f.flush_addr, f.flush_addr_asid
        );
        Ok(out)
    }
}
