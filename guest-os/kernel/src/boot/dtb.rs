//! Boot information from the device tree (DTB) the board passes in a1.
//!
//! The kernel hard-codes nothing it can read here: RAM, the console UART,
//! the test finisher, the timer frequency, the command line (bootargs),
//! where the bootloader put an initial ramdisk, and Vitrine's
//! introspection device (absent on other boards). Parsing is done by the
//! no_std `fdt` crate, which reads the blob in place and never allocates.

use fdt::Fdt;
use fdt::node::FdtNode;

/// What the kernel learnt about the machine at boot.
pub struct BootInfo {
    /// Physical address and size of the device tree blob.
    pub dtb: usize,
    pub dtb_size: usize,
    /// The board's name (root `model`).
    pub model: &'static str,
    /// First RAM region: (start, size).
    pub ram: (usize, usize),
    /// Bytes of RAM in all regions.
    pub ram_total: usize,
    /// Kernel command line, "" if none (/chosen/bootargs).
    pub bootargs: &'static str,
    /// Initial ramdisk: [start, end), if the bootloader loaded one.
    pub initrd: Option<(usize, usize)>,
    /// 16550 console: (base address, compatible string).
    pub uart: Option<(usize, &'static str)>,
    /// The console's PLIC interrupt source (its `interrupts` property).
    pub uart_irq: Option<u32>,
    /// SiFive test finisher base, for power off.
    pub finisher: Option<usize>,
    /// mtime ticks per second (/cpus/timebase-frequency).
    pub timebase_hz: Option<u64>,
    /// Interrupt controllers: (base, size) of the PLIC and of the CLINT.
    pub plic: Option<(usize, usize)>,
    pub clint: Option<(usize, usize)>,
    /// Vitrine's introspection device (dev/introspect.rs), if the board has one.
    pub introspect: Option<usize>,
    /// virtio-mmio slots: (base, PLIC source), in address order (QEMU virt
    /// has eight, mostly empty; Vitrine lists the one with its disk).
    pub virtio: ([(usize, u32); VIRTIO_SLOTS], usize),
}

impl BootInfo {
    /// The virtio-mmio slots found.
    pub fn virtio_slots(&self) -> &[(usize, u32)] {
        &self.virtio.0[..self.virtio.1]
    }
}

/// Parse the device tree at physical address `dtb`.
/// A missing or corrupt tree, or one without memory, is fatal.
pub fn parse(dtb: usize) -> BootInfo {
    let fdt = match unsafe { Fdt::from_ptr(dtb as *const u8) } {
        Ok(fdt) => fdt,
        Err(e) => panic!("no device tree at {dtb:#x}: {e:?}"),
    };
    let (ram, ram_total) = memory(&fdt);
    let chosen = fdt.find_node("/chosen");
    let info = BootInfo {
        dtb,
        dtb_size: fdt.total_size(),
        model: fdt.root().property("model").and_then(|p| p.as_str()).unwrap_or("?"),
        ram,
        ram_total,
        bootargs: chosen.and_then(|c| string_prop(c, "bootargs")).unwrap_or(""),
        initrd: chosen.and_then(initrd),
        uart: uart_node(&fdt, chosen).and_then(uart),
        uart_irq: uart_node(&fdt, chosen)
            .and_then(|n| n.property("interrupts"))
            .and_then(|p| p.as_usize())
            .map(|irq| irq as u32),
        finisher: fdt.find_compatible(&["sifive,test0"]).and_then(first_reg),
        timebase_hz: fdt
            .find_node("/cpus")
            .and_then(|cpus| cpus.property("timebase-frequency"))
            .and_then(|p| p.as_usize())
            .map(|hz| hz as u64),
        plic: fdt.find_compatible(&["riscv,plic0", "sifive,plic-1.0.0"]).and_then(first_region),
        clint: fdt.find_compatible(&["riscv,clint0", "sifive,clint0"]).and_then(first_region),
        introspect: fdt.find_compatible(&["vitrine,introspect"]).and_then(first_reg),
        virtio: virtio_slots(&fdt),
    };
    // The strings move to the heap: the blob is not kept (frame.rs hands
    // its pages out), and its size differs between boards, which would
    // make the free-memory count differ too.
    BootInfo {
        model: keep(info.model),
        bootargs: keep(info.bootargs),
        uart: info.uart.map(|(base, compatible)| (base, keep(compatible))),
        ..info
    }
}

/// A heap copy of a string from the blob, kept for the kernel's lifetime.
fn keep(s: &str) -> &'static str {
    alloc::boxed::Box::leak(alloc::string::String::from(s).into_boxed_str())
}

/// The /memory node's regions: the first one, and the total size.
fn memory(fdt: &Fdt<'static>) -> ((usize, usize), usize) {
    let regions = fdt
        .find_node("/memory")
        .and_then(|m| m.reg())
        .unwrap_or_else(|| panic!("device tree has no /memory node with a reg"));
    let mut first = None;
    let mut total = 0;
    for r in regions {
        let region = (r.starting_address as usize, r.size.unwrap_or(0));
        first.get_or_insert(region);
        total += region.1;
    }
    (first.unwrap_or_else(|| panic!("device tree /memory has no region")), total)
}

/// The initrd range from /chosen (1- or 2-cell values, as Linux accepts).
fn initrd(chosen: FdtNode<'_, 'static>) -> Option<(usize, usize)> {
    let start = chosen.property("linux,initrd-start")?.as_usize()?;
    let end = chosen.property("linux,initrd-end")?.as_usize()?;
    Some((start, end))
}

/// The console's node: /chosen/stdout-path ("path" or "path:options",
/// possibly an alias), else the first ns16550-compatible node.
fn uart_node<'b>(
    fdt: &'b Fdt<'static>,
    chosen: Option<FdtNode<'_, 'static>>,
) -> Option<FdtNode<'b, 'static>> {
    let by_path = chosen
        .and_then(|c| string_prop(c, "stdout-path"))
        .map(|path| path.split(':').next().unwrap_or(path))
        .and_then(|path| match path.starts_with('/') {
            true => fdt.find_node(path),
            false => fdt.aliases()?.resolve_node(path),
        });
    by_path.or_else(|| fdt.find_compatible(&["ns16550a", "ns16550"]))
}

/// The console: (base address, compatible string).
fn uart(node: FdtNode<'_, 'static>) -> Option<(usize, &'static str)> {
    let compatible = node.compatible().map(|c| c.first()).unwrap_or("?");
    Some((first_reg(node)?, compatible))
}

/// Start address of a node's first `reg` region.
fn first_reg(node: FdtNode<'_, 'static>) -> Option<usize> {
    Some(node.reg()?.next()?.starting_address as usize)
}

/// (start, size) of a node's first `reg` region.
fn first_region(node: FdtNode<'_, 'static>) -> Option<(usize, usize)> {
    let r = node.reg()?.next()?;
    Some((r.starting_address as usize, r.size?))
}

/// A string property without its NUL terminator ("" for an empty value).
fn string_prop(node: FdtNode<'_, 'static>, name: &str) -> Option<&'static str> {
    let value = node.property(name)?.value;
    let value = value.strip_suffix(&[0]).unwrap_or(value);
    core::str::from_utf8(value).ok()
}

/// Most virtio-mmio slots kept (QEMU's virt board has eight).
pub const VIRTIO_SLOTS: usize = 8;

/// The `virtio,mmio` nodes: (base, interrupt), lowest address first, in a
/// fixed array (no heap: the boot log's heap figure is the same with or
/// without them, on QEMU and on Vitrine).
fn virtio_slots(fdt: &Fdt<'static>) -> ([(usize, u32); VIRTIO_SLOTS], usize) {
    let mut slots = [(0usize, 0u32); VIRTIO_SLOTS];
    let mut n = 0;
    for node in fdt.all_nodes() {
        if !node.compatible().is_some_and(|c| c.all().any(|s| s == "virtio,mmio")) {
            continue;
        }
        let Some(base) = first_reg(node) else { continue };
        let irq = node.property("interrupts").and_then(|p| p.as_usize()).unwrap_or(1) as u32;
        if n < VIRTIO_SLOTS {
            slots[n] = (base, irq);
            n += 1;
        }
    }
    slots[..n].sort_unstable();
    (slots, n)
}
