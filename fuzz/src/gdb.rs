//! The GDB remote stub (`debugger::gdb`, gdbstub driving the debugger's
//! engine) on a small bare-metal program, fed the fuzzer's bytes as the
//! connection's input. Inputs starting with 0 are the raw byte stream
//! (acks, `$...#xx` packets with whatever checksum, ^C); otherwise each
//! line of the input is one packet body, sent framed with a correct
//! checksum (so mutations reach the command handlers: memory and register
//! reads and writes, breakpoints, watchpoints, steps, reverse execution,
//! `monitor` commands). The session must end (GDB detached or killed, the
//! guest's instruction budget spent, or the input exhausted) without a
//! panic.

use std::collections::BTreeMap;
use vitrine_emulator::debugger::{gdb, Console, Debugger, Frontend, SessionOptions};
use vitrine_emulator::machine::{Machine, MachineConfig};
use vitrine_loader::{ElfImage, Segment};

const RAM_BASE: u64 = 0x8000_0000;

/// `1: addi a0,a0,1; sd a0,256(gp); j 1b` with gp = RAM_BASE.
const PROGRAM: [u32; 3] = [0x0015_0513, 0x10a1_b023, 0xff9f_f06f];

/// An in-memory connection: reads come from the input, writes are dropped.
struct Conn<'a> {
    input: &'a [u8],
    at: usize,
    written: usize,
}

#[derive(Debug)]
struct Eof;

impl gdbstub::conn::Connection for Conn<'_> {
    type Error = Eof;
    fn write(&mut self, _: u8) -> Result<(), Eof> {
        self.written += 1;
        Ok(())
    }
    fn flush(&mut self) -> Result<(), Eof> {
        Ok(())
    }
}

impl gdbstub::conn::ConnectionExt for Conn<'_> {
    fn read(&mut self) -> Result<u8, Eof> {
        let b = *self.input.get(self.at).ok_or(Eof)?;
        self.at += 1;
        Ok(b)
    }
    fn peek(&mut self) -> Result<Option<u8>, Eof> {
        // End of input: like a closed socket, which the run loop takes as
        // "data waiting" and then fails to read.
        self.input.get(self.at).map(|&b| Some(b)).ok_or(Eof)
    }
}

/// The packets of a line-per-packet input, framed.
fn frame(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for body in input.split(|&b| b == b'\n') {
        if body == b"\x03" {
            out.push(3);
            continue;
        }
        let sum = body.iter().fold(0u8, |s, &b| s.wrapping_add(b));
        out.push(b'$');
        out.extend_from_slice(body);
        out.extend_from_slice(format!("#{sum:02x}").as_bytes());
    }
    out
}

pub fn run(data: &[u8]) {
    let input = match data.split_first() {
        Some((0, raw)) => raw.to_vec(),
        _ => frame(data.get(1..).unwrap_or(&[])),
    };
    let code: Vec<u8> = PROGRAM.iter().flat_map(|w| w.to_le_bytes()).collect();
    let image = ElfImage {
        entry: RAM_BASE,
        segments: vec![Segment {
            vaddr: RAM_BASE,
            paddr: RAM_BASE,
            mem_size: 4096,
            data: code,
            readable: true,
            writable: true,
            executable: true,
        }],
        symbols: BTreeMap::new(),
    };
    let cfg = MachineConfig {
        ram_size: 2 << 20,
        max_insns: Some(50_000),
        ..MachineConfig::default()
    };
    let (_console, mute) = Console::new();
    let mut m = Machine::new(cfg, Box::new(std::io::sink()), None);
    m.load(&image).expect("a 2 MiB machine holds one page");
    m.cpu.x[3] = RAM_BASE;
    let opts = SessionOptions {
        frontend: Frontend::Repl,
        elf: Vec::new(),
        initrd: None,
        name: "fuzz".into(),
        bootargs: String::new(),
    };
    let mut d = Debugger::new(m, &opts, mute);
    let conn = Conn {
        input: &input,
        at: 0,
        written: 0,
    };
    let _ = gdb::session(&mut d, conn);
}
