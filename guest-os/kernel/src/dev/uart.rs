//! The console: a 16550 UART. Output is polled (wait for THR empty);
//! input raises the receive-data interrupt (through the PLIC, trap/mod.rs).
//!
//! Registers (8 bits each, one byte apart on the virt board):
//!   0 THR transmit holding (write) / RBR receive buffer (read)
//!   1 IER interrupt enable        2 FCR FIFO control (write)
//!   3 LCR line control            5 LSR line status (bit 5: THR empty)
//!   6 MSR modem status (bit 7: DCD, carrier detect; bit 3: DCD changed)
//! With LCR.DLAB set, offsets 0 and 1 are the baud rate divisor instead.

use crate::klib::global::Global;
use crate::klib::spinlock::SpinLock;
use core::fmt::{self, Write};
use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Where the UART is until the device tree says otherwise (QEMU virt).
pub const DEFAULT_BASE: usize = 0x1000_0000;

const THR: usize = 0;
const IER: usize = 1;
const FCR: usize = 2;
const LCR: usize = 3;
const LSR: usize = 5;
const DLL: usize = 0;
const DLM: usize = 1;

const LCR_8N1: u8 = 0x03;
const LCR_DLAB: u8 = 0x80;
const FCR_ENABLE_AND_CLEAR: u8 = 0x07;
const LSR_THR_EMPTY: u8 = 1 << 5;
const LSR_DATA_READY: u8 = 1 << 0;
const RBR: usize = 0;
const IER_RX_READY: u8 = 1 << 0;
const IER_MODEM_STATUS: u8 = 1 << 3;
const MSR: usize = 6;
const MSR_DCD: u8 = 1 << 7;

/// Bytes received before init, not yet taken by getc.
struct Early {
    bytes: [u8; EARLY_MAX],
    len: usize,
    taken: usize,
}
const EARLY_MAX: usize = 256;
static EARLY: Global<Early> = Global::new(Early { bytes: [0; EARLY_MAX], len: 0, taken: 0 });

static BASE: AtomicUsize = AtomicUsize::new(DEFAULT_BASE);

/// Set by the panic path: print without the lock, whoever holds it.
static PANICKING: AtomicBool = AtomicBool::new(false);

/// Serialises whole print!s, so that lines do not interleave.
static CONSOLE: SpinLock<Uart> = SpinLock::new(Uart);

struct Uart;

/// Write one UART register.
/// Volatile: the compiler must neither drop nor merge device accesses.
fn write_reg(reg: usize, v: u8) {
    let p = (BASE.load(Ordering::Relaxed) + reg) as *mut u8;
    unsafe { p.write_volatile(v) }
}

/// Read one UART register.
fn read_reg(reg: usize) -> u8 {
    let p = (BASE.load(Ordering::Relaxed) + reg) as *const u8;
    unsafe { p.read_volatile() }
}

/// Use the UART at `base`: 8 data bits, no parity, FIFOs on, no
/// interrupts yet (enable_rx_interrupt turns on the receive one). The
/// divisor only matters on real hardware.
pub fn init(base: usize) {
    BASE.store(base, Ordering::Relaxed);
    // Input may have arrived before us (the host types early). Turning
    // the FIFO on flushes the receiver, so keep what is there for getc.
    // Without the FIFO the receiver holds one byte, and reading it may
    // let the host hand over the next one at once (QEMU does), so take
    // bytes until there are no more.
    let early = EARLY.get();
    while read_reg(LSR) & LSR_DATA_READY != 0 && early.len < EARLY_MAX {
        early.bytes[early.len] = read_reg(RBR);
        early.len += 1;
    }
    write_reg(IER, 0);
    write_reg(LCR, LCR_DLAB);
    write_reg(DLL, 3); // 38400 baud from the classic 1.8432 MHz clock
    write_reg(DLM, 0);
    write_reg(LCR, LCR_8N1);
    write_reg(FCR, FCR_ENABLE_AND_CLEAR);
    // A host that held input back while the receiver was full (QEMU's
    // stdio multiplexer) sends it again only after a read of RBR: read
    // the (empty) receiver once.
    if read_reg(LSR) & LSR_DATA_READY == 0 {
        let _ = read_reg(RBR);
    }
}

/// Interrupt when received data is ready (IER bit 0): the UART's line to
/// the PLIC stays high while LSR.DR is set, i.e. until RBR is drained.
/// And when the modem status changes (IER bit 3), until MSR is read:
/// the line hanging up (DCD dropping) is the console's end of file.
pub fn enable_rx_interrupt() {
    write_reg(IER, IER_RX_READY | IER_MODEM_STATUS);
}

/// Whether the line has a carrier (MSR.DCD). Vitrine drops it when its
/// stdin (a pipe or file, not a terminal) ends, after the last byte was
/// received; QEMU keeps it up. Reading MSR acknowledges the modem-status
/// interrupt.
pub fn carrier() -> bool {
    read_reg(MSR) & MSR_DCD != 0
}

/// The UART's base address.
pub fn base() -> usize {
    BASE.load(Ordering::Relaxed)
}

/// Send one byte, waiting until the transmitter can take it.
fn putc(c: u8) {
    while read_reg(LSR) & LSR_THR_EMPTY == 0 {
        core::hint::spin_loop();
    }
    write_reg(THR, c);
}

/// Bytes from a user program (write(2) on the console), under the
/// console lock so that they do not interleave with kernel messages.
pub fn write_bytes(bytes: &[u8]) {
    let _guard = CONSOLE.lock();
    bytes.iter().copied().for_each(putc);
}

/// A received byte, if one is waiting (LSR bit 0: data ready).
pub fn getc() -> Option<u8> {
    let early = EARLY.get();
    if early.taken < early.len {
        early.taken += 1;
        return Some(early.bytes[early.taken - 1]);
    }
    (read_reg(LSR) & LSR_DATA_READY != 0).then(|| read_reg(RBR))
}

impl Write for Uart {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        s.bytes().for_each(putc);
        Ok(())
    }
}

/// print!'s back end: format straight to the UART, no buffer needed.
/// Takes the console lock unless the kernel is panicking.
pub fn print(args: fmt::Arguments) {
    if PANICKING.load(Ordering::Relaxed) {
        let _ = Uart.write_fmt(args);
    } else {
        let _ = CONSOLE.lock().write_fmt(args);
    }
}

/// From now on print without the lock (its holder may be the one that
/// panicked). Called once by the panic path.
pub fn start_panicking() {
    PANICKING.store(true, Ordering::Relaxed);
}

/// Print to the console.
#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => { $crate::dev::uart::print(format_args!($($arg)*)) };
}

/// Print a line to the console.
#[macro_export]
macro_rules! println {
    () => { $crate::print!("\n") };
    ($($arg:tt)*) => { $crate::dev::uart::print(format_args!("{}\n", format_args!($($arg)*))) };
}
