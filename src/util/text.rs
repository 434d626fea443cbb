//! Small text helpers shared by every stage: ids and slugs, HTML escaping, and English lists
//! and plurals for messages.

/// The longest id: it is a file name and part of every link to the entry.
pub const MAX_ID_LEN: usize = 80;

/// A valid id close to what was written: letters of other scripts spelled in ASCII
/// ("Ünïcode Café" -> `unicode-cafe`), at most [`MAX_ID_LEN`] long, cut at a hyphen.
pub fn suggest_id(written: &str) -> String {
    let mut id = slugify(&deunicode::deunicode(written));
    if id.len() > MAX_ID_LEN {
        let cut = id[..=MAX_ID_LEN].rfind('-').unwrap_or(MAX_ID_LEN);
        id.truncate(cut);
    }
    id
}

/// True for kebab-case: lowercase ASCII letters and digits in groups joined by single hyphens
/// (with single dots inside a group), at most [`MAX_ID_LEN`] long.
pub fn is_slug(s: &str) -> bool {
    s.len() <= MAX_ID_LEN && is_slug_shaped(s)
}

/// Lowercase words of letters and digits joined by single hyphens, of any length. A word may
/// hold single dots between its letters or digits, for versions and numbered names
/// (`libc-1.0`, `rfc-9.2`): a dot is safe in a file name and a URL, where it is not first.
pub fn is_slug_shaped(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            part.split('.').all(|piece| {
                !piece.is_empty()
                    && piece
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
        })
}

/// The nearest valid id to what was written: "Find Faster!" -> "find-faster".
pub fn slugify(s: &str) -> String {
    slug(s, |c| c.is_ascii_alphanumeric())
}

/// The characters of `s` that `keep` keeps, lowercased; each run of the others becomes one `-`,
/// with none at either end.
pub fn slug(s: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if keep(ch) {
            out.extend(ch.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// HTML-escapes text.
pub fn escape(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    // Writing to memory cannot fail, and escaping keeps the text UTF-8.
    let _ = tera::escape_html(s, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// "a", "a or b", "a, b or c".
pub fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// "1 entry", "2 entries", "3 errors".
pub fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, w) => format!("1 {w}"),
        (n, "entry") => format!("{n} entries"),
        (n, w) => format!("{n} {w}s"),
    }
}
