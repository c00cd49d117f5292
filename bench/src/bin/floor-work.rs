//! The floor: the keep-alive GET + POST exchange with no framework, doing the suite's work by
//! hand (`serde_json` into borrowed structs, base64 into a reused buffer).

fn main() -> std::process::ExitCode {
    fg_bench::floor::main(true)
}
