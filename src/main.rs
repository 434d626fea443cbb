use std::process::ExitCode;

fn main() -> ExitCode {
    stratsite::main()
}
