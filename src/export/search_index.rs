//! `search-index.js`: what the search box in every page's header looks through, written as a
//! script that assigns one global, so that it loads from `file://` as well as from a server.
//!
//! Each entry is one row: its page (from the site root), its kind, its title, its tags and a
//! list of distinct words of its prose. The prose is not copied whole: a row keeps at most
//! [`MAX_TERMS`] words, the first distinct ones in written order that are not in the title and
//! not among the commonest English words, so that 10,000 commitments stay well under 2 MB
//! gzipped. Rows are written one at a time, like `strategy.json`.

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
    "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was",
    "one", "our", "out", "has", "his", "how", "its", "who", "did", "get", "may", "him", "she",
    "use", "way", "with", "that", "this", "from", "they", "will", "what", "when", "have", "been",
    "were", "than", "then", "them", "into", "more", "also", "each", "which", "their", "there",
    "would", "could", "should", "about", "these", "those", "does", "only", "over", "such", "very",
    "just", "because", "while", "where", "http", "https", "www", "com", "org", "html",
];

/// Writes the search index of `strategy`; `links` gives every entry's page.
pub fn write_search_index(
    out: &mut dyn Write,
    strategy: &Strategy,
    links: &std::collections::HashMap<String, Link>,
) -> std::io::Result<()> {
    let stop: HashSet<&str> = STOP.iter().copied().collect();
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
    let mut seen: HashSet<String> = HashSet::new();
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
        seen.clear();
        for w in words(title) {
            seen.insert(w);
        }
        let mut terms = String::new();
        let mut n = 0;
        'prose: for (_, p) in &e.prose {
            for w in words(p.text()) {
                if n == MAX_TERMS {
                    break 'prose;
                }
                let len = w.chars().count();
                if !(MIN_TERM..=MAX_TERM).contains(&len) || stop.contains(w.as_str()) {
                    continue;
                }
                if seen.insert(w.clone()) {
                    if !terms.is_empty() {
                        terms.push(' ');
                    }
                    terms.push_str(&w);
                    n += 1;
                }
            }
        }
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        out.write_all(b"\n")?;
        let row = (&link.url, kind, title, entry_tags, terms);
        serde_json::to_writer(&mut *out, &row)?;
    }
    out.write_all(b"\n]};\n")
}

/// The words of a text, lowercased: runs of letters and digits. Markdown's marks and the
/// punctuation of links fall between words, so the source can be read without parsing it.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_runs_of_letters_and_digits() {
        let w: Vec<String> =
            words("## Retry *payments*, see [the theme](@fast-pay) — Größe 3DS").collect();
        assert_eq!(
            w,
            [
                "retry", "payments", "see", "the", "theme", "fast", "pay", "größe", "3ds"
            ]
        );
    }
}
