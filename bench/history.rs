//! Reads the whole history of a site from git, as the history of every entry, and says how
//! long it took: `cargo run --release --example history -- SITE`. Used by bench/history.sh.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let Some(site) = std::env::args().nth(1) else {
        eprintln!("usage: history SITE");
        return ExitCode::from(2);
    };
    let site = Path::new(&site);
    let started = Instant::now();
    let repo = match stratsite::Repo::open(site) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", e.message(site));
            return ExitCode::from(1);
        }
    };
    match stratsite::history(&repo) {
        Ok(history) => {
            let events: usize = history.values().map(Vec::len).sum();
            println!(
                "{} entries, {events} events in {:.2} s",
                history.len(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", e.message(site));
            ExitCode::from(1)
        }
    }
}
