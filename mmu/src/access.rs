//! What a translation is for: the kind of access and the context it is
//! checked in (effective privilege, `mstatus.SUM`, `mstatus.MXR`).

/// The kind of memory access being translated. Fetches go through the
/// instruction TLB, loads and stores through the data TLB.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AccessType {
    Fetch,
    Load,
    Store,
}

/// RISC-V privilege levels, encoded as in `mstatus.MPP`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Privilege {
    User = 0,
    Supervisor = 1,
    Machine = 3,
}

/// The privilege an access is checked at, plus `mstatus.SUM` and `mstatus.MXR`.
///
/// `privilege` is the *effective* privilege: for loads and stores in M-mode
/// with `mstatus.MPRV` set, the caller passes `mstatus.MPP`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccessCtx {
    pub privilege: Privilege,
    /// Supervisor User Memory access: S-mode may load/store U=1 pages.
    pub sum: bool,
    /// Make eXecutable Readable: loads may read X=1 pages without R.
    pub mxr: bool,
}
