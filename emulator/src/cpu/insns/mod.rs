//! Instruction semantics, one file per ISA extension.
mod fp_shapes;
mod fp_test_support;
pub mod rv64a;
pub mod rv64d;
pub mod rv64f;
pub mod rv64i;
pub mod rv64m;
pub mod system;
pub mod zicsr;
