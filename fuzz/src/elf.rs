//! The ELF loader (`vitrine-loader`): parse, classify, symbols, placement.

use vitrine_loader::{classify, parse, symbol_table};

const RAM_BASE: u64 = 0x8000_0000;

pub fn run(data: &[u8]) {
    let _ = classify(data, RAM_BASE);
    let _ = symbol_table(data);
    let Ok(image) = parse(data) else { return };
    for s in &image.segments {
        assert!(s.data.len() as u64 <= s.mem_size, "filesz > memsz accepted");
        assert!(s.mem_size > 0, "empty segment kept");
    }
    if image.check_fits(RAM_BASE, 128 << 20).is_ok() {
        // What the machine does with an image that fits: nothing may overlap
        // or leave RAM.
        let mut spans: Vec<(u64, u64)> = image
            .segments
            .iter()
            .map(|s| (s.paddr, s.paddr + s.mem_size))
            .collect();
        spans.sort_unstable();
        for w in spans.windows(2) {
            assert!(w[0].1 <= w[1].0, "overlap accepted: {spans:x?}");
        }
        for (a, b) in spans {
            assert!(a >= RAM_BASE && b <= RAM_BASE + (128 << 20));
        }
    }
}
