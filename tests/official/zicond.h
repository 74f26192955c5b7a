/* Zicond for an assembler that predates it (GNU as 2.40): czero.eqz and
 * czero.nez as macros over `.insn` (OP, funct3 5/7, funct7 7), so the
 * official rv64uzicond programs build unmodified (gcc -include, see
 * tests/official/mod.rs). Binutils 2.41 and later know the mnemonics. */
.macro czero.eqz rd, rs1, rs2
.insn r 0x33, 5, 7, \rd, \rs1, \rs2
.endm
.macro czero.nez rd, rs1, rs2
.insn r 0x33, 7, 7, \rd, \rs1, \rs2
.endm
