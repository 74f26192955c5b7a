//! Berkeley HTIF through the `tohost`/`fromhost` mailboxes in guest RAM, as
//! Spike implements it for riscv-tests and riscv-pk.
//!
//! A request is a non-zero 64-bit store to `tohost`:
//! `device = value >> 56`, `cmd = (value >> 48) & 0xff`,
//! `payload = value & 0xffff_ffff_ffff`. The bus has already put 0 back
//! into `tohost` (the "request taken" signal) before calling us.
//!
//! * device 0 (syscall proxy), cmd 0:
//!   - payload odd: exit with code `payload >> 1` (riscv-tests: 1 = pass;
//!     `(n << 1) | 1` = test case `n` failed);
//!   - payload even: address of a `magic_mem` block of 8 u64,
//!     `[which, a0, a1, a2, ...]`. Supported: `SYS_write` (64) to fd 1 or 2
//!     and `SYS_exit` (93); other calls return `-ENOSYS`. The result is stored
//!     into `magic_mem[0]` and the reply `fromhost = (0 << 56) | (0 << 48) | 1`
//!     is posted.
//! * device 1 (bcd console), cmd 1: print `payload & 0xff`, reply
//!   `fromhost = (1 << 56) | (1 << 48)`. cmd 0 (getchar) is not supported and
//!   ignored (Spike would answer when a key arrives: the guest never hears
//!   back, as with no input).
//!
//! A reply is only posted if the `fromhost` address is known and inside
//! RAM. Bad guest pointers never panic: a `magic_mem` outside RAM is
//! ignored with a warning (no reply), a bad `SYS_write` buffer returns
//! `-EFAULT`.
//!
//! Note: writes done here go straight to `Memory` and do not invalidate
//! decoded instructions of the pages they hit; `magic_mem` and `fromhost`
//! are data, never code.
use crate::memory::Memory;
use std::io::Write;

pub enum HtifAction {
    None,
    Exit(u32),
}

/// Syscall numbers (RISC-V Linux ABI, as riscv-tests and riscv-pk use them).
pub const SYS_WRITE: u64 = 64;
pub const SYS_EXIT: u64 = 93;

pub const EBADF: i64 = 9;
pub const EFAULT: i64 = 14;
pub const ENOSYS: i64 = 38;

/// HTIF devices.
pub const DEV_SYSCALL: u64 = 0;
pub const DEV_CONSOLE: u64 = 1;
/// Console commands.
pub const CONSOLE_GETC: u64 = 0;
pub const CONSOLE_PUTC: u64 = 1;

/// `SYS_write` copies guest bytes out in chunks of this size.
const WRITE_CHUNK: usize = 4096;

#[derive(Clone)]
pub struct Htif {
    pub tohost: u64,
    pub fromhost: Option<u64>,
}

impl Htif {
    pub fn new(tohost: u64, fromhost: Option<u64>) -> Self {
        Htif { tohost, fromhost }
    }

    /// Called after the guest stored `value` to `tohost` (a non-zero value).
    pub fn on_tohost_write(
        &mut self,
        value: u64,
        mem: &mut Memory,
        console: &mut dyn Write,
    ) -> HtifAction {
        let device = value >> 56;
        let cmd = (value >> 48) & 0xff;
        let payload = value & 0xffff_ffff_ffff;
        match (device, cmd) {
            (DEV_SYSCALL, 0) if payload & 1 == 1 => HtifAction::Exit((payload >> 1) as u32),
            (DEV_SYSCALL, 0) => self.syscall(payload, mem, console),
            (DEV_CONSOLE, CONSOLE_PUTC) => {
                if let Err(e) = console.write_all(&[payload as u8]) {
                    log::warn!("htif: console output failed: {e}");
                }
                self.reply(mem, DEV_CONSOLE, CONSOLE_PUTC, 0);
                HtifAction::None
            }
            (DEV_CONSOLE, CONSOLE_GETC) => {
                log::debug!("htif: console getchar is not supported");
                HtifAction::None
            }
            _ => {
                log::warn!("htif: unknown request {value:#018x} (device {device}, cmd {cmd})");
                HtifAction::None
            }
        }
    }

    /// Post `(device << 56) | (cmd << 48) | data` into `fromhost`.
    fn reply(&self, mem: &mut Memory, device: u64, cmd: u64, data: u64) {
        let Some(fromhost) = self.fromhost else {
            return;
        };
        let v = (device << 56) | (cmd << 48) | (data & 0xffff_ffff_ffff);
        if mem.write_u64(fromhost, v).is_none() {
            log::warn!("htif: fromhost {fromhost:#x} is outside RAM");
        }
    }

    /// A proxied system call described by the `magic_mem` block at `addr`.
    fn syscall(&mut self, addr: u64, mem: &mut Memory, console: &mut dyn Write) -> HtifAction {
        let mut args = [0u64; 8];
        for (i, a) in args.iter_mut().enumerate() {
            match mem.read_u64(addr.wrapping_add(8 * i as u64)) {
                Some(v) => *a = v,
                None => {
                    log::warn!("htif: syscall block at {addr:#x} is outside RAM; request ignored");
                    return HtifAction::None;
                }
            }
        }
        let [which, a0, a1, a2, ..] = args;
        let ret: i64 = match which {
            SYS_EXIT => return HtifAction::Exit(a0 as u32),
            SYS_WRITE => sys_write(a0, a1, a2, mem, console),
            _ => {
                log::warn!("htif: unsupported syscall {which}");
                -ENOSYS
            }
        };
        let _ = mem.write_u64(addr, ret as u64);
        self.reply(mem, DEV_SYSCALL, 0, 1);
        HtifAction::None
    }
}

fn sys_write(fd: u64, buf: u64, len: u64, mem: &Memory, console: &mut dyn Write) -> i64 {
    if fd != 1 && fd != 2 {
        return -EBADF;
    }
    if len > i64::MAX as u64 || mem.offset(buf, len).is_none() {
        return -EFAULT;
    }
    let mut chunk = [0u8; WRITE_CHUNK];
    let mut done = 0u64;
    while done < len {
        let n = (len - done).min(WRITE_CHUNK as u64) as usize;
        // In RAM: checked above for the whole buffer.
        let _ = mem.read_bytes(buf + done, &mut chunk[..n]);
        if let Err(e) = console.write_all(&chunk[..n]) {
            log::warn!("htif: console output failed: {e}");
            break;
        }
        done += n as u64;
    }
    let _ = console.flush();
    len as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::RAM_BASE;

    const TOHOST: u64 = RAM_BASE + 0x1000;
    const FROMHOST: u64 = RAM_BASE + 0x1040;
    const MAGIC: u64 = RAM_BASE + 0x2000;
    const BUF: u64 = RAM_BASE + 0x3000;

    fn setup() -> (Htif, Memory) {
        (Htif::new(TOHOST, Some(FROMHOST)), Memory::new(1 << 20))
    }

    fn magic(mem: &mut Memory, args: &[u64]) {
        for (i, a) in args.iter().enumerate() {
            mem.write_u64(MAGIC + 8 * i as u64, *a).unwrap();
        }
    }

    fn exit_code(a: HtifAction) -> Option<u32> {
        match a {
            HtifAction::Exit(c) => Some(c),
            HtifAction::None => None,
        }
    }

    #[test]
    fn riscv_tests_exit_codes() {
        let (mut h, mut mem) = setup();
        let mut out = Vec::new();
        assert_eq!(exit_code(h.on_tohost_write(1, &mut mem, &mut out)), Some(0));
        assert_eq!(
            exit_code(h.on_tohost_write(7 << 1 | 1, &mut mem, &mut out)),
            Some(7)
        );
        assert_eq!(
            exit_code(h.on_tohost_write(0x1234_5678 << 1 | 1, &mut mem, &mut out)),
            Some(0x1234_5678)
        );
        assert!(out.is_empty());
        assert_eq!(mem.read_u64(FROMHOST), Some(0), "no reply to exit");
    }

    #[test]
    fn sys_write_to_console() {
        let (mut h, mut mem) = setup();
        mem.write_bytes(BUF, b"hello, htif\n").unwrap();
        magic(&mut mem, &[SYS_WRITE, 1, BUF, 12]);
        let mut out = Vec::new();
        assert_eq!(
            exit_code(h.on_tohost_write(MAGIC, &mut mem, &mut out)),
            None
        );
        assert_eq!(out, b"hello, htif\n");
        assert_eq!(mem.read_u64(MAGIC), Some(12));
        assert_eq!(mem.read_u64(FROMHOST), Some(1));
        // stderr too.
        magic(&mut mem, &[SYS_WRITE, 2, BUF, 5]);
        h.on_tohost_write(MAGIC, &mut mem, &mut out);
        assert_eq!(out, b"hello, htif\nhello");
        assert_eq!(mem.read_u64(MAGIC), Some(5));
    }

    #[test]
    fn large_sys_write() {
        let (mut h, mut mem) = setup();
        let data: Vec<u8> = (0..10_000u32).map(|i| i as u8).collect();
        mem.write_bytes(BUF, &data).unwrap();
        magic(&mut mem, &[SYS_WRITE, 1, BUF, data.len() as u64]);
        let mut out = Vec::new();
        h.on_tohost_write(MAGIC, &mut mem, &mut out);
        assert_eq!(out, data);
        assert_eq!(mem.read_u64(MAGIC), Some(10_000));
    }

    #[test]
    fn sys_write_errors() {
        let (mut h, mut mem) = setup();
        let mut out = Vec::new();
        magic(&mut mem, &[SYS_WRITE, 3, BUF, 4]);
        h.on_tohost_write(MAGIC, &mut mem, &mut out);
        assert_eq!(mem.read_u64(MAGIC), Some(-EBADF as u64));
        for (buf, len) in [
            (0x1000, 4),
            (RAM_BASE + (1 << 20) - 2, 4),
            (BUF, u64::MAX),
            (u64::MAX - 1, 4),
        ] {
            mem.write_u64(FROMHOST, 0).unwrap();
            magic(&mut mem, &[SYS_WRITE, 1, buf, len]);
            h.on_tohost_write(MAGIC, &mut mem, &mut out);
            assert_eq!(mem.read_u64(MAGIC), Some(-EFAULT as u64));
            assert_eq!(mem.read_u64(FROMHOST), Some(1), "errors are replied to");
        }
        assert!(out.is_empty());
        // Zero-length write.
        magic(&mut mem, &[SYS_WRITE, 1, BUF, 0]);
        h.on_tohost_write(MAGIC, &mut mem, &mut out);
        assert_eq!(mem.read_u64(MAGIC), Some(0));
    }

    #[test]
    fn sys_exit_and_unknown_syscalls() {
        let (mut h, mut mem) = setup();
        let mut out = Vec::new();
        magic(&mut mem, &[SYS_EXIT, 3]);
        assert_eq!(
            exit_code(h.on_tohost_write(MAGIC, &mut mem, &mut out)),
            Some(3)
        );
        magic(&mut mem, &[57 /* close */, 3]);
        assert_eq!(
            exit_code(h.on_tohost_write(MAGIC, &mut mem, &mut out)),
            None
        );
        assert_eq!(mem.read_u64(MAGIC), Some(-ENOSYS as u64));
        assert_eq!(mem.read_u64(FROMHOST), Some(1));
    }

    #[test]
    fn console_putchar() {
        let (mut h, mut mem) = setup();
        let mut out = Vec::new();
        for b in b"ok\n" {
            let v = 1 << 56 | 1 << 48 | *b as u64;
            assert_eq!(exit_code(h.on_tohost_write(v, &mut mem, &mut out)), None);
        }
        assert_eq!(out, b"ok\n");
        assert_eq!(mem.read_u64(FROMHOST), Some(1 << 56 | 1 << 48));
        // getchar and unknown devices are ignored.
        mem.write_u64(FROMHOST, 0).unwrap();
        h.on_tohost_write(1 << 56, &mut mem, &mut out);
        h.on_tohost_write(5 << 56 | 1, &mut mem, &mut out);
        assert_eq!(mem.read_u64(FROMHOST), Some(0));
        assert_eq!(out, b"ok\n");
    }

    #[test]
    fn bad_pointers_do_not_panic() {
        let mut mem = Memory::new(1 << 20);
        let mut out = Vec::new();
        // magic_mem outside RAM (below, straddling the end, far above).
        let mut h = Htif::new(TOHOST, Some(FROMHOST));
        for addr in [0x1000, RAM_BASE + (1 << 20) - 16, 0xffff_ffff_fff0] {
            assert_eq!(exit_code(h.on_tohost_write(addr, &mut mem, &mut out)), None);
        }
        assert_eq!(mem.read_u64(FROMHOST), Some(0), "ignored: no reply");
        // fromhost unknown or outside RAM.
        for fromhost in [None, Some(0x10), Some(u64::MAX)] {
            magic(&mut mem, &[SYS_WRITE, 1, BUF, 0]);
            let mut h = Htif::new(TOHOST, fromhost);
            h.on_tohost_write(MAGIC, &mut mem, &mut out);
            h.on_tohost_write(1 << 56 | 1 << 48 | b'x' as u64, &mut mem, &mut out);
            assert_eq!(mem.read_u64(MAGIC), Some(0));
        }
        assert_eq!(out, b"xxx");
    }
}
