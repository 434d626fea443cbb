//! The default theme is embedded with `include_dir!`; rebuild when any of its files change.

fn main() {
    println!("cargo:rerun-if-changed=themes");
}
