//! The split virtqueue (`devices::virtio::queue`): guest RAM (64 KiB, at
//! address 0) holding descriptor tables, avail and used rings as the
//! fuzzer writes them, a queue of a size the device accepts (a power of 2
//! up to 256) whose three areas sit anywhere (also across the end of RAM
//! and of the address space), and the device taking chains and returning
//! them until the ring is empty or broken. Checked: no panic; a chain's
//! head is below the queue size; no device-readable buffer follows a
//! writable one; a broken queue is an error, never an endless walk.

use crate::bytes::Bytes;
use vitrine_emulator::devices::virtio::queue::{Dma, Virtqueue, QUEUE_NUM_MAX};

const RAM: usize = 64 << 10;

struct Ram(Vec<u8>);

impl Dma for Ram {
    fn read(&mut self, pa: u64, buf: &mut [u8]) -> Option<()> {
        let s = usize::try_from(pa).ok()?;
        buf.copy_from_slice(self.0.get(s..s.checked_add(buf.len())?)?);
        Some(())
    }
    fn write(&mut self, pa: u64, data: &[u8]) -> Option<()> {
        let s = usize::try_from(pa).ok()?;
        self.0
            .get_mut(s..s.checked_add(data.len())?)?
            .copy_from_slice(data);
        Some(())
    }
}

fn area(b: &mut Bytes) -> u64 {
    match b.u8() % 8 {
        0 => b.u64(),
        1 => u64::MAX - (b.u8() as u64),
        _ => b.u16() as u64,
    }
}

pub fn run(data: &[u8]) {
    let mut b = Bytes::new(data);
    let num = 1u16 << (b.u8() % 9);
    assert!(num <= QUEUE_NUM_MAX);
    let mut q = Virtqueue {
        num,
        ready: true,
        ..Default::default()
    };
    if b.u8() % 4 == 0 {
        q.set_legacy_layout((b.u16() as u64) << 4, 1 << (b.u8() % 13));
    } else {
        (q.desc, q.avail, q.used) = (area(&mut b), area(&mut b), area(&mut b));
    }
    q.last_avail = b.u16();
    q.used_idx = b.u16();
    let mut ram = vec![0u8; RAM];
    let rest = b.rest();
    let n = rest.len().min(RAM);
    ram[..n].copy_from_slice(&rest[..n]);
    let mut ram = Ram(ram);
    for _ in 0..2 * QUEUE_NUM_MAX as usize {
        match q.pop(&mut ram) {
            Ok(Some(chain)) => {
                assert!(
                    chain.head < num,
                    "head {} of a {num}-entry queue",
                    chain.head
                );
                if let Some(w) = chain.buffers.iter().position(|x| x.write) {
                    assert!(
                        chain.buffers[w..].iter().all(|x| x.write),
                        "read after write"
                    );
                }
                let written = chain
                    .buffers
                    .iter()
                    .filter(|x| x.write)
                    .map(|x| x.len)
                    .fold(0u32, u32::saturating_add);
                if q.push_used(&mut ram, chain.head, written).is_err() {
                    break;
                }
            }
            Ok(None) | Err(_) => break,
        }
    }
}
