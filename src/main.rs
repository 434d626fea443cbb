//! The `stratsite` binary: the command line of the library, and its exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    stratsite::main()
}
