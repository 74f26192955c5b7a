//! Traps: interrupts and exceptions, from S-mode (the kernel) and from
//! U-mode (user programs).
//!
//! Kernel traps go to kernelvec, which saves the registers a Rust function
//! may clobber on the current kernel stack, calls kerneltrap, restores
//! them and srets back. The kernel runs with interrupts off, except in the
//! boot timer check and around the idle loop's wfi (sched/mod.rs), so kernel
//! traps are ticks, device interrupts taken while idle, or bugs.
//!
//! Device interrupts (scause = supervisor external) come through the PLIC
//! (plic.rs): claim the source, serve the device, complete the source.
//! The console UART's receive interrupt feeds the line discipline.
//!
//! User traps: the design is xv6's trampoline. Each process has its own
//! page table, in which the kernel is *not* mapped (so a user program can
//! use any address below 2^38 but the top two pages). Those two pages are
//!
//! ```text
//!   TRAMPOLINE = 2^38 - 4096   uservec/userret code (R+X, not U), the same
//!                              page at the same address in the kernel's
//!                              page table too
//!   TRAPFRAME  = 2^38 - 8192   this thread's TrapFrame (R+W, not U); the
//!                              threads of one address space each have a
//!                              slot below it (aspace.rs: trapframe_va)
//! ```
//!
//! While a process runs in U-mode, sscratch holds its trap frame's address and stvec
//! points at uservec in the trampoline. uservec swaps a0 with sscratch,
//! stores all 31 user registers, the FP registers and fcsr in the trap
//! frame, loads the kernel's satp, the process's kernel stack pointer and
//! usertrap's address from it, switches page tables (the next instruction
//! is fetched from the same trampoline address, now through the kernel's
//! table) and jumps to usertrap on the process's own kernel stack. Because
//! every process has its own kernel stack, a process can sleep in the
//! kernel (wait4, nanosleep, read) while another one runs. userret does
//! the reverse: switch to the user table, reload every register, sret.
//!
//! The FP registers are saved on every trap (33 extra stores): simple and
//! correct; looking at sstatus.FS = Dirty to skip them is a later step.
//!
//! Owns: stvec and the trap path. Calls: mm/fault (page faults),
//! syscall/ (ecall), dev/ (timer, PLIC, console), signal/ (delivery on the
//! way out), sched/ (the tick, preemption).

use crate::arch::riscv::{
    CAUSE_INTERRUPT, csr_clear, csr_read, csr_set, csr_write, exc, irq, sstatus,
};
use crate::mm::fault::{self, FaultError};
use crate::mm::vm::{self, TRAMPOLINE};
use crate::proc::{self, Proc, TrapFrame};
use crate::{dev::console, dev::plic, dev::timer, proc::exit, sched, signal, syscall};
use core::arch::global_asm;
use core::sync::atomic::{AtomicU32, Ordering};

/// The process's trap frame, in its own address space.
pub const TRAPFRAME: usize = TRAMPOLINE - crate::mm::frame::PAGE_SIZE;

unsafe extern "C" {
    fn kernelvec();
}

mod trampoline;
use trampoline::{tramp_va, userret, uservec};

/// Send S-mode traps to kernelvec (direct mode: all traps, one entry).
pub fn init() {
    csr_write!("stvec", kernelvec as *const () as u64);
}

/// The console UART's PLIC source (0: none).
static UART_IRQ: AtomicU32 = AtomicU32::new(0);

/// The disk's PLIC source (0: none).
static DISK_IRQ: AtomicU32 = AtomicU32::new(0);

/// Take device interrupts: the console UART's receive interrupt, source
/// `uart_irq` of the PLIC at `plic_base`. Sets sie.SEIE; sstatus.SIE
/// stays as it is (off in the kernel, on in user mode).
pub fn init_devices(plic_base: usize, uart_irq: u32) {
    plic::init(plic_base);
    UART_IRQ.store(uart_irq, Ordering::Relaxed);
    plic::enable(uart_irq);
    crate::dev::uart::enable_rx_interrupt();
    if let Some(disk) = crate::dev::virtio_blk::irq() {
        DISK_IRQ.store(disk, Ordering::Relaxed);
        plic::enable(disk);
        crate::dev::virtio_blk::interrupts_on();
    }
    csr_set!("sie", 1 << irq::S_EXT);
}

/// A supervisor external interrupt: serve every source the PLIC has
/// pending for us.
fn device_interrupt() {
    loop {
        let irq = plic::claim();
        if irq == 0 {
            break;
        }
        if irq == UART_IRQ.load(Ordering::Relaxed) {
            console::interrupt(); // drains RBR while LSR.DR
        } else if irq == DISK_IRQ.load(Ordering::Relaxed) {
            crate::dev::virtio_blk::interrupt(); // wakes the task waiting in D
        }
        plic::complete(irq);
    }
}

// Caller-saved registers: ra, t0-t6, a0-a7 (16 x 8 bytes keeps sp 16-aligned).
// Callee-saved ones (s0-s11, sp) are preserved by kerneltrap itself.
global_asm!(
    r#"
    .pushsection .text.kernelvec, "ax", @progbits
    .balign 4
    .globl kernelvec
kernelvec:
    addi sp, sp, -128
    sd ra, 0(sp)
    sd t0, 8(sp)
    sd t1, 16(sp)
    sd t2, 24(sp)
    sd t3, 32(sp)
    sd t4, 40(sp)
    sd t5, 48(sp)
    sd t6, 56(sp)
    sd a0, 64(sp)
    sd a1, 72(sp)
    sd a2, 80(sp)
    sd a3, 88(sp)
    sd a4, 96(sp)
    sd a5, 104(sp)
    sd a6, 112(sp)
    sd a7, 120(sp)
    call kerneltrap
    ld ra, 0(sp)
    ld t0, 8(sp)
    ld t1, 16(sp)
    ld t2, 24(sp)
    ld t3, 32(sp)
    ld t4, 40(sp)
    ld t5, 48(sp)
    ld t6, 56(sp)
    ld a0, 64(sp)
    ld a1, 72(sp)
    ld a2, 80(sp)
    ld a3, 88(sp)
    ld a4, 96(sp)
    ld a5, 104(sp)
    ld a6, 112(sp)
    ld a7, 120(sp)
    addi sp, sp, 128
    sret
    .popsection
"#
);

/// Called by kernelvec for every S-mode trap, with interrupts off.
/// Timer and device interrupts are handled; anything else is a kernel bug.
#[unsafe(no_mangle)]
extern "C" fn kerneltrap() {
    let scause = csr_read!("scause");
    if scause == CAUSE_INTERRUPT | irq::S_TIMER {
        timer::interrupt();
        return;
    }
    if scause == CAUSE_INTERRUPT | irq::S_EXT {
        device_interrupt();
        return;
    }
    let sepc = csr_read!("sepc");
    let stval = csr_read!("stval");
    crate::klib::panic::fatal(format_args!(
        "unexpected trap in S-mode: scause {scause:#x} sepc {sepc:#x} stval {stval:#x}"
    ))
}

/// Every trap from user mode ends up here (via uservec), on the
/// process's kernel stack, with the kernel's page table, interrupts off.
#[unsafe(no_mangle)]
extern "C" fn usertrap() -> ! {
    csr_write!("stvec", kernelvec as *const () as u64);
    let p = proc::current();
    let now = timer::now_ns();
    let user = now.saturating_sub(p.user_since);
    p.utime_ns += user;
    let st = sched::stats::get();
    st.user_ns += user;
    if p.se.nice > 0 {
        st.nice_ns += user;
    }
    let tf = p.trapframe();
    tf.epc = csr_read!("sepc");
    let scause = csr_read!("scause");
    let (mut syscall, orig_a0) = (false, tf.x[10]);
    match scause {
        exc::ECALL_U => {
            tf.epc += 4; // return after the ecall
            syscall = tf.x[17] != crate::syscall::nr::RT_SIGRETURN;
            syscall::dispatch(p);
        }
        s if s == CAUSE_INTERRUPT | irq::S_TIMER => sched::tick(),
        s if s == CAUSE_INTERRUPT | irq::S_EXT => device_interrupt(),
        _ => {
            let stval = csr_read!("stval");
            if let Some(access) = fault::access_of(scause) {
                match fault::resolve(&mut p.aspace, stval as usize, access) {
                    Ok(()) => {}
                    Err(FaultError::Oom) => {
                        crate::pr_err!(
                            "kernel: out of memory: killed process {} ({})",
                            p.tgid,
                            p.name
                        );
                        exit::exit_group(p, signal::SIGKILL);
                    }
                    Err(FaultError::Segv) => fault_signal(p, signal::SIGSEGV, 1, scause, stval),
                }
            } else {
                let signal = match scause {
                    exc::ILLEGAL_INSN => signal::SIGILL,
                    exc::BREAKPOINT => signal::SIGTRAP,
                    exc::INSN_MISALIGNED | exc::LOAD_MISALIGNED | exc::STORE_MISALIGNED => {
                        signal::SIGBUS
                    }
                    _ => signal::SIGSEGV,
                };
                fault_signal(p, signal, 1, scause, stval);
            }
        }
    }
    if sched::take_resched() {
        sched::preempt(); // the tick or a wakeup says another task comes first
    }
    // Signals (and kill/exit_group by another thread) before user mode.
    signal::do_signal(p, syscall, orig_a0);
    usertrapret()
}

/// A fault raises `signal` in p: a handler may catch it; if not, the
/// default action (dump core) ends the process, and the console says why.
fn fault_signal(p: &mut Proc, signal: i32, code: i32, scause: u64, stval: u64) {
    if !signal::force_fault(p, signal, code, stval) {
        report(p, signal, scause, stval);
    }
}

/// Say on the console why a process dies of a trap (what Linux's
/// show_unhandled_signals prints, more or less).
fn report(p: &Proc, signal: i32, scause: u64, stval: u64) {
    crate::pr_info!(
        "kernel: pid {} ({}) killed by signal {signal}: scause {scause:#x} at pc {:#x}, stval {stval:#x}",
        p.pid,
        p.name,
        p.trapframe().epc
    );
}

/// Return to user mode: set up what uservec will need for the next trap,
/// then jump to userret in the trampoline with the process's satp.
pub fn usertrapret() -> ! {
    let p = proc::current();
    crate::arch::riscv::intr_off();
    csr_write!("stvec", tramp_va(&raw const uservec) as u64);
    let tf: &mut TrapFrame = p.trapframe();
    tf.kernel_satp = vm::satp(vm::kernel_pagetable());
    tf.kernel_sp = p.kstack_top() as u64;
    tf.kernel_trap = usertrap as *const () as u64;
    // sret goes to U-mode (SPP = 0) with interrupts on (SPIE = 1).
    csr_clear!("sstatus", sstatus::SPP);
    csr_set!("sstatus", sstatus::SPIE);
    csr_write!("sepc", tf.epc);
    p.user_since = timer::now_ns();
    let tf_va = crate::mm::aspace::trapframe_va(p.tf_slot) as u64;
    csr_write!("sscratch", tf_va);
    let asid = p.aspace.asid;
    tf.tlb_flush = (asid == 0) as u64;
    let satp = vm::satp_asid(p.aspace.pagetable(), asid);
    let userret_va = tramp_va(&raw const userret);
    unsafe {
        let f: extern "C" fn(u64, u64, u64) -> ! = core::mem::transmute(userret_va);
        f(satp, tf_va, tf.tlb_flush)
    }
}
