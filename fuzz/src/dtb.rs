//! The device tree: the board's blob as `devices::fdt::build_fdt` writes
//! it for a fuzzer-chosen configuration (RAM, `--append` command line,
//! initrd placement, timebase, ISA string, disk), read back with the `fdt`
//! crate through the queries the teaching kernel makes at boot
//! (`guest-os/kernel/src/boot/dtb.rs`): what the kernel learns must be
//! what the emulator meant, and a configuration the tree cannot describe
//! is an error, never a panic.
//!
//! Not fuzzed: arbitrary blobs. The `fdt` crate (0.1.5) the kernel reads
//! the tree with panics on malformed ones (a property name offset past
//! the strings block, `expect` in `cstr_at_offset`: found in 63 runs of an
//! earlier raw mode of this target). The kernel only ever reads the tree
//! the emulator wrote, which is what this target checks.

use crate::bytes::Bytes;
use fdt::node::FdtNode;
use fdt::Fdt;
use vitrine_emulator::devices::fdt::{build_fdt, FdtConfig};

/// What the kernel reads (dtb.rs's queries).
#[derive(Debug, PartialEq)]
struct Boot<'a> {
    ram: Option<(usize, usize)>,
    bootargs: &'a str,
    initrd: Option<(usize, usize)>,
    uart: Option<usize>,
    timebase: Option<usize>,
    finisher: Option<usize>,
    plic: Option<(usize, usize)>,
}

fn string_prop<'a>(node: FdtNode<'_, 'a>, name: &str) -> Option<&'a str> {
    let value = node.property(name)?.value;
    let value = value.strip_suffix(&[0]).unwrap_or(value);
    core::str::from_utf8(value).ok()
}

fn first_region(node: FdtNode<'_, '_>) -> Option<(usize, usize)> {
    let r = node.reg()?.next()?;
    Some((r.starting_address as usize, r.size?))
}

fn read<'a>(fdt: &Fdt<'a>) -> Boot<'a> {
    let chosen = fdt.find_node("/chosen");
    let uart = chosen
        .and_then(|c| string_prop(c, "stdout-path"))
        .map(|p| p.split(':').next().unwrap_or(p))
        .and_then(|p| {
            if p.starts_with('/') {
                fdt.find_node(p)
            } else {
                fdt.aliases()?.resolve_node(p)
            }
        })
        .or_else(|| fdt.find_compatible(&["ns16550a", "ns16550"]));
    Boot {
        ram: fdt.find_node("/memory").and_then(first_region),
        bootargs: chosen
            .and_then(|c| string_prop(c, "bootargs"))
            .unwrap_or(""),
        initrd: chosen.and_then(|c| {
            Some((
                c.property("linux,initrd-start")?.as_usize()?,
                c.property("linux,initrd-end")?.as_usize()?,
            ))
        }),
        uart: uart.and_then(|n| Some(n.reg()?.next()?.starting_address as usize)),
        timebase: fdt
            .find_node("/cpus")
            .and_then(|c| c.property("timebase-frequency"))
            .and_then(|p| p.as_usize()),
        finisher: fdt
            .find_compatible(&["sifive,test0"])
            .and_then(|n| Some(n.reg()?.next()?.starting_address as usize)),
        plic: fdt
            .find_compatible(&["riscv,plic0", "sifive,plic-1.0.0"])
            .and_then(first_region),
    }
}

fn string(b: &mut Bytes, max: usize) -> String {
    let n = b.u8() as usize % (max + 1);
    (0..n).map(|_| b.u8() as char).collect()
}

pub fn run(data: &[u8]) {
    let mut b = Bytes::new(data);
    let ram_size = match b.u8() % 4 {
        0 => 128 << 20,
        1 => (b.u32() as u64) << 12,
        2 => b.u64(),
        _ => 0,
    };
    let ram_base = if b.u8() % 8 == 0 {
        b.u64()
    } else {
        0x8000_0000
    };
    let initrd = match b.u8() % 3 {
        0 => None,
        1 => Some((
            ram_base.wrapping_add(b.u32() as u64),
            ram_base.wrapping_add(b.u32() as u64),
        )),
        _ => Some((b.u64(), b.u64())),
    };
    let timebase = match b.u8() % 3 {
        0 => 10_000_000,
        1 => b.u32() as u64,
        _ => b.u64(),
    };
    let isa = if b.bool() {
        string(&mut b, 40)
    } else {
        "rv64imafdc_zicsr_zifencei_sstc".into()
    };
    let virtio_blk = b.bool();
    let bootargs = String::from_utf8_lossy(b.rest()).into_owned();
    let cfg = FdtConfig {
        ram_base,
        ram_size,
        bootargs,
        initrd,
        timebase,
        isa,
        virtio_blk,
    };
    let Ok(blob) = build_fdt(&cfg) else { return };
    let fdt = Fdt::new(&blob).expect("the kernel cannot read the tree the emulator wrote");
    let got = read(&fdt);
    assert_eq!(got.ram, Some((ram_base as usize, ram_size as usize)));
    assert_eq!(got.bootargs, cfg.bootargs);
    assert_eq!(got.initrd, initrd.map(|(s, e)| (s as usize, e as usize)));
    assert_eq!(got.timebase, Some(timebase as usize));
    assert!(
        got.uart.is_some() && got.finisher.is_some() && got.plic.is_some(),
        "{got:?}"
    );
}
