//! Prose rendered as a page shows it: never a panic, and with `allow_html` off (the first
//! byte's lowest bit) nothing in the HTML that runs script.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((flags, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let allow_html = flags & 1 == 1;
    let html = stratsite::fuzzing::render_prose(text, allow_html);
    if !allow_html && let Some(found) = stratsite::fuzzing::executable(&html) {
        panic!("{found} in {html}");
    }
});
