//! TEMPORARY: replaced by the /proc/sys table when procfs lands.
pub fn pid_max() -> i32 { 32768 }
pub fn threads_max() -> usize { 512 }
pub fn overcommit_memory() -> u64 { 0 }
pub fn overcommit_ratio() -> usize { 100 }
