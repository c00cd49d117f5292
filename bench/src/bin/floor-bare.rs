//! The bare floor: the keep-alive GET + POST exchange with no framework and no work (it answers
//! `{"records":0,"bytes":0}` without looking at the event).

fn main() -> std::process::ExitCode {
    fg_bench::floor::main(false)
}
