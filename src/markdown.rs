//! Markdown prose to HTML, and the `[text](@id)` links between entries that prose may hold.
//!
//! Prose is rendered once per site. Links to entries are written with [`ROOT_MARKER`] in front
//! of the target path, and each page swaps the marker for its own path to the site root, so the
//! same rendering serves pages at any depth.

use std::ops::Range;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html,
};

use crate::highlight;

/// Stands for "the path from this page to the site root" in rendered prose.
pub const ROOT_MARKER: &str = "stratsite-root:/";

/// A `[text](@id)` link found in prose.
#[derive(Clone, Debug)]
pub struct EntryLink {
    pub id: String,
    /// Where the link is in the prose text.
    pub range: Range<usize>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The links to entries in a piece of prose.
pub fn entry_links(text: &str) -> Vec<EntryLink> {
    Parser::new_ext(text, options())
        .into_offset_iter()
        .filter_map(|(ev, range)| match ev {
            Event::Start(Tag::Link { dest_url, .. }) => {
                dest_url.strip_prefix('@').map(|id| EntryLink {
                    id: id.to_owned(),
                    range,
                })
            }
            _ => None,
        })
        .collect()
}

/// What prose needs to know about the site to render.
pub trait Resolver {
    /// For an entry id: its path from the site root (`commitments/x.html`) and its title.
    fn entry(&self, id: &str) -> Option<(String, String)>;
}

/// Prose rendered to HTML.
#[derive(Clone, Debug, Default)]
pub struct Html {
    /// The HTML, with [`ROOT_MARKER`] where a page's path to root belongs.
    pub html: String,
    /// True when the prose has a fenced code block (the page then needs the syntax stylesheet).
    pub has_code: bool,
}

impl Html {
    /// The HTML for a page whose path to the site root is `root` (`""` or `"../"`).
    pub fn at(&self, root: &str) -> String {
        if self.html.contains(ROOT_MARKER) {
            self.html.replace(ROOT_MARKER, root)
        } else {
            self.html.clone()
        }
    }
}

/// Renders prose. `anchor_prefix` keeps heading ids unique on pages that show many entries;
/// `top_heading` is the level the prose's highest heading becomes, so that prose headings sit
/// below the page's own without skipping a level.
pub fn render(
    text: &str,
    resolver: &dyn Resolver,
    allow_html: bool,
    anchor_prefix: &str,
    top_heading: usize,
) -> Html {
    let mut events: Vec<Event> = Vec::new();
    let mut has_code = false;
    let mut highest = 6;
    // Footnote names in order of first use: their numbers.
    let mut footnotes: Vec<String> = Vec::new();
    let mut footnote = |name: &str| -> (String, usize) {
        let n = match footnotes.iter().position(|f| f == name) {
            Some(i) => i + 1,
            None => {
                footnotes.push(name.to_owned());
                footnotes.len()
            }
        };
        (
            format!("{anchor_prefix}fn-{}", crate::validate::slugify(name)),
            n,
        )
    };
    let mut parser = Parser::new_ext(text, options()).peekable();
    while let Some(ev) = parser.next() {
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(l) => l.split([',', ' ']).next().unwrap_or("").to_owned(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                for inner in parser.by_ref() {
                    match inner {
                        Event::Text(t) => code.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                has_code = true;
                events.push(Event::Html(highlight::code_block(&lang, &code).into()));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let mut inner = Vec::new();
                let mut plain = String::new();
                for e in parser.by_ref() {
                    match &e {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::Text(t) | Event::Code(t) => plain.push_str(t),
                        _ => {}
                    }
                    inner.push(e);
                }
                let slug = id
                    .map(|i| i.to_string())
                    .unwrap_or_else(|| crate::validate::slugify(&plain));
                highest = highest.min(level as usize);
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(format!("{anchor_prefix}{slug}").into()),
                    classes,
                    attrs,
                }));
                events.extend(inner.into_iter().map(|e| link_event(e, resolver)));
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link { .. }) => {
                let empty = matches!(parser.peek(), Some(Event::End(TagEnd::Link)));
                let title = link_title(&ev, resolver);
                events.push(link_event(ev, resolver));
                if empty && let Some(t) = title {
                    events.push(Event::Text(t.into()));
                }
            }
            // A bare checkbox has no accessible name; say what it means.
            Event::TaskListMarker(done) => {
                let (checked, label) = if done {
                    (" checked", "Done")
                } else {
                    ("", "Not done")
                };
                events.push(Event::InlineHtml(
                    format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> ")
                        .into(),
                ));
            }
            // Footnote ids carry the entry's prefix, so that two entries' `[^1]` on one page
            // stay apart.
            Event::FootnoteReference(name) => {
                let (id, n) = footnote(&name);
                events.push(Event::InlineHtml(
                    format!(
                        "<sup class=\"footnote-reference\" id=\"{id}-ref\"><a href=\"#{id}\">{n}</a></sup>"
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let (id, n) = footnote(&name);
                events.push(Event::Html(
                    format!(
                        "<div class=\"footnote-definition\" id=\"{id}\"><sup class=\"footnote-definition-label\">{n}</sup>"
                    )
                    .into(),
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                events.push(Event::Html("</div>\n".into()));
            }
            Event::Html(raw) | Event::InlineHtml(raw) if !allow_html => {
                events.push(Event::Text(raw));
            }
            other => events.push(other),
        }
    }
    // Prose headings sit below the page's own: the highest becomes `top_heading`.
    let heading_shift = top_heading.saturating_sub(highest);
    if heading_shift > 0 {
        for ev in &mut events {
            match ev {
                Event::Start(Tag::Heading { level, .. }) | Event::End(TagEnd::Heading(level)) => {
                    *level = shift(*level, heading_shift);
                }
                _ => {}
            }
        }
    }
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    Html {
        html: out,
        has_code,
    }
}

fn shift(level: HeadingLevel, by: usize) -> HeadingLevel {
    let n = (level as usize + by).min(6);
    HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
}

fn link_title(ev: &Event, resolver: &dyn Resolver) -> Option<String> {
    match ev {
        Event::Start(Tag::Link { dest_url, .. }) => dest_url
            .strip_prefix('@')
            .and_then(|id| resolver.entry(id))
            .map(|(_, title)| title),
        _ => None,
    }
}

/// Points `@id` links at the entry's page.
fn link_event<'a>(ev: Event<'a>, resolver: &dyn Resolver) -> Event<'a> {
    match ev {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = match dest_url.strip_prefix('@').and_then(|i| resolver.entry(i)) {
                Some((path, _)) => CowStr::from(format!("{ROOT_MARKER}{path}")),
                None => dest_url,
            };
            Event::Start(Tag::Link {
                link_type: if link_type == LinkType::Autolink {
                    LinkType::Inline
                } else {
                    link_type
                },
                dest_url,
                title,
                id,
            })
        }
        other => other,
    }
}

/// The first paragraph of prose as plain text, cut to about `max` characters (for summaries
/// and link previews).
pub fn plain_summary(text: &str, max: usize) -> String {
    // The first paragraph usually ends in the first few hundred bytes: parse up to a blank line
    // past them, unless the rest could change that beginning (a link defined further down).
    let prefix = text
        .get(max * 2..)
        .and_then(|rest| rest.find("\n\n"))
        .map(|at| &text[..max * 2 + at])
        .filter(|p| {
            !p.match_indices(']')
                .any(|(i, _)| !p[i + 1..].starts_with('('))
        });
    if let Some(p) = prefix
        && let Some(summary) = first_paragraph(p, max)
    {
        return summary;
    }
    first_paragraph(text, max).unwrap_or_default()
}

/// The text of the first paragraph, shortened to `max` characters at a word; `None` when the
/// text has no complete paragraph.
fn first_paragraph(text: &str, max: usize) -> Option<String> {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut complete = false;
    for ev in Parser::new_ext(text, options()) {
        match ev {
            Event::Start(Tag::Paragraph) => depth += 1,
            Event::End(TagEnd::Paragraph) => {
                if !out.is_empty() {
                    complete = true;
                    break;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) | Event::Code(t) if depth > 0 => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak if depth > 0 => out.push(' '),
            _ => {}
        }
    }
    if !complete {
        return None;
    }
    Some(if out.chars().count() > max {
        let cut: String = out.chars().take(max).collect();
        let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
        format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
    } else {
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Blocks a piece of prose may start with or hold.
    fn block() -> impl Strategy<Value = String> {
        let word = "[a-z]{1,9}";
        let words = proptest::collection::vec(word, 1..40).prop_map(|w| w.join(" "));
        prop_oneof![
            words.clone(),
            words.clone().prop_map(|w| format!("## {w}")),
            words.clone().prop_map(|w| format!("- {w}\n- {w}")),
            words.clone().prop_map(|w| format!("```\n{w}\n\n{w}\n```")),
            words.clone().prop_map(|w| format!("{w} [link](@x) {w}")),
            words.clone().prop_map(|w| format!("{w} [ref][r] {w}")),
            Just("[r]: https://example.org/".to_owned()),
            Just("> quoted\n\n> more".to_owned()),
        ]
    }

    proptest! {
        #[test]
        fn summary_from_a_prefix_matches_the_whole_text(
            blocks in proptest::collection::vec(block(), 1..12),
            max in 20usize..220,
        ) {
            let text = blocks.join("\n\n");
            prop_assert_eq!(
                plain_summary(&text, max),
                first_paragraph(&text, max).unwrap_or_default()
            );
        }
    }
}
