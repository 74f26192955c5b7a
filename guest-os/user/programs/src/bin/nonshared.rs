//! `nonshared [--shared]`: a variable `data = 1000` lives in an anonymous
//! mapping, private (default) or shared (`--shared`: MAP_SHARED |
//! MAP_ANONYMOUS). The child doubles it and prints it; the parent waits and
//! prints its own view:
//!
//! ```text
//! nonshared: mapping=private
//! nonshared: child data=2000
//! nonshared: parent data=1000     (2000 with --shared)
//! ```
//!
//! What it shows: after fork, private memory is the child's own copy; only
//! a shared mapping is the same memory in both processes.
#![no_std]
#![no_main]
use ulib::mem;
use ulib::prelude::*;
use ulib::process::{self, Fork};

ulib::main!(main);

/// Parses the flag, maps one page, forks; the child doubles the value.
/// Exit status 0, 2 for a bad argument, 1 if a call failed.
fn main(args: Args, _env: Env) -> i32 {
    let shared = match (args.len(), args.get(1)) {
        (1, _) => false,
        (2, Some(b"--shared")) => true,
        _ => {
            eprintln!("usage: nonshared [--shared]");
            return 2;
        }
    };
    let region = if shared { mem::mmap_shared_anonymous(4096) } else { mem::mmap_anonymous(4096) };
    let data = match region {
        Ok(addr) => addr as *mut u64,
        Err(e) => {
            eprintln!("nonshared: mmap: {}", e);
            return 1;
        }
    };
    println!("nonshared: mapping={}", if shared { "shared" } else { "private" });
    // SAFETY: data points into our fresh read-write page (volatile: another
    // process may change it behind the compiler's back).
    unsafe { data.write_volatile(1000) };
    match process::fork() {
        Err(e) => {
            eprintln!("nonshared: fork: {}", e);
            1
        }
        Ok(Fork::Child) => {
            // SAFETY: the same page, in the child.
            unsafe {
                data.write_volatile(data.read_volatile() * 2);
                println!("nonshared: child data={}", data.read_volatile());
            }
            process::exit(0)
        }
        Ok(Fork::Parent(pid)) => {
            if let Err(e) = process::waitpid(pid) {
                eprintln!("nonshared: wait: {}", e);
                return 1;
            }
            // SAFETY: our page, still mapped.
            println!("nonshared: parent data={}", unsafe { data.read_volatile() });
            0
        }
    }
}
