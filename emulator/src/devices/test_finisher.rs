//! SiFive test finisher at 0x0010_0000, as QEMU's `sifive_test`
//! (hw/misc/sifive_test.c).
//!
//! A write to offset 0: low 16 bits = command, high 16 bits of the low word
//! = exit code. 0x5555 = pass (exit 0), 0x3333 = fail (exit with the code),
//! 0x7777 = reset; anything else is ignored. Reads return 0. As on QEMU
//! (checked with 7.2), only 2- and 4-byte accesses are valid: byte and
//! doubleword accesses fault.
use crate::bus::Device;

/// What the guest asked the finisher for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FinisherRequest {
    /// 0x5555: pass, exit code 0; 0x3333 | code << 16: fail with `code`.
    Exit(u32),
    /// 0x7777: reset.
    Reset,
}

pub const FINISHER_FAIL: u32 = 0x3333;
pub const FINISHER_PASS: u32 = 0x5555;
pub const FINISHER_RESET: u32 = 0x7777;

#[derive(Clone, Default)]
pub struct TestFinisher {
    /// Set by a write; the machine checks it after every MMIO write.
    pub request: Option<FinisherRequest>,
}

fn valid(offset: u64, size: u8) -> bool {
    (size == 2 || size == 4) && offset & (size as u64 - 1) == 0 && offset < 0x1000
}

impl Device for TestFinisher {
    fn read(&mut self, offset: u64, size: u8) -> Option<u64> {
        valid(offset, size).then_some(0)
    }

    fn write(&mut self, offset: u64, size: u8, value: u64) -> Option<()> {
        if !valid(offset, size) {
            return None;
        }
        if offset == 0 {
            let v = value as u32;
            let req = match v & 0xffff {
                FINISHER_PASS => Some(FinisherRequest::Exit(0)),
                FINISHER_FAIL => Some(FinisherRequest::Exit(v >> 16)),
                FINISHER_RESET => Some(FinisherRequest::Reset),
                _ => None,
            };
            if req.is_some() {
                self.request = req;
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands() {
        let mut f = TestFinisher::default();
        f.write(0, 4, 0x5555).unwrap();
        assert_eq!(f.request.take(), Some(FinisherRequest::Exit(0)));
        f.write(0, 4, 0x002a_3333).unwrap();
        assert_eq!(f.request.take(), Some(FinisherRequest::Exit(42)));
        f.write(0, 4, 0x7777).unwrap();
        assert_eq!(f.request.take(), Some(FinisherRequest::Reset));
        // A 16-bit store carries no code.
        f.write(0, 2, 0x3333).unwrap();
        assert_eq!(f.request.take(), Some(FinisherRequest::Exit(0)));
        f.write(0, 4, 0x1234).unwrap();
        f.write(4, 4, 0x5555).unwrap();
        assert_eq!(f.request, None);
        assert_eq!(f.read(0, 4), Some(0));
    }

    #[test]
    fn access_sizes() {
        let mut f = TestFinisher::default();
        assert_eq!(f.write(0, 1, 0x55), None);
        assert_eq!(f.write(0, 8, 0x5555), None);
        assert_eq!(f.read(0, 1), None);
        assert_eq!(f.read(2, 4), None);
        assert_eq!(f.request, None);
    }
}
