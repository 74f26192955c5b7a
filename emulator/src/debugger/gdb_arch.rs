//! The register set GDB sees: gdb's own RV64 description (integer,
//! double-precision FPU, a set of CSRs, and the privilege level as
//! `$priv`), so that an ELF built for the D extension matches, and
//! `info registers` shows where the hart is.

use gdbstub::arch::{Arch, Registers};

/// The CSRs in the description, in register order.
pub const CSRS: [u16; 23] = [
    0x100, 0x104, 0x105, 0x140, 0x141, 0x142, 0x143, 0x144, 0x180, 0x300, 0x301, 0x302, 0x303,
    0x304, 0x305, 0x340, 0x341, 0x342, 0x343, 0x344, 0xc00, 0xc01, 0xc02,
];

pub enum VitrineRv64 {}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Regs {
    pub x: [u64; 32],
    pub pc: u64,
    pub f: [u64; 32],
    pub fflags: u32,
    pub frm: u32,
    pub fcsr: u32,
    pub csrs: [u64; 23],
    pub privilege: u64,
}

impl Registers for Regs {
    type ProgramCounter = u64;

    fn pc(&self) -> u64 {
        self.pc
    }

    fn gdb_serialize(&self, mut write_byte: impl FnMut(Option<u8>)) {
        let mut put = |bytes: &[u8]| bytes.iter().for_each(|&b| write_byte(Some(b)));
        for v in self.x.iter().chain([self.pc].iter()).chain(self.f.iter()) {
            put(&v.to_le_bytes());
        }
        for v in [self.fflags, self.frm, self.fcsr] {
            put(&v.to_le_bytes());
        }
        for v in self.csrs.iter().chain([self.privilege].iter()) {
            put(&v.to_le_bytes());
        }
    }

    fn gdb_deserialize(&mut self, bytes: &[u8]) -> Result<(), ()> {
        let mut words = bytes.chunks(8);
        let mut next = || -> Result<u64, ()> {
            let c = words.next().ok_or(())?;
            Ok(u64::from_le_bytes(c.try_into().map_err(|_| ())?))
        };
        for r in self.x.iter_mut() {
            *r = next()?;
        }
        self.pc = next()?;
        for r in self.f.iter_mut() {
            *r = next()?;
        }
        // fflags, frm, fcsr (32 bits each) and the CSRs: read-only here.
        Ok(())
    }
}

impl Arch for VitrineRv64 {
    type Usize = u64;
    type Registers = Regs;
    type BreakpointKind = usize;
    type RegId = gdbstub_arch::riscv::reg::id::RiscvRegId<u64>;

    fn target_description_xml() -> Option<&'static str> {
        Some(TARGET_XML)
    }
}

const TARGET_XML: &str = r#"<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
<architecture>riscv:rv64</architecture>
<feature name="org.gnu.gdb.riscv.cpu">
<reg name="zero" bitsize="64" type="int" regnum="0"/>
<reg name="ra" bitsize="64" type="code_ptr" regnum="1"/>
<reg name="sp" bitsize="64" type="data_ptr" regnum="2"/>
<reg name="gp" bitsize="64" type="data_ptr" regnum="3"/>
<reg name="tp" bitsize="64" type="data_ptr" regnum="4"/>
<reg name="t0" bitsize="64" type="int" regnum="5"/>
<reg name="t1" bitsize="64" type="int" regnum="6"/>
<reg name="t2" bitsize="64" type="int" regnum="7"/>
<reg name="fp" bitsize="64" type="data_ptr" regnum="8"/>
<reg name="s1" bitsize="64" type="int" regnum="9"/>
<reg name="a0" bitsize="64" type="int" regnum="10"/>
<reg name="a1" bitsize="64" type="int" regnum="11"/>
<reg name="a2" bitsize="64" type="int" regnum="12"/>
<reg name="a3" bitsize="64" type="int" regnum="13"/>
<reg name="a4" bitsize="64" type="int" regnum="14"/>
<reg name="a5" bitsize="64" type="int" regnum="15"/>
<reg name="a6" bitsize="64" type="int" regnum="16"/>
<reg name="a7" bitsize="64" type="int" regnum="17"/>
<reg name="s2" bitsize="64" type="int" regnum="18"/>
<reg name="s3" bitsize="64" type="int" regnum="19"/>
<reg name="s4" bitsize="64" type="int" regnum="20"/>
<reg name="s5" bitsize="64" type="int" regnum="21"/>
<reg name="s6" bitsize="64" type="int" regnum="22"/>
<reg name="s7" bitsize="64" type="int" regnum="23"/>
<reg name="s8" bitsize="64" type="int" regnum="24"/>
<reg name="s9" bitsize="64" type="int" regnum="25"/>
<reg name="s10" bitsize="64" type="int" regnum="26"/>
<reg name="s11" bitsize="64" type="int" regnum="27"/>
<reg name="t3" bitsize="64" type="int" regnum="28"/>
<reg name="t4" bitsize="64" type="int" regnum="29"/>
<reg name="t5" bitsize="64" type="int" regnum="30"/>
<reg name="t6" bitsize="64" type="int" regnum="31"/>
<reg name="pc" bitsize="64" type="code_ptr" regnum="32"/>
</feature>
<feature name="org.gnu.gdb.riscv.fpu">
<union id="riscv_double"><field name="float" type="ieee_single"/><field name="double" type="ieee_double"/></union>
<reg name="ft0" bitsize="64" type="riscv_double" regnum="33"/>
<reg name="ft1" bitsize="64" type="riscv_double" regnum="34"/>
<reg name="ft2" bitsize="64" type="riscv_double" regnum="35"/>
<reg name="ft3" bitsize="64" type="riscv_double" regnum="36"/>
<reg name="ft4" bitsize="64" type="riscv_double" regnum="37"/>
<reg name="ft5" bitsize="64" type="riscv_double" regnum="38"/>
<reg name="ft6" bitsize="64" type="riscv_double" regnum="39"/>
<reg name="ft7" bitsize="64" type="riscv_double" regnum="40"/>
<reg name="fs0" bitsize="64" type="riscv_double" regnum="41"/>
<reg name="fs1" bitsize="64" type="riscv_double" regnum="42"/>
<reg name="fa0" bitsize="64" type="riscv_double" regnum="43"/>
<reg name="fa1" bitsize="64" type="riscv_double" regnum="44"/>
<reg name="fa2" bitsize="64" type="riscv_double" regnum="45"/>
<reg name="fa3" bitsize="64" type="riscv_double" regnum="46"/>
<reg name="fa4" bitsize="64" type="riscv_double" regnum="47"/>
<reg name="fa5" bitsize="64" type="riscv_double" regnum="48"/>
<reg name="fa6" bitsize="64" type="riscv_double" regnum="49"/>
<reg name="fa7" bitsize="64" type="riscv_double" regnum="50"/>
<reg name="fs2" bitsize="64" type="riscv_double" regnum="51"/>
<reg name="fs3" bitsize="64" type="riscv_double" regnum="52"/>
<reg name="fs4" bitsize="64" type="riscv_double" regnum="53"/>
<reg name="fs5" bitsize="64" type="riscv_double" regnum="54"/>
<reg name="fs6" bitsize="64" type="riscv_double" regnum="55"/>
<reg name="fs7" bitsize="64" type="riscv_double" regnum="56"/>
<reg name="fs8" bitsize="64" type="riscv_double" regnum="57"/>
<reg name="fs9" bitsize="64" type="riscv_double" regnum="58"/>
<reg name="fs10" bitsize="64" type="riscv_double" regnum="59"/>
<reg name="fs11" bitsize="64" type="riscv_double" regnum="60"/>
<reg name="ft8" bitsize="64" type="riscv_double" regnum="61"/>
<reg name="ft9" bitsize="64" type="riscv_double" regnum="62"/>
<reg name="ft10" bitsize="64" type="riscv_double" regnum="63"/>
<reg name="ft11" bitsize="64" type="riscv_double" regnum="64"/>
<reg name="fflags" bitsize="32" type="int" regnum="66"/>
<reg name="frm" bitsize="32" type="int" regnum="67"/>
<reg name="fcsr" bitsize="32" type="int" regnum="68"/>
</feature>
<feature name="org.gnu.gdb.riscv.csr">
<reg name="sstatus" bitsize="64" type="int" regnum="321"/>
<reg name="sie" bitsize="64" type="int" regnum="325"/>
<reg name="stvec" bitsize="64" type="int" regnum="326"/>
<reg name="sscratch" bitsize="64" type="int" regnum="385"/>
<reg name="sepc" bitsize="64" type="int" regnum="386"/>
<reg name="scause" bitsize="64" type="int" regnum="387"/>
<reg name="stval" bitsize="64" type="int" regnum="388"/>
<reg name="sip" bitsize="64" type="int" regnum="389"/>
<reg name="satp" bitsize="64" type="int" regnum="449"/>
<reg name="mstatus" bitsize="64" type="int" regnum="833"/>
<reg name="misa" bitsize="64" type="int" regnum="834"/>
<reg name="medeleg" bitsize="64" type="int" regnum="835"/>
<reg name="mideleg" bitsize="64" type="int" regnum="836"/>
<reg name="mie" bitsize="64" type="int" regnum="837"/>
<reg name="mtvec" bitsize="64" type="int" regnum="838"/>
<reg name="mscratch" bitsize="64" type="int" regnum="897"/>
<reg name="mepc" bitsize="64" type="int" regnum="898"/>
<reg name="mcause" bitsize="64" type="int" regnum="899"/>
<reg name="mtval" bitsize="64" type="int" regnum="900"/>
<reg name="mip" bitsize="64" type="int" regnum="901"/>
<reg name="cycle" bitsize="64" type="int" regnum="3137"/>
<reg name="time" bitsize="64" type="int" regnum="3138"/>
<reg name="instret" bitsize="64" type="int" regnum="3139"/>
</feature>
<feature name="org.gnu.gdb.riscv.virtual">
<reg name="priv" bitsize="64" type="int" regnum="4161"/>
</feature>
</target>
"#;
