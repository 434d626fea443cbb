//! Text measured in DejaVu Sans, from a table of its advance widths built into stratsite
//! (`font_advances.rs`, generated from the font in `fonts/`), so that drawings made at build time
//! (the strategy map) come out the same on every machine: no system font is ever read.
//!
//! DejaVu Sans is wider than most sans-serif fonts, so text measured with it fits when the
//! browser shows it in a narrower one.

use super::font_advances::{ADVANCES, UNITS_PER_EM};

/// The advance of one character, in ems. Characters the table lacks: wide (CJK, Hangul, full
/// width forms) count one em, combining marks nothing, anything else as a wide Latin letter.
pub fn advance(c: char) -> f32 {
    let cp = c as u32;
    for (start, widths) in ADVANCES {
        if let Some(w) = cp.checked_sub(*start).and_then(|i| widths.get(i as usize))
            && *w > 0
        {
            return f32::from(*w) / f32::from(UNITS_PER_EM);
        }
    }
    match cp {
        0x0300..=0x036F | 0x200B..=0x200F => 0.0,
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD => 1.0,
        _ => 0.7,
    }
}

/// The width of `text` at `size` pixels, in pixels.
pub fn width(text: &str, size: f32) -> f32 {
    text.chars().map(advance).sum::<f32>() * size
}

/// `text` as it fits in `max` pixels at `size`: whole, or cut at a character and ended with `…`.
pub fn fit(text: &str, max: f32, size: f32) -> String {
    if width(text, size) <= max {
        return text.to_owned();
    }
    let room = max - advance('…') * size;
    let mut used = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        used += advance(c) * size;
        if used > room {
            break;
        }
        out.push(c);
    }
    let mut out = out.trim_end().to_owned();
    out.push('…');
    out
}

/// Whether a line may break before `c` without a space: between the characters of scripts
/// written without spaces (CJK, kana, Hangul), which are measured full width.
fn breaks_anywhere(c: char) -> bool {
    advance(c) >= 1.0 && !c.is_ascii()
}

/// `text` broken into at most `lines` lines of at most `max` pixels at `size`: at spaces, or
/// between wide characters; a word longer than a line is cut, and the last line ends in `…`
/// when the text does not fit.
pub fn wrap(text: &str, max: f32, size: f32, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut rest = text.split_whitespace().collect::<Vec<_>>().join(" ");
    while !rest.is_empty() && out.len() < lines {
        let last = out.len() + 1 == lines;
        if last || width(&rest, size) <= max {
            out.push(fit(&rest, max, size));
            rest.clear();
            break;
        }
        // The longest head of `rest` that fits, ending before a space or a wide character.
        let mut used = 0.0;
        let mut cut = 0;
        let mut hard = 0;
        for (i, c) in rest.char_indices() {
            if c == ' ' || (breaks_anywhere(c) && i > 0) {
                cut = i;
            }
            used += advance(c) * size;
            if used > max {
                break;
            }
            hard = i + c.len_utf8();
        }
        let at = if cut > 0 { cut } else { hard.max(1) };
        let at = (0..=at)
            .rev()
            .find(|i| rest.is_char_boundary(*i))
            .unwrap_or(0);
        line.push_str(rest[..at].trim_end());
        out.push(std::mem::take(&mut line));
        rest = rest[at..].trim_start().to_owned();
    }
    out
}

/// Whether text reads right to left: its first letter of a strong direction is Hebrew, Arabic
/// or another right-to-left script.
pub fn is_rtl(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font_table() {
        // DejaVu Sans: "M" is 1767 units of 2048, a space 651.
        assert!((advance('M') - 1767.0 / 2048.0).abs() < 1e-6);
        assert!((width("M M", 10.0) - (1767.0 + 651.0 + 1767.0) / 204.8).abs() < 1e-3);
        assert_eq!(advance('漢'), 1.0);
        assert_eq!(advance('\u{301}'), 0.0);
    }

    #[test]
    fn long_text_is_cut_to_fit_with_an_ellipsis() {
        let t = "Show the next free delivery slots on the basket page";
        let cut = fit(t, 120.0, 12.0);
        assert!(cut.ends_with('…') && width(&cut, 12.0) <= 120.0, "{cut}");
        assert_eq!(fit("Short", 120.0, 12.0), "Short");
        let cjk = fit("配送時間帯を買い物かごの画面に表示する", 60.0, 12.0);
        assert!(width(&cjk, 12.0) <= 60.0, "{cjk}");
    }

    #[test]
    fn text_wraps_at_spaces_or_between_wide_characters_and_ends_cut() {
        let t = "Show the next free delivery slots on the basket page";
        let lines = wrap(t, 150.0, 12.0, 2);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines.iter().all(|l| width(l, 12.0) <= 150.0), "{lines:?}");
        assert!(lines[0].starts_with("Show the next") && !lines[0].ends_with(' '));
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert_eq!(wrap("Short", 150.0, 12.0, 2), ["Short"]);
        assert_eq!(wrap("one two", 150.0, 12.0, 3), ["one two"]);
        let cjk = wrap("配送時間帯を買い物かごの画面に表示する", 60.0, 12.0, 3);
        assert_eq!(cjk.len(), 3, "{cjk:?}");
        assert!(cjk.iter().all(|l| width(l, 12.0) <= 60.0), "{cjk:?}");
        assert_eq!(cjk[0], "配送時間帯");
        let word = wrap("Supercalifragilisticexpialidocious", 60.0, 12.0, 2);
        assert!(
            word.iter().all(|l| width(l, 12.0) <= 60.0 && !l.is_empty()),
            "{word:?}"
        );
        assert!(is_rtl("שלום עולם") && is_rtl("«مرحبا»") && !is_rtl("Hello שלום"));
    }
}
