//! How a command line asks for a disk, as QEMU spells it:
//!
//! ```text
//!   -drive file=disk.img,format=raw,if=none,id=hd0[,readonly=on][,serial=S]
//!   -device virtio-blk-device,drive=hd0[,serial=S]
//!   -global virtio-mmio.force-legacy=true|false
//! ```
//!
//! or Vitrine's short form `--disk disk.img[,ro]`. One disk, in the first
//! virtio-mmio slot (`bus=virtio-mmio-bus.0`, which xv6's Makefile gives;
//! QEMU without `bus=` uses the last free slot, 0x1000_8000). Unlike QEMU (whose `virt` board defaults to the legacy
//! interface) the device speaks virtio 1.x unless
//! `-global virtio-mmio.force-legacy=true` asks for version 1.

use super::blk::VirtioBlk;
use super::disk::DiskImage;
use super::mmio::VirtioMmio;
use std::path::Path;

/// The disk options of one command line.
#[derive(Debug, Default, Clone)]
pub struct DiskArgs {
    /// `--disk FILE[,ro]`
    pub disk: Option<String>,
    /// `-drive ...` (each occurrence)
    pub drives: Vec<String>,
    /// `-device ...`
    pub devices: Vec<String>,
    /// `-global ...`
    pub globals: Vec<String>,
    /// Request latency in mtime ticks (`--disk-latency`).
    pub latency_ticks: u64,
}

/// `key=value,key=value` (a leading bare word is returned as "").
fn options(spec: &str) -> Vec<(&str, &str)> {
    spec.split(',')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or(("", p)))
        .collect()
}

fn on(v: &str) -> Option<bool> {
    match v {
        "on" | "true" | "yes" | "1" => Some(true),
        "off" | "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

struct Drive {
    file: String,
    id: String,
    read_only: bool,
    serial: String,
}

fn parse_drive(spec: &str) -> Result<Drive, String> {
    let mut d = Drive {
        file: String::new(),
        id: String::new(),
        read_only: false,
        serial: String::new(),
    };
    let mut iface = "ide";
    for (k, v) in options(spec) {
        match k {
            "file" => d.file = v.to_string(),
            "id" => d.id = v.to_string(),
            "format" if v == "raw" => {}
            "format" => {
                return Err(format!(
                    "-drive {spec}: format={v}: only raw images are supported"
                ))
            }
            "if" => iface = v,
            "readonly" => {
                d.read_only =
                    on(v).ok_or(format!("-drive {spec}: readonly={v}: expected on or off"))?
            }
            "serial" => d.serial = v.to_string(),
            "media" if v == "disk" => {}
            "cache" | "aio" | "discard" | "detect-zeroes" => {} // host-side tuning: no effect here
            _ => return Err(format!("-drive {spec}: option '{k}' is not supported")),
        }
    }
    if d.file.is_empty() {
        return Err(format!("-drive {spec}: file= is needed"));
    }
    if iface != "none" {
        return Err(format!(
            "-drive {spec}: if={iface}: give if=none,id=ID and -device virtio-blk-device,drive=ID (or --disk FILE)"
        ));
    }
    Ok(d)
}

impl DiskArgs {
    /// The block device the options describe, if any. Errors are one line
    /// (a bad command line: exit status 2).
    pub fn build(&self) -> Result<Option<VirtioMmio>, String> {
        let mut legacy = false;
        for g in &self.globals {
            match g.split_once('=') {
                Some(("virtio-mmio.force-legacy", v)) => {
                    legacy = on(v).ok_or(format!("-global {g}: expected true or false"))?
                }
                _ => {
                    return Err(format!(
                        "-global {g}: only virtio-mmio.force-legacy=true|false is supported"
                    ))
                }
            }
        }
        let drives = self
            .drives
            .iter()
            .map(|s| parse_drive(s))
            .collect::<Result<Vec<_>, _>>()?;
        let mut chosen: Vec<(String, bool, String)> = Vec::new();
        if let Some(spec) = &self.disk {
            let (file, flags) = match spec.rsplit_once(',') {
                Some((f, "ro")) => (f, true),
                Some((f, "rw")) => (f, false),
                _ => (spec.as_str(), false),
            };
            chosen.push((file.to_string(), flags, String::new()));
        }
        for dev in &self.devices {
            let opts = options(dev);
            let name = opts.first().map(|(_, v)| *v).unwrap_or("");
            if name != "virtio-blk-device" {
                return Err(format!("-device {dev}: vitrine has virtio-blk-device only"));
            }
            let mut drive_id = None;
            let mut serial = None;
            for (k, v) in &opts[1..] {
                match *k {
                    "drive" => drive_id = Some(*v),
                    "serial" => serial = Some(v.to_string()),
                    "bus" if *v == "virtio-mmio-bus.0" => {}
                    "bus" => {
                        return Err(format!(
                            "-device {dev}: bus={v}: the disk sits in the first slot (bus=virtio-mmio-bus.0)"
                        ))
                    }
                    _ => return Err(format!("-device {dev}: option '{k}' is not supported")),
                }
            }
            let id = drive_id.ok_or(format!("-device {dev}: drive=ID is needed"))?;
            let d = drives
                .iter()
                .find(|d| d.id == id)
                .ok_or(format!("-device {dev}: no -drive has id={id}"))?;
            chosen.push((
                d.file.clone(),
                d.read_only,
                serial.unwrap_or_else(|| d.serial.clone()),
            ));
        }
        for d in &drives {
            if !self.devices.iter().any(|dev| {
                options(dev)
                    .iter()
                    .any(|(k, v)| *k == "drive" && *v == d.id)
            }) {
                return Err(format!(
                    "-drive id={}: no -device virtio-blk-device,drive={} uses it",
                    d.id, d.id
                ));
            }
        }
        match chosen.len() {
            0 => Ok(None),
            1 => {
                let (file, ro, serial) = chosen.pop().unwrap();
                let image = DiskImage::open(Path::new(&file), ro)?;
                let mut blk = VirtioBlk::new(image, serial);
                blk.latency_ticks = self.latency_ticks;
                Ok(Some(VirtioMmio::new(blk, legacy)))
            }
            _ => Err("one disk only: vitrine has one virtio-mmio slot".into()),
        }
    }
}

/// "80us", "2ms", "0", "100ns", "1s" -> mtime ticks (100 ns each).
pub fn parse_latency(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (num, ns_per) = if let Some(n) = t.strip_suffix("ns") {
        (n, 1)
    } else if let Some(n) = t.strip_suffix("us") {
        (n, 1_000)
    } else if let Some(n) = t.strip_suffix("ms") {
        (n, 1_000_000)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1_000_000_000)
    } else if t == "0" {
        ("0", 1)
    } else {
        return Err(format!("'{s}': expected a time like 80us, 2ms or 0"));
    };
    let n: u64 = num
        .trim()
        .parse()
        .map_err(|_| format!("'{s}': expected a time like 80us, 2ms or 0"))?;
    let ns = n.checked_mul(ns_per).ok_or(format!("'{s}': too long"))?;
    Ok(ns / 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(disk: Option<&str>, drives: &[&str], devices: &[&str]) -> DiskArgs {
        DiskArgs {
            disk: disk.map(String::from),
            drives: drives.iter().map(|s| s.to_string()).collect(),
            devices: devices.iter().map(|s| s.to_string()).collect(),
            globals: vec![],
            latency_ticks: 800,
        }
    }

    #[test]
    fn qemu_spelling_and_errors() {
        let img = std::env::temp_dir().join(format!("vitrine-cmdline-{}.img", std::process::id()));
        std::fs::write(&img, vec![0u8; 4096]).unwrap();
        let f = img.display().to_string();
        let drive = format!("file={f},format=raw,if=none,id=hd0");
        assert!(args(None, &[&drive], &["virtio-blk-device,drive=hd0"])
            .build()
            .unwrap()
            .is_some());
        assert!(args(Some(&format!("{f},ro")), &[], &[])
            .build()
            .unwrap()
            .is_some());
        assert!(args(None, &[], &[]).build().unwrap().is_none());
        let err = |a: DiskArgs| a.build().unwrap_err();
        assert!(err(args(None, &[&drive], &[])).contains("no -device"));
        assert!(err(args(None, &[&drive], &["virtio-blk-device,drive=x"]))
            .contains("no -drive has id=x"));
        assert!(err(args(None, &[&format!("file={f},if=virtio")], &[])).contains("if=virtio"));
        assert!(err(args(
            None,
            &[&format!("file={f},if=none,id=a,format=qcow2")],
            &[]
        ))
        .contains("raw"));
        assert!(
            err(args(Some("/nonexistent/disk.img"), &[], &[])).contains("/nonexistent/disk.img")
        );
        assert!(err(args(Some("/tmp"), &[], &[])).contains("directory"));
        std::fs::write(&img, vec![0u8; 100]).unwrap();
        assert!(err(args(Some(&f), &[], &[])).contains("smaller than one 512-byte sector"));
        std::fs::remove_file(&img).unwrap();
    }

    #[test]
    fn latencies() {
        assert_eq!(parse_latency("80us"), Ok(800));
        assert_eq!(parse_latency("0"), Ok(0));
        assert_eq!(parse_latency("2ms"), Ok(20_000));
        assert!(parse_latency("fast").is_err());
    }
}
