//! Cranelift, set up for the host, and the thread it compiles blocks on.
//!
//! A block's code is position independent: the absolute addresses it
//! embeds (call-outs, the shared stubs, the block's own instructions, chain
//! cells and page table) are relocations (`reloc`) the cache writes in when
//! it copies the code into the arena, so it can be compiled anywhere and
//! kept for reuse (`store`). Compilation takes far longer than
//! running a block (a few hundred microseconds), so it happens on a thread
//! of its own while the hart goes on interpreting the block; the result is
//! installed between two blocks (`cache::Cache::poll`). Which engine runs a
//! block never changes what the guest sees or any counter (the translated
//! code is exact), so only speed depends on when the code arrives.
//!
//! With `VITRINE_JIT_HOT=1` (compile on first sight, as the equivalence
//! tests run) blocks are compiled synchronously, so every block, even one
//! run once, runs translated.

use super::super::Insn;
use super::cache::{Chain, Entry};
use super::reloc::{self, Reloc};
use super::store::Shape;
use super::translate::{self, Slot};
use cranelift_codegen::ir::Function;
use cranelift_codegen::isa::TargetFrontendConfig;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_frontend::FunctionBuilderContext;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender, TryRecvError};
use std::sync::Arc;

/// Cranelift for the host.
pub struct Codegen {
    isa: cranelift_codegen::isa::OwnedTargetIsa,
    ctx: Context,
    fctx: FunctionBuilderContext,
}

/// Shared code blocks call or jump to (at the start of the arena): the
/// cross-page stub (`far`), and the adapters through which a block calls a
/// load or store helper without losing a register
/// (`translate::emit_adapter`; for 2 and 3 arguments after the hart).
#[derive(Clone, Copy, Default)]
pub struct Stubs {
    /// The arena's start, which the stubs' addresses in a block's code are
    /// relative to (`reloc::Base::Arena`).
    pub arena: usize,
    pub far: usize,
    /// Where chaining exits jump until linked (`translate::emit_link_stub`).
    pub link: usize,
    pub adapters: [usize; 2],
}

/// A block to compile. The addresses are those of the block's own copy of
/// its instructions, its chain cells and its page's table, owned by the
/// cache; the compiler only embeds them in the code.
pub struct Job {
    /// The region's blocks, its entry (at `off`) first (`region::find`).
    pub runs: Vec<Vec<Slot>>,
    pub off: usize,
    pub insns: usize,
    pub chains: usize,
    pub table: usize,
    /// The shared stubs.
    pub stubs: Stubs,
    /// Whether data accesses are untranslated where the block runs
    /// (`cache::Cache::key`).
    pub identity: bool,
    /// Where the result goes (`page`: the cache's key), and the page's and the cache's generations
    /// when asked (the result is dropped if either changed).
    pub page: usize,
    pub page_gen: u32,
    pub flush_gen: u64,
    /// The region's place and bytes, to keep the code by (None: it
    /// straddles into the next page).
    pub shape: Option<Shape>,
}

/// A block's machine code and the addresses to write into it.
pub type Compiled = (Vec<u8>, Vec<Reloc>);

/// A compiled block (None: Cranelift refused it; the interpreter runs it).
pub struct Done {
    pub page: usize,
    pub off: usize,
    pub page_gen: u32,
    pub flush_gen: u64,
    pub code: Option<Compiled>,
    pub insns: usize,
    pub chains: usize,
    pub table: usize,
    pub shape: Option<Shape>,
}

impl Codegen {
    pub fn new() -> Option<Codegen> {
        let mut flags = settings::builder();
        // Blocks are small and straight: Cranelift's optimiser (e-graphs)
        // costs more compile time than it saves here (measured on CoreMark).
        flags.set("opt_level", "none").expect("cranelift flag");
        // Cranelift's tail calls (block chaining) need frame pointers.
        flags
            .set("preserve_frame_pointers", "true")
            .expect("cranelift flag");
        // Blocks never unwind (a trap is a status they return).
        flags.set("unwind_info", "false").expect("cranelift flag");
        // Translation is checked by the equivalence tests, not per function.
        flags
            .set("enable_verifier", "false")
            .expect("cranelift flag");
        let isa = cranelift_native::builder()
            .map_err(|e| log::warn!("jit: host not supported: {e}"))
            .ok()?
            .finish(settings::Flags::new(flags))
            .map_err(|e| log::warn!("jit: host ISA: {e}"))
            .ok()?;
        Some(Codegen {
            isa,
            ctx: Context::new(),
            fctx: FunctionBuilderContext::new(),
        })
    }

    /// A string naming the host ISA code is compiled for (its flags
    /// included), for `store::fingerprint`.
    pub fn host(&self) -> String {
        let flags: Vec<String> = self.isa.isa_flags().iter().map(|v| v.to_string()).collect();
        format!("{} {}", self.isa.triple(), flags.join(","))
    }

    /// Machine code of `self.ctx.func`, and its relocations.
    fn finish(&mut self) -> Option<Compiled> {
        let names = self.ctx.func.params.user_named_funcs().clone();
        let code = match self.ctx.compile(
            &*self.isa,
            &mut cranelift_codegen::control::ControlPlane::default(),
        ) {
            Ok(c) => c,
            Err(e) => {
                log::warn!("jit: compile: {:?}", e.inner);
                return None;
            }
        };
        let Some(relocs) = reloc::from_cranelift(&names, code.buffer.relocs()) else {
            log::warn!("jit: block needs an unknown relocation; left to the interpreter");
            return None;
        };
        Some((code.code_buffer().to_vec(), relocs))
    }

    /// A shared piece of code with signature `sig`, built by `emit`.
    fn stub(
        &mut self,
        sig: cranelift_codegen::ir::Signature,
        emit: impl FnOnce(&mut Function, &mut FunctionBuilderContext, TargetFrontendConfig),
    ) -> Option<Vec<u8>> {
        self.ctx.clear();
        self.ctx.func.signature = sig;
        emit(
            &mut self.ctx.func,
            &mut self.fctx,
            self.isa.frontend_config(),
        );
        // Stubs embed their addresses as constants: nothing to relocate.
        self.finish()
            .and_then(|(code, relocs)| relocs.is_empty().then_some(code))
    }

    /// The trampoline (`cache::Trampoline`).
    pub fn trampoline(&mut self) -> Option<Vec<u8>> {
        let sig = translate::trampoline_signature(self.isa.default_call_conv());
        self.stub(sig, translate::emit_trampoline)
    }

    /// The adapter for call-outs with `n` arguments after the hart
    /// (`translate::emit_adapter`).
    pub fn adapter(&mut self, n: usize) -> Option<Vec<u8>> {
        let call_conv = self.isa.default_call_conv();
        self.stub(translate::adapter_signature(n), |f, c, t| {
            translate::emit_adapter(f, c, t, n, call_conv)
        })
    }

    /// Where chaining exits jump until linked (`translate::emit_link_stub`).
    pub fn link_stub(&mut self) -> Option<Vec<u8>> {
        self.stub(translate::link_signature(), translate::emit_link_stub)
    }

    /// The cross-page stub (`far::emit_stub`).
    pub fn far_stub(&mut self) -> Option<Vec<u8>> {
        self.stub(translate::signature(), super::far::emit_stub)
    }

    /// The code of `job`'s block.
    pub fn block(&mut self, job: &Job) -> Option<Compiled> {
        self.ctx.clear();
        self.ctx.func.signature = translate::signature();
        translate::emit(
            &mut self.ctx.func,
            &mut self.fctx,
            &job.runs,
            job.insns as *const Insn,
            job.chains as *mut Chain,
            job.table as *const Entry,
            job.stubs,
            job.identity,
            self.isa.default_call_conv(),
            self.isa.frontend_config(),
        );
        if std::env::var_os("VITRINE_JIT_IR").is_some() {
            eprintln!("block at {:#x}:\n{}", job.off, self.ctx.func.display());
        }
        self.finish()
    }
}

/// The compiler thread, as the cache sees it.
pub struct Worker {
    jobs: Sender<Job>,
    done: Receiver<Done>,
    /// Jobs sent and not received back.
    pub pending: usize,
    /// Results the thread has sent, and those received: the dispatcher
    /// polls for results at every block it looks up, and this keeps that
    /// to one load while none is ready.
    sent: Arc<AtomicUsize>,
    received: usize,
}

impl Worker {
    /// Start the thread (None if it cannot be started: compile in place).
    pub fn spawn() -> Option<Worker> {
        let (jobs, rx) = channel::<Job>();
        let (tx, done) = channel::<Done>();
        let sent = Arc::new(AtomicUsize::new(0));
        let count = sent.clone();
        /// Counts one more at the thread's end too (also when Cranelift
        /// panics), so that the next poll finds the channel closed.
        struct Wake(Arc<AtomicUsize>);
        impl Drop for Wake {
            fn drop(&mut self) {
                self.0.fetch_add(1, Ordering::Release);
            }
        }
        std::thread::Builder::new()
            .name("vitrine-jit".into())
            .spawn(move || {
                let _wake = Wake(count.clone());
                let Some(mut codegen) = Codegen::new() else {
                    return;
                };
                // Ends when the cache drops its sender.
                for job in rx {
                    let code = codegen.block(&job);
                    let done = Done {
                        page: job.page,
                        off: job.off,
                        page_gen: job.page_gen,
                        flush_gen: job.flush_gen,
                        code,
                        insns: job.insns,
                        chains: job.chains,
                        table: job.table,
                        shape: job.shape,
                    };
                    if tx.send(done).is_err() {
                        return;
                    }
                    count.fetch_add(1, Ordering::Release);
                }
            })
            .map_err(|e| log::warn!("jit: no compiler thread ({e}): compiling in place"))
            .ok()?;
        Some(Worker {
            jobs,
            done,
            pending: 0,
            sent,
            received: 0,
        })
    }

    /// Hand `job` over; false if the thread is gone.
    pub fn send(&mut self, job: Job) -> bool {
        let ok = self.jobs.send(job).is_ok();
        self.pending += ok as usize;
        ok
    }

    /// Whether a finished block may be ready (or the thread is gone).
    #[inline]
    pub fn ready(&self) -> bool {
        self.pending > 0 && self.sent.load(Ordering::Acquire) != self.received
    }

    /// A finished block, if one is ready.
    pub fn try_recv(&mut self) -> Option<Done> {
        match self.done.try_recv() {
            Ok(d) => {
                self.pending -= 1;
                self.received += 1;
                Some(d)
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.pending = 0;
                None
            }
        }
    }
}
