//! Device tree for the machine: the flattened device tree blob (DTB) handed
//! to the guest in `a1` at boot, built with `vm-fdt`.
//!
//! The tree is the one QEMU 7.2 generates for `-machine virt -smp 1` (dump
//! it with `qemu-system-riscv64 -machine virt,dumpdtb=virt.dtb -bios none
//! -m 512M -nographic`, read it with `dtc -I dtb -O dts virt.dtb`), cut down
//! to the devices Vitrine has. Node order, property order and phandle numbers
//! follow QEMU's blob, so the two `dtc` listings line up:
//!
//! ```text
//! / { #address-cells = 2; #size-cells = 2; compatible = "riscv-virtio"; model = "riscv-virtio,qemu";
//!   chosen { [linux,initrd-end; linux,initrd-start;] [bootargs;] stdout-path = "/soc/serial@10000000"; }
//!   poweroff { value = 0x5555; offset = 0; regmap = <&test>; compatible = "syscon-poweroff"; }
//!   reboot   { value = 0x7777; offset = 0; regmap = <&test>; compatible = "syscon-reboot"; }
//!   memory@80000000 { device_type = "memory"; reg = <ram_base ram_size>; }
//!   cpus { #address-cells = 1; #size-cells = 0; timebase-frequency;
//!     cpu@0 { phandle = 1; device_type = "cpu"; reg = 0; status = "okay"; compatible = "riscv";
//!             [riscv,cboz-block-size = 64;] [riscv,cbom-block-size = 64;]
//!             riscv,isa; mmu-type = "riscv,sv39";
//!       interrupt-controller { #interrupt-cells = 1; interrupt-controller;
//!                              compatible = "riscv,cpu-intc"; phandle = 2; } }
//!     cpu-map { cluster0 { core0 { cpu = <&cpu0>; } } } }
//!   soc { #address-cells = 2; #size-cells = 2; compatible = "simple-bus"; ranges;
//!     serial@10000000 { interrupts = 10; interrupt-parent = <&plic>; clock-frequency = 3686400;
//!                       reg; compatible = "ns16550a"; }
//!     test@100000 { phandle = 4; reg; compatible = "sifive,test1", "sifive,test0", "syscon"; }
//!     plic@c000000 { phandle = 3; riscv,ndev = 95; reg; interrupts-extended = <&intc 11 &intc 9>;
//!                    interrupt-controller; compatible = "sifive,plic-1.0.0", "riscv,plic0";
//!                    #address-cells = 0; #interrupt-cells = 1; }
//!     clint@2000000 { interrupts-extended = <&intc 3 &intc 7>; reg;
//!                     compatible = "sifive,clint0", "riscv,clint0"; }
//!     introspect@102000 { reg; compatible = "vitrine,introspect"; } } }
//! ```
//!
//! # Differences from QEMU 7.2's tree (kept on purpose)
//!
//! - `soc/introspect@102000` is Vitrine's own: the paravirtual device
//!   through which a kernel names its tasks (`devices/introspect.rs`),
//!   at an address QEMU leaves empty. A kernel that probes the tree for
//!   `"vitrine,introspect"` finds it here and not on QEMU.
//! - Devices Vitrine does not model are left out: `pmu`, `fw-cfg@10100000`,
//!   `flash@20000000`, `platform-bus@4000000`, `soc/rtc@101000`,
//!   `soc/pci@30000000`, and of the eight `soc/virtio_mmio@1000x000` slots
//!   only the first is there, and only when a disk is attached (`--disk`).
//! - `/chosen/rng-seed` is left out: QEMU fills it with fresh random bytes
//!   on every run, and Vitrine runs are deterministic.
//! - `/chosen/bootargs` is left out when the command line is empty (QEMU
//!   always writes it when a kernel is given, possibly empty).
//! - `linux,initrd-start`/`linux,initrd-end` are 64-bit values (two cells);
//!   QEMU 7.2 writes one 32-bit cell. Linux reads either size, and 64 bits
//!   also work for an initrd above 4 GiB.
//! - `mmu-type` is `"riscv,sv39"`, the MMU Vitrine implements; QEMU 7.2's
//!   default CPU says `"riscv,sv48"`.
//! - `riscv,isa` is [`FdtConfig::isa`]; QEMU 7.2's default CPU says
//!   `"rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc"` (no H
//!   here; Zicbom, Zicboz and Zicond, which QEMU 7.2 lacks, are there).
//! - `riscv,cbom-block-size` and `riscv,cboz-block-size` (64, the block of
//!   `cbo.*`) are written when the ISA string names Zicbom or Zicboz, as
//!   QEMU 8 does (Linux reads them to use the instructions).
//! - `plic/riscv,ndev` is 95, the number of sources the PLIC has (1..=95,
//!   source 0 being reserved); QEMU 7.2 writes 96, an off-by-one that later
//!   QEMU versions fixed (they write 95 too).
//! - Like QEMU 7.2, the CPU's interrupt controller has no `#address-cells`;
//!   `dtc` warns about it (`interrupt_provider`), Linux does not care.
//! - The memory node and `reg` follow [`FdtConfig::ram_base`]/`ram_size`;
//!   QEMU's RAM is always at 0x8000_0000.

use crate::cpu::mem_access::CACHE_BLOCK;
use vm_fdt::{FdtWriter, FdtWriterResult as FdtResult};

/// What the device tree says about this particular run.
pub struct FdtConfig {
    pub ram_base: u64,
    pub ram_size: u64,
    pub bootargs: String,
    /// (start, end) physical addresses of the initrd, if any.
    pub initrd: Option<(u64, u64)>,
    /// mtime frequency in Hz (`timebase-frequency`).
    pub timebase: u64,
    /// e.g. "rv64imafdc_zicbom_zicsr_zifencei_sstc" (see `machine::ISA`).
    pub isa: String,
    /// A virtio-mmio block device sits in the first slot (0x1000_1000).
    pub virtio_blk: bool,
}

// Board layout, as on QEMU `virt` (hw/riscv/virt.c, `virt_memmap`).
const TEST_BASE: u64 = 0x10_0000;
const TEST_SIZE: u64 = 0x1000;
const CLINT_BASE: u64 = 0x200_0000;
const CLINT_SIZE: u64 = 0x1_0000;
const PLIC_BASE: u64 = 0xc00_0000;
const PLIC_SIZE: u64 = 0x60_0000;
const UART_BASE: u64 = 0x1000_0000;
const UART_SIZE: u64 = 0x100;
/// The UART's input clock (QEMU's `UART_CLOCK_FREQ`, 3.6864 MHz).
const UART_CLOCK: u32 = 0x38_4000;
/// PLIC source of the UART.
const UART_IRQ: u32 = 10;
/// Interrupt sources of the PLIC, 1..=95.
const PLIC_NDEV: u32 = 95;

// Phandles, numbered as QEMU numbers them.
const PHANDLE_CPU0: u32 = 1;
const PHANDLE_CPU0_INTC: u32 = 2;
const PHANDLE_PLIC: u32 = 3;
const PHANDLE_TEST: u32 = 4;

// Local interrupt numbers (`mip` bits) on the CPU's interrupt controller.
const IRQ_M_SOFT: u32 = 3;
const IRQ_M_TIMER: u32 = 7;
const IRQ_S_EXT: u32 = 9;
const IRQ_M_EXT: u32 = 11;

/// Values written to the test device to power off and to reboot.
const POWEROFF_VALUE: u32 = 0x5555;
const REBOOT_VALUE: u32 = 0x7777;

/// `reg = <base size>` with 2 address and 2 size cells.
fn reg(fdt: &mut FdtWriter, base: u64, size: u64) -> FdtResult<()> {
    fdt.property_array_u64("reg", &[base, size])
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Check the configuration before building anything.
fn validate(cfg: &FdtConfig) -> Result<(), String> {
    if cfg.ram_size == 0 {
        return Err("device tree: RAM size is 0".into());
    }
    let ram_end = cfg.ram_base.checked_add(cfg.ram_size).ok_or_else(|| {
        format!(
            "device tree: RAM {:#x} + {:#x} wraps past 2^64",
            cfg.ram_base, cfg.ram_size
        )
    })?;
    if cfg.timebase == 0 || cfg.timebase > u32::MAX as u64 {
        return Err(format!(
            "device tree: timebase-frequency {} Hz is not in 1..=4294967295 (one 32-bit cell)",
            cfg.timebase
        ));
    }
    if !cfg.isa.to_ascii_lowercase().starts_with("rv64") {
        return Err(format!(
            "device tree: riscv,isa {:?} does not start with \"rv64\"",
            cfg.isa
        ));
    }
    if let Some((start, end)) = cfg.initrd {
        if start > end || start < cfg.ram_base || end > ram_end {
            return Err(format!(
                "device tree: initrd {start:#x}..{end:#x} is not a range inside RAM {:#x}..{ram_end:#x}",
                cfg.ram_base
            ));
        }
    }
    Ok(())
}

/// Flattened device tree blob describing the `virt`-like board.
///
/// Errors (one line, prefixed "device tree:") for a configuration the tree
/// cannot describe: empty or wrapping RAM, a timebase that is 0 or does not
/// fit in 32 bits, an ISA string not starting with "rv64", an initrd range
/// that is reversed or not inside RAM, or strings containing NUL bytes.
pub fn build_fdt(cfg: &FdtConfig) -> Result<Vec<u8>, String> {
    validate(cfg)?;
    write_tree(cfg).map_err(|e| format!("device tree: {e}"))
}

fn write_tree(cfg: &FdtConfig) -> FdtResult<Vec<u8>> {
    let mut fdt = FdtWriter::new()?;
    let root = fdt.begin_node("")?;
    fdt.property_u32("#address-cells", 2)?;
    fdt.property_u32("#size-cells", 2)?;
    fdt.property_string("compatible", "riscv-virtio")?;
    fdt.property_string("model", "riscv-virtio,qemu")?;

    write_chosen(&mut fdt, cfg)?;
    write_syscon(&mut fdt, "poweroff", "syscon-poweroff", POWEROFF_VALUE)?;
    write_syscon(&mut fdt, "reboot", "syscon-reboot", REBOOT_VALUE)?;

    let memory = fdt.begin_node(&format!("memory@{:x}", cfg.ram_base))?;
    fdt.property_string("device_type", "memory")?;
    reg(&mut fdt, cfg.ram_base, cfg.ram_size)?;
    fdt.end_node(memory)?;

    write_cpus(&mut fdt, cfg)?;
    write_soc(&mut fdt, cfg)?;

    fdt.end_node(root)?;
    fdt.finish()
}

fn write_chosen(fdt: &mut FdtWriter, cfg: &FdtConfig) -> FdtResult<()> {
    let chosen = fdt.begin_node("chosen")?;
    if let Some((start, end)) = cfg.initrd {
        fdt.property_u64("linux,initrd-end", end)?;
        fdt.property_u64("linux,initrd-start", start)?;
    }
    if !cfg.bootargs.is_empty() {
        fdt.property_string("bootargs", &cfg.bootargs)?;
    }
    fdt.property_string("stdout-path", &format!("/soc/serial@{UART_BASE:x}"))?;
    fdt.end_node(chosen)
}

/// `poweroff`/`reboot`: a write of `value` to the test device's register 0.
fn write_syscon(fdt: &mut FdtWriter, name: &str, compatible: &str, value: u32) -> FdtResult<()> {
    let node = fdt.begin_node(name)?;
    fdt.property_u32("value", value)?;
    fdt.property_u32("offset", 0)?;
    fdt.property_u32("regmap", PHANDLE_TEST)?;
    fdt.property_string("compatible", compatible)?;
    fdt.end_node(node)
}

fn write_cpus(fdt: &mut FdtWriter, cfg: &FdtConfig) -> FdtResult<()> {
    let cpus = fdt.begin_node("cpus")?;
    fdt.property_u32("#address-cells", 1)?;
    fdt.property_u32("#size-cells", 0)?;
    fdt.property_u32("timebase-frequency", cfg.timebase as u32)?;

    let cpu = fdt.begin_node("cpu@0")?;
    fdt.property_phandle(PHANDLE_CPU0)?;
    fdt.property_string("device_type", "cpu")?;
    fdt.property_u32("reg", 0)?;
    fdt.property_string("status", "okay")?;
    fdt.property_string("compatible", "riscv")?;
    let has = |ext: &str| cfg.isa.to_ascii_lowercase().split('_').any(|e| e == ext);
    if has("zicboz") {
        fdt.property_u32("riscv,cboz-block-size", CACHE_BLOCK as u32)?;
    }
    if has("zicbom") {
        fdt.property_u32("riscv,cbom-block-size", CACHE_BLOCK as u32)?;
    }
    fdt.property_string("riscv,isa", &cfg.isa)?;
    fdt.property_string("mmu-type", "riscv,sv39")?;
    let intc = fdt.begin_node("interrupt-controller")?;
    fdt.property_u32("#interrupt-cells", 1)?;
    fdt.property_null("interrupt-controller")?;
    fdt.property_string("compatible", "riscv,cpu-intc")?;
    fdt.property_phandle(PHANDLE_CPU0_INTC)?;
    fdt.end_node(intc)?;
    fdt.end_node(cpu)?;

    let map = fdt.begin_node("cpu-map")?;
    let cluster = fdt.begin_node("cluster0")?;
    let core = fdt.begin_node("core0")?;
    fdt.property_u32("cpu", PHANDLE_CPU0)?;
    fdt.end_node(core)?;
    fdt.end_node(cluster)?;
    fdt.end_node(map)?;

    fdt.end_node(cpus)
}

fn write_soc(fdt: &mut FdtWriter, cfg: &FdtConfig) -> FdtResult<()> {
    let soc = fdt.begin_node("soc")?;
    fdt.property_u32("#address-cells", 2)?;
    fdt.property_u32("#size-cells", 2)?;
    fdt.property_string("compatible", "simple-bus")?;
    fdt.property_null("ranges")?;

    if cfg.virtio_blk {
        use crate::devices::virtio::mmio::{BASE, IRQ, SIZE};
        let virtio = fdt.begin_node(&format!("virtio_mmio@{BASE:x}"))?;
        fdt.property_null("dma-coherent")?;
        fdt.property_u32("interrupts", IRQ)?;
        fdt.property_u32("interrupt-parent", PHANDLE_PLIC)?;
        reg(fdt, BASE, SIZE)?;
        fdt.property_string("compatible", "virtio,mmio")?;
        fdt.end_node(virtio)?;
    }

    let serial = fdt.begin_node(&format!("serial@{UART_BASE:x}"))?;
    fdt.property_u32("interrupts", UART_IRQ)?;
    fdt.property_u32("interrupt-parent", PHANDLE_PLIC)?;
    fdt.property_u32("clock-frequency", UART_CLOCK)?;
    reg(fdt, UART_BASE, UART_SIZE)?;
    fdt.property_string("compatible", "ns16550a")?;
    fdt.end_node(serial)?;

    let test = fdt.begin_node(&format!("test@{TEST_BASE:x}"))?;
    fdt.property_phandle(PHANDLE_TEST)?;
    reg(fdt, TEST_BASE, TEST_SIZE)?;
    fdt.property_string_list(
        "compatible",
        strings(&["sifive,test1", "sifive,test0", "syscon"]),
    )?;
    fdt.end_node(test)?;

    let plic = fdt.begin_node(&format!("plic@{PLIC_BASE:x}"))?;
    fdt.property_phandle(PHANDLE_PLIC)?;
    fdt.property_u32("riscv,ndev", PLIC_NDEV)?;
    reg(fdt, PLIC_BASE, PLIC_SIZE)?;
    // Context 0: M-mode external interrupt, context 1: S-mode.
    fdt.property_array_u32(
        "interrupts-extended",
        &[PHANDLE_CPU0_INTC, IRQ_M_EXT, PHANDLE_CPU0_INTC, IRQ_S_EXT],
    )?;
    fdt.property_null("interrupt-controller")?;
    fdt.property_string_list("compatible", strings(&["sifive,plic-1.0.0", "riscv,plic0"]))?;
    fdt.property_u32("#address-cells", 0)?;
    fdt.property_u32("#interrupt-cells", 1)?;
    fdt.end_node(plic)?;

    let clint = fdt.begin_node(&format!("clint@{CLINT_BASE:x}"))?;
    fdt.property_array_u32(
        "interrupts-extended",
        &[
            PHANDLE_CPU0_INTC,
            IRQ_M_SOFT,
            PHANDLE_CPU0_INTC,
            IRQ_M_TIMER,
        ],
    )?;
    reg(fdt, CLINT_BASE, CLINT_SIZE)?;
    fdt.property_string_list("compatible", strings(&["sifive,clint0", "riscv,clint0"]))?;
    fdt.end_node(clint)?;

    let base = crate::devices::introspect::BASE;
    let intro = fdt.begin_node(&format!("introspect@{base:x}"))?;
    reg(fdt, base, crate::devices::introspect::SIZE)?;
    fdt.property_string("compatible", "vitrine,introspect")?;
    fdt.end_node(intro)?;

    fdt.end_node(soc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::io::Write;
    use std::process::{Command, Stdio};

    /// A node path ("/soc/serial@10000000") to its properties, in order.
    type Tree = BTreeMap<String, Vec<(String, Vec<u8>)>>;

    fn be32(b: &[u8], at: usize) -> u32 {
        u32::from_be_bytes(b[at..at + 4].try_into().unwrap())
    }

    /// A small DTB reader: checks the header and decodes the structure block.
    /// `blob` may be longer than `totalsize` (QEMU pads its dump).
    fn read_fdt(blob: &[u8]) -> Tree {
        assert!(blob.len() >= 40, "blob shorter than an FDT header");
        assert_eq!(be32(blob, 0), 0xd00d_feed, "magic");
        let total = be32(blob, 4) as usize;
        assert!(
            total <= blob.len(),
            "totalsize {total} > {} bytes",
            blob.len()
        );
        let blob = &blob[..total];
        let off_struct = be32(blob, 8) as usize;
        let off_strings = be32(blob, 12) as usize;
        let version = be32(blob, 20);
        assert!(version >= 16, "version {version}");
        let size_strings = be32(blob, 32) as usize;
        let size_struct = be32(blob, 36) as usize;
        assert!(off_struct + size_struct <= blob.len());
        assert!(off_strings + size_strings <= blob.len());
        let strings = &blob[off_strings..off_strings + size_strings];
        let cstr = |b: &[u8]| {
            let n = b.iter().position(|&c| c == 0).expect("NUL-terminated");
            String::from_utf8(b[..n].to_vec()).unwrap()
        };

        let mut tree = Tree::new();
        let mut path: Vec<String> = Vec::new();
        let mut pos = off_struct;
        let align = |p: usize| (p + 3) & !3;
        loop {
            let token = be32(blob, pos);
            pos += 4;
            match token {
                1 => {
                    let name = cstr(&blob[pos..]);
                    pos = align(pos + name.len() + 1);
                    path.push(name);
                    let p = if path.len() == 1 {
                        "/".to_string()
                    } else {
                        path[1..].iter().map(|n| format!("/{n}")).collect()
                    };
                    assert!(tree.insert(p, Vec::new()).is_none(), "duplicate node");
                }
                2 => {
                    path.pop().expect("END_NODE without BEGIN_NODE");
                }
                3 => {
                    let len = be32(blob, pos) as usize;
                    let name = cstr(&strings[be32(blob, pos + 4) as usize..]);
                    let value = blob[pos + 8..pos + 8 + len].to_vec();
                    pos = align(pos + 8 + len);
                    let p = if path.len() == 1 {
                        "/".to_string()
                    } else {
                        path[1..].iter().map(|n| format!("/{n}")).collect()
                    };
                    tree.get_mut(&p).unwrap().push((name, value));
                }
                4 => {}
                9 => break,
                t => panic!("bad token {t:#x} at {pos:#x}"),
            }
        }
        assert!(path.is_empty(), "unclosed nodes");
        tree
    }

    fn prop<'a>(tree: &'a Tree, node: &str, name: &str) -> &'a [u8] {
        let props = tree.get(node).unwrap_or_else(|| panic!("no node {node}"));
        props
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
            .unwrap_or_else(|| panic!("no property {node}/{name}"))
    }

    fn cells(v: &[u32]) -> Vec<u8> {
        v.iter().flat_map(|c| c.to_be_bytes()).collect()
    }

    fn string(s: &str) -> Vec<u8> {
        let mut v = s.as_bytes().to_vec();
        v.push(0);
        v
    }

    fn cfg() -> FdtConfig {
        FdtConfig {
            ram_base: 0x8000_0000,
            ram_size: 512 << 20,
            bootargs: "console=ttyS0 earlycon".into(),
            initrd: Some((0x8800_0000, 0x8800_03e8)),
            timebase: 10_000_000,
            isa: crate::machine::ISA.into(),
            virtio_blk: false,
        }
    }

    #[test]
    fn fdt_blob_has_the_qemu_virt_layout() {
        let blob = build_fdt(&cfg()).unwrap();
        assert_eq!(be32(&blob, 4) as usize, blob.len(), "totalsize");
        let t = read_fdt(&blob);
        let nodes: Vec<&str> = t.keys().map(|k| k.as_str()).collect();
        assert_eq!(
            nodes,
            [
                "/",
                "/chosen",
                "/cpus",
                "/cpus/cpu-map",
                "/cpus/cpu-map/cluster0",
                "/cpus/cpu-map/cluster0/core0",
                "/cpus/cpu@0",
                "/cpus/cpu@0/interrupt-controller",
                "/memory@80000000",
                "/poweroff",
                "/reboot",
                "/soc",
                "/soc/clint@2000000",
                "/soc/introspect@102000",
                "/soc/plic@c000000",
                "/soc/serial@10000000",
                "/soc/test@100000",
            ]
        );
        assert_eq!(prop(&t, "/", "#address-cells"), cells(&[2]));
        assert_eq!(prop(&t, "/", "compatible"), string("riscv-virtio"));
        assert_eq!(prop(&t, "/", "model"), string("riscv-virtio,qemu"));
        assert_eq!(
            prop(&t, "/chosen", "bootargs"),
            string("console=ttyS0 earlycon")
        );
        assert_eq!(
            prop(&t, "/chosen", "stdout-path"),
            string("/soc/serial@10000000")
        );
        assert_eq!(
            prop(&t, "/chosen", "linux,initrd-start"),
            0x8800_0000u64.to_be_bytes()
        );
        assert_eq!(
            prop(&t, "/chosen", "linux,initrd-end"),
            0x8800_03e8u64.to_be_bytes()
        );
        assert_eq!(
            prop(&t, "/memory@80000000", "reg"),
            cells(&[0, 0x8000_0000, 0, 0x2000_0000])
        );
        assert_eq!(
            prop(&t, "/cpus", "timebase-frequency"),
            cells(&[10_000_000])
        );
        assert_eq!(
            prop(&t, "/cpus/cpu@0", "riscv,isa"),
            string(
                "rv64imafdc_zicbom_zicboz_zicond_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc"
            )
        );
        assert_eq!(
            prop(&t, "/cpus/cpu@0", "riscv,cbom-block-size"),
            cells(&[64])
        );
        assert_eq!(
            prop(&t, "/cpus/cpu@0", "riscv,cboz-block-size"),
            cells(&[64])
        );
        assert_eq!(prop(&t, "/cpus/cpu@0", "mmu-type"), string("riscv,sv39"));
        assert_eq!(
            prop(
                &t,
                "/cpus/cpu@0/interrupt-controller",
                "interrupt-controller"
            ),
            b""
        );
        assert_eq!(prop(&t, "/soc/plic@c000000", "riscv,ndev"), cells(&[95]));
        assert_eq!(
            prop(&t, "/soc/plic@c000000", "interrupts-extended"),
            cells(&[2, 11, 2, 9])
        );
        assert_eq!(
            prop(&t, "/soc/clint@2000000", "interrupts-extended"),
            cells(&[2, 3, 2, 7])
        );
        assert_eq!(
            prop(&t, "/soc/clint@2000000", "reg"),
            cells(&[0, 0x200_0000, 0, 0x1_0000])
        );
        assert_eq!(
            prop(&t, "/soc/serial@10000000", "clock-frequency"),
            cells(&[0x38_4000])
        );
        assert_eq!(
            prop(&t, "/soc/serial@10000000", "interrupt-parent"),
            cells(&[3])
        );
        assert_eq!(
            prop(&t, "/soc/test@100000", "compatible"),
            b"sifive,test1\0sifive,test0\0syscon\0"
        );
        assert_eq!(
            prop(&t, "/soc/introspect@102000", "compatible"),
            string("vitrine,introspect")
        );
        assert_eq!(
            prop(&t, "/soc/introspect@102000", "reg"),
            cells(&[0, 0x10_2000, 0, 0x1000])
        );
        assert_eq!(prop(&t, "/poweroff", "value"), cells(&[0x5555]));
        assert_eq!(prop(&t, "/reboot", "value"), cells(&[0x7777]));
        assert_eq!(
            prop(&t, "/reboot", "regmap"),
            prop(&t, "/soc/test@100000", "phandle")
        );
    }

    #[test]
    fn fdt_optional_chosen_properties() {
        let blob = build_fdt(&FdtConfig {
            bootargs: String::new(),
            initrd: None,
            ..cfg()
        })
        .unwrap();
        let chosen = &read_fdt(&blob)["/chosen"];
        let names: Vec<&str> = chosen.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["stdout-path"]);
    }

    #[test]
    fn fdt_block_sizes_only_with_the_cbo_extensions() {
        let names = |isa: &str| -> Vec<String> {
            let blob = build_fdt(&FdtConfig {
                isa: isa.into(),
                ..cfg()
            })
            .unwrap();
            read_fdt(&blob)["/cpus/cpu@0"]
                .iter()
                .map(|(n, _)| n.clone())
                .filter(|n| n.contains("block-size"))
                .collect()
        };
        assert!(names("rv64imafdc_zicsr_zifencei_sstc").is_empty());
        assert_eq!(names("rv64imafdc_zicbom_zicsr"), ["riscv,cbom-block-size"]);
        assert_eq!(names("rv64imafdc_zicboz"), ["riscv,cboz-block-size"]);
    }

    #[test]
    fn fdt_memory_follows_the_config() {
        let blob = build_fdt(&FdtConfig {
            ram_base: 0x1_0000_0000,
            ram_size: 0x1_0000_0000,
            initrd: None,
            ..cfg()
        })
        .unwrap();
        let t = read_fdt(&blob);
        assert_eq!(prop(&t, "/memory@100000000", "reg"), cells(&[1, 0, 1, 0]));
    }

    #[test]
    fn fdt_rejects_bad_configs() {
        let bad = [
            FdtConfig {
                ram_size: 0,
                ..cfg()
            },
            FdtConfig {
                ram_base: u64::MAX,
                ..cfg()
            },
            FdtConfig {
                timebase: 0,
                ..cfg()
            },
            FdtConfig {
                timebase: 1 << 32,
                ..cfg()
            },
            FdtConfig {
                isa: "rv32imac".into(),
                ..cfg()
            },
            FdtConfig {
                initrd: Some((0x8800_1000, 0x8800_0000)),
                ..cfg()
            },
            FdtConfig {
                initrd: Some((0x7000_0000, 0x7000_1000)),
                ..cfg()
            },
            FdtConfig {
                initrd: Some((0x9fff_f000, 0xa000_1000)),
                ..cfg()
            },
            FdtConfig {
                bootargs: "a\0b".into(),
                ..cfg()
            },
        ];
        for c in bad {
            let e = build_fdt(&c).unwrap_err();
            assert!(e.starts_with("device tree: ") && !e.contains('\n'), "{e}");
        }
    }

    /// Run `dtc` on `blob`; `None` if dtc is not installed.
    fn dtc(blob: &[u8]) -> Option<(String, String)> {
        let mut child = match Command::new("dtc")
            .args(["-I", "dtb", "-O", "dts", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
        {
            Ok(c) => c,
            Err(_) => {
                eprintln!("SKIPPED: dtc not found (apt-get install device-tree-compiler)");
                return None;
            }
        };
        child.stdin.take().unwrap().write_all(blob).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "dtc failed: {stderr}");
        Some((String::from_utf8(out.stdout).unwrap(), stderr))
    }

    #[test]
    fn fdt_decompiles_with_dtc() {
        let Some((dts, warnings)) = dtc(&build_fdt(&cfg()).unwrap()) else {
            return;
        };
        for needle in [
            "compatible = \"riscv-virtio\";",
            "model = \"riscv-virtio,qemu\";",
            "bootargs = \"console=ttyS0 earlycon\";",
            "stdout-path = \"/soc/serial@10000000\";",
            "linux,initrd-start = <0x00 0x88000000>;",
            "linux,initrd-end = <0x00 0x880003e8>;",
            "memory@80000000 {",
            "reg = <0x00 0x80000000 0x00 0x20000000>;",
            "timebase-frequency = <0x989680>;",
            "cpu@0 {",
            "riscv,isa = \"rv64imafdc_zicbom_zicboz_zicond_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc\";",
            "riscv,cbom-block-size = <0x40>;",
            "riscv,cboz-block-size = <0x40>;",
            "mmu-type = \"riscv,sv39\";",
            "compatible = \"riscv,cpu-intc\";",
            "clint@2000000 {",
            "interrupts-extended = <0x02 0x03 0x02 0x07>;",
            "plic@c000000 {",
            "riscv,ndev = <0x5f>;",
            "compatible = \"sifive,plic-1.0.0\\0riscv,plic0\";",
            "serial@10000000 {",
            "compatible = \"ns16550a\";",
            "test@100000 {",
            "compatible = \"sifive,test1\\0sifive,test0\\0syscon\";",
            "compatible = \"syscon-poweroff\";",
            "value = <0x7777>;",
        ] {
            assert!(dts.contains(needle), "dtc output lacks {needle:?}:\n{dts}");
        }
        // The one warning QEMU 7.2's own tree gets too.
        for line in warnings.lines() {
            assert!(line.contains("interrupt_provider"), "dtc: {line}");
        }
    }

    /// Our tree against the one QEMU 7.2 dumps: every node we write exists
    /// there (but our own introspection device), and every property has the
    /// same bytes except the documented differences.
    #[test]
    fn fdt_matches_qemu_7_2() {
        let version = Command::new("qemu-system-riscv64")
            .arg("--version")
            .output();
        let Ok(version) = version else {
            eprintln!("SKIPPED: qemu-system-riscv64 not found");
            return;
        };
        if !String::from_utf8_lossy(&version.stdout).contains("version 7.2") {
            eprintln!("SKIPPED: the reference is QEMU 7.2's virt tree; found another QEMU");
            return;
        }
        let path =
            std::env::temp_dir().join(format!("vitrine-fdt-test-{}.dtb", std::process::id()));
        let out = Command::new("qemu-system-riscv64")
            .arg("-machine")
            .arg(format!("virt,dumpdtb={}", path.display()))
            .args([
                "-bios",
                "none",
                "-m",
                "512M",
                "-smp",
                "1",
                "-nographic",
                "-display",
                "none",
            ])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let qemu = std::fs::read(&path);
        let _ = std::fs::remove_file(&path);
        let qemu = qemu.unwrap_or_else(|e| {
            panic!(
                "no dtb from QEMU ({e}): {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        let qemu = read_fdt(&qemu);
        // QEMU without -kernel has no bootargs/initrd: compare with none.
        let ours = read_fdt(
            &build_fdt(&FdtConfig {
                bootargs: String::new(),
                initrd: None,
                ..cfg()
            })
            .unwrap(),
        );
        let differs = [
            "mmu-type",
            "riscv,isa",
            "riscv,ndev",
            "riscv,cbom-block-size",
            "riscv,cboz-block-size",
        ];
        for (node, props) in &ours {
            if node == "/soc/introspect@102000" {
                assert!(!qemu.contains_key(node), "QEMU has {node} now: move ours");
                continue;
            }
            let theirs = qemu
                .get(node)
                .unwrap_or_else(|| panic!("QEMU has no {node}"));
            // QEMU 7.2 has no Zicbom/Zicboz, so no block sizes.
            let names: Vec<&str> = props
                .iter()
                .map(|(n, _)| n.as_str())
                .filter(|n| !matches!(*n, "riscv,cbom-block-size" | "riscv,cboz-block-size"))
                .collect();
            let their_names: Vec<&str> = theirs
                .iter()
                .map(|(n, _)| n.as_str())
                .filter(|n| *n != "rng-seed")
                .collect();
            assert_eq!(names, their_names, "property order in {node}");
            for (name, value) in props {
                if differs.contains(&name.as_str()) {
                    continue;
                }
                assert_eq!(
                    Some(value.as_slice()),
                    theirs
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.as_slice()),
                    "{node}/{name}"
                );
            }
        }
    }
}
