//! A whole site from one input: `stratsite.toml`, and after a NUL byte the prose file
//! `prose/p.md` (which the TOML may name). Loading, checking and building must never panic, and
//! unless `[site] allow_html` is on no page or feed may hold anything that runs script.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn site_folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("stratsite-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("prose")).expect("make the site folder");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = site_folder();
    let (toml, prose) = match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    std::fs::write(dir.join("stratsite.toml"), toml).expect("write stratsite.toml");
    std::fs::write(dir.join("prose/p.md"), prose).expect("write the prose file");
    let (pages, allow_html) = stratsite::fuzzing::build_site(dir);
    if !allow_html {
        for (path, html) in &pages {
            if let Some(found) = stratsite::fuzzing::executable(html) {
                panic!("{path} holds {found}");
            }
        }
    }
});
