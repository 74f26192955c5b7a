//! Instruction semantics, one file per ISA extension.
mod fp_shapes;
pub mod rv64a;
pub mod rv64d;
pub mod rv64f;
pub mod rv64i;
pub mod rv64m;
pub mod system;
mod test_support;
pub mod zba;
pub mod zbb;
pub mod zbc;
pub mod zbs;
pub mod zicbo;
pub mod zicond;
pub mod zicsr;
