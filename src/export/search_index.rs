//! `search-index.js`: what the search box in every page's header looks through, written as a
//! script that assigns one global, so that it loads from `file://` as well as from a server.
//!
//! Each entry is one row: its page (from the site root), its kind, its title, its tags and a
//! list of distinct words of its prose. The prose is not copied whole: a row keeps at most
//! [`MAX_TERMS`] words, the first distinct ones in written order that are not in the title and
//! not among the commonest English words, so that 10,000 commitments stay well under 2 MB
//! gzipped. Rows are written one at a time, like `strategy.json`.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::Write;

use crate::model::{Kind, Strategy};
use crate::site::Link;

/// The version of the index's shape, for scripts that read it.
pub const INDEX_VERSION: u32 = 1;
/// The most prose words one entry keeps.
pub const MAX_TERMS: usize = 40;
/// Words shorter than this (in characters) are left out: they match too much.
const MIN_TERM: usize = 3;
/// Longer words are left out: they are code, hashes or addresses, not what a reader types.
const MAX_TERM: usize = 24;

/// Words too common to tell entries apart, and the pieces of addresses that links leave in the
/// Markdown source.
const STOP: &[&str] = &[
    "about", "all", "also", "and", "any", "are", "because", "been", "but", "can", "com", "could",
    "did", "does", "each", "for", "from", "get", "had", "has", "have", "her", "him", "his", "how",
    "html", "http", "https", "into", "its", "just", "may", "more", "not", "one", "only", "org",
    "our", "out", "over", "she", "should", "such", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "use", "very", "was", "way", "were", "what", "when",
    "where", "which", "while", "who", "will", "with", "would", "www", "you",
];

/// Writes the search index of `strategy`; `links` gives every entry's page.
pub fn write_search_index(
    out: &mut dyn Write,
    strategy: &Strategy,
    links: &std::collections::HashMap<String, Link>,
) -> std::io::Result<()> {
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.label()).collect();
    writeln!(
        out,
        "/* The search index of this site, made by stratsite: [page, kind, title, tags, words]. */"
    )?;
    write!(
        out,
        "window.stratsiteSearch={{\"version\":{INDEX_VERSION},\"kinds\":{},\"entries\":[",
        serde_json::to_string(&kinds)?
    )?;
    let tags = crate::site::entry_tags(strategy);
    let mut first = true;
    let mut terms = Terms::default();
    for e in strategy.entries() {
        let id = e.id.get_ref();
        let Some(link) = links.get(id.as_str()) else {
            continue;
        };
        let kind = Kind::ALL.iter().position(|k| *k == e.kind).unwrap_or(0);
        // The title as plain text: what the search box shows and matches.
        let title = link.title.as_str();
        let entry_tags = tags
            .get(id.as_str())
            .map(|t| t.join(" "))
            .unwrap_or_default();
        terms.clear();
        for w in words(title) {
            terms.see(w);
        }
        'prose: for (_, p) in &e.prose {
            for w in words(p.text()) {
                if terms.kept == MAX_TERMS {
                    break 'prose;
                }
                terms.keep(w);
            }
        }
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        out.write_all(b"\n")?;
        let row = (&link.url, kind, title, entry_tags, &terms.text);
        serde_json::to_writer(&mut *out, &row)?;
    }
    out.write_all(b"\n]};\n")
}

/// One entry's words: those seen (its title's and the ones kept), and the kept ones as the
/// text of the row. Words already in lowercase are borrowed from the strategy, so only the
/// others are copied.
#[derive(Default)]
struct Terms<'a> {
    seen: HashSet<Cow<'a, str>, ahash::RandomState>,
    /// The kept words, separated by spaces.
    text: String,
    kept: usize,
}

impl<'a> Terms<'a> {
    /// Starts a new entry: nothing seen but the common words, which are never kept.
    fn clear(&mut self) {
        self.seen.clear();
        self.seen.extend(STOP.iter().map(|w| Cow::Borrowed(*w)));
        self.text.clear();
        self.kept = 0;
    }

    /// Records `word` as seen, in lowercase; true when it was not seen before.
    fn see(&mut self, word: &'a str) -> bool {
        let lower = lowercase(word);
        !self.seen.contains(lower.as_ref()) && self.seen.insert(lower)
    }

    /// Keeps `word` when it is long enough, not too common and not seen before.
    fn keep(&mut self, word: &'a str) {
        // Characters are never more than bytes, and at most four bytes each.
        if word.len() < MIN_TERM || word.len() > MAX_TERM * 4 {
            return;
        }
        let len = if word.is_ascii() {
            word.len()
        } else {
            word.chars().count()
        };
        if !(MIN_TERM..=MAX_TERM).contains(&len) {
            return;
        }
        let lower = lowercase(word);
        if self.seen.contains(lower.as_ref()) {
            return;
        }
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(&lower);
        self.seen.insert(lower);
        self.kept += 1;
    }
}

/// `word` in lowercase, borrowed when it already is.
fn lowercase(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        }
    } else if word.chars().any(char::is_uppercase) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// The words of a text: runs of letters and digits. Markdown's marks and the punctuation of
/// links fall between words, so the source can be read without parsing it.
fn words(text: &str) -> Box<dyn Iterator<Item = &str> + '_> {
    if text.is_ascii() {
        // Byte by byte: every byte is a whole character.
        Box::new(
            text.as_bytes()
                .split(|b| !b.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                // The slices split an ASCII text at ASCII bytes, so they are ASCII text.
                .map(|w| std::str::from_utf8(w).unwrap_or_default()),
        )
    } else {
        Box::new(
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_runs_of_letters_and_digits() {
        let w: Vec<Cow<str>> = words("## Retry *payments*, see [the theme](@fast-pay) — Größe 3DS")
            .map(lowercase)
            .collect();
        assert_eq!(
            w,
            [
                "retry", "payments", "see", "the", "theme", "fast", "pay", "größe", "3ds"
            ]
        );
        let ascii: Vec<&str> = words("`cargo build` -- 2 of [3](x.md)").collect();
        assert_eq!(ascii, ["cargo", "build", "2", "of", "3", "x", "md"]);
    }

    #[test]
    fn kept_words_skip_the_title_the_common_and_the_short() {
        let mut t = Terms::default();
        t.clear();
        for w in words("Retry payments") {
            t.see(w);
        }
        for w in words("We RETRY the card, then Retry it: Payments because Größe größe ÉCLAIR")
        {
            t.keep(w);
        }
        assert_eq!(t.text, "card größe éclair");
        assert_eq!(t.kept, 3);
    }
}
