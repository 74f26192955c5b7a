//! The `vitrine` command: see `vitrine --help` and README.md.
fn main() {
    std::process::exit(vitrine_emulator::cli::main());
}
