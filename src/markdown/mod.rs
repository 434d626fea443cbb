//! Markdown prose to HTML, and the `[text](@id)` links between entries that prose may hold.
//!
//! Prose is rendered once per site. Links to entries are written with [`ROOT_MARKER`] in front
//! of the target path, and each page swaps the marker for its own path to the site root, so the
//! same rendering serves pages at any depth.

pub mod highlight;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html,
};

/// Stands for "the path from this page to the site root" in rendered prose. U+FFFF is a
/// noncharacter that the loader refuses in every string and prose file, and [`render`] replaces
/// any that Markdown's character references (`&#xFFFF;`) produce, so the only ones in a page
/// are those put there by [`render`].
pub const ROOT_MARKER: &str = "\u{FFFF}";

/// `text` without the root marker, so that what an author wrote comes out as written.
pub fn without_marker(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(ROOT_MARKER) {
        text.replace(ROOT_MARKER, "\u{FFFD}").into()
    } else {
        text.into()
    }
}

fn scrubbed(text: CowStr<'_>) -> CowStr<'_> {
    if text.contains(ROOT_MARKER) {
        text.replace(ROOT_MARKER, "\u{FFFD}").into()
    } else {
        text
    }
}

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

/// What checks and pages need to know of a piece of prose before rendering it, found in one
/// parse.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// The `[text](@id)` links to entries.
    pub entry_links: Vec<EntryLink>,
    /// Whether it has a code block (a page showing it needs the syntax stylesheet).
    pub has_code: bool,
}

/// Parses prose once for its [`Facts`].
pub fn facts(text: &str) -> Facts {
    let mut facts = Facts::default();
    for (ev, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(id) = dest_url.strip_prefix('@') {
                    facts.entry_links.push(EntryLink {
                        id: id.to_owned(),
                        range,
                    });
                }
            }
            Event::Start(Tag::CodeBlock(_)) => facts.has_code = true,
            _ => {}
        }
    }
    facts
}

/// What prose needs to know about the site to render.
pub trait Resolver {
    /// For an entry id: its path from the site root (`commitments/x.html`) and its title.
    fn entry(&self, id: &str) -> Option<(String, String)>;
}

/// Knows no entries: entry links without text show nothing.
pub struct NoEntries;

impl Resolver for NoEntries {
    fn entry(&self, _: &str) -> Option<(String, String)> {
        None
    }
}

/// Prose rendered to HTML.
#[derive(Clone, Debug, Default)]
pub struct Html {
    /// The HTML, with [`ROOT_MARKER`] where a page's path to root belongs.
    pub html: String,
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
    let mut highest = 6;
    // Footnote names in order of first use: their numbers.
    let mut footnotes: HashMap<String, usize> = HashMap::new();
    let mut footnote = |name: &str| -> (String, usize) {
        let next = footnotes.len() + 1;
        let n = *footnotes.entry(name.to_owned()).or_insert(next);
        // By number: names such as `a b` and `a-b` would make the same id, and no heading id
        // has an `_`.
        (format!("{anchor_prefix}fn_{n}"), n)
    };
    // The heading being read: where its start goes in `events`, its level, the id its author
    // wrote (`{#id}`), its classes and attributes, and its text so far.
    struct OpenHeading<'e> {
        at: usize,
        level: HeadingLevel,
        written: Option<CowStr<'e>>,
        classes: Vec<CowStr<'e>>,
        attrs: Vec<(CowStr<'e>, Option<CowStr<'e>>)>,
        plain: String,
    }
    let mut heading: Option<OpenHeading> = None;
    // Heading ids in use, and what an in-prose `#fragment` may call each (its written or plain
    // slug) -> the id it was given.
    let mut ids: HashSet<String> = HashSet::new();
    // The last number added to each heading text to make its id unique.
    let mut suffixes: HashMap<String, usize> = HashMap::new();
    let mut fragments: HashMap<String, String> = HashMap::new();
    // A link or image whose address could run script is shown as its text alone.
    let mut dropped_link = false;
    let mut dropped_image = false;
    // Character references in text, titles and addresses can spell the root marker: they
    // come out as U+FFFD instead.
    let mut parser = Parser::new_ext(text, options())
        .map(|ev| match ev {
            Event::Text(t) => Event::Text(scrubbed(t)),
            Event::Code(t) => Event::Code(scrubbed(t)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: scrubbed(dest_url),
                title: scrubbed(title),
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: scrubbed(dest_url),
                title: scrubbed(title),
                id,
            }),
            other => other,
        })
        .peekable();
    while let Some(ev) = parser.next() {
        if let Some(h) = heading.as_mut()
            && let Event::Text(t) | Event::Code(t) = &ev
        {
            h.plain.push_str(t);
        }
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
                events.push(Event::Html(highlight::code_block(&lang, &code).into()));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = Some(OpenHeading {
                    at: events.len(),
                    level,
                    written: id,
                    classes,
                    attrs,
                    plain: String::new(),
                });
                // Replaced by the heading's start once its text, and so its id, is known.
                events.push(Event::SoftBreak);
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(h) = heading.take() {
                    let wanted = h
                        .written
                        .as_deref()
                        .map(anchor_slug)
                        .unwrap_or_else(|| anchor_slug(&h.plain));
                    let mut id = format!("{anchor_prefix}{wanted}");
                    // Counting on from the last number given for this text keeps a thousand
                    // headings of one name from trying every number before theirs.
                    let n = suffixes.entry(wanted.clone()).or_insert(1);
                    while !ids.insert(id.clone()) {
                        *n += 1;
                        id = format!("{anchor_prefix}{wanted}-{n}");
                    }
                    for name in [h.written.as_deref().map(str::to_owned), Some(wanted)]
                        .into_iter()
                        .flatten()
                    {
                        fragments.entry(name).or_insert_with(|| id.clone());
                    }
                    highest = highest.min(h.level as usize);
                    events[h.at] = Event::Start(Tag::Heading {
                        level: h.level,
                        id: Some(id.into()),
                        classes: h.classes,
                        // Attributes can carry script (`onclick=…`): only where HTML is allowed.
                        attrs: if allow_html { h.attrs } else { Vec::new() },
                    });
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link { ref dest_url, .. })
                if !allow_html && runs_script(dest_url) =>
            {
                dropped_link = true;
            }
            Event::End(TagEnd::Link) if dropped_link => dropped_link = false,
            Event::Start(Tag::Link { .. }) => {
                let empty = matches!(parser.peek(), Some(Event::End(TagEnd::Link)));
                let title = link_title(&ev, resolver);
                events.push(link_event(ev, resolver));
                if empty && let Some(t) = title {
                    events.push(Event::Text(t.into()));
                }
            }
            Event::Start(Tag::Image { ref dest_url, .. })
                if !allow_html && runs_script(dest_url) =>
            {
                dropped_image = true;
            }
            Event::End(TagEnd::Image) if dropped_image => dropped_image = false,
            Event::Start(Tag::Image { .. }) => {
                // Its alt text is the text of everything up to its end.
                let mut alt = String::new();
                let mut depth = 0usize;
                for inner in parser.by_ref() {
                    match inner {
                        Event::End(TagEnd::Image) if depth == 0 => break,
                        Event::Start(Tag::Image { .. }) => depth += 1,
                        Event::End(TagEnd::Image) => depth -= 1,
                        Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                        Event::SoftBreak | Event::HardBreak => alt.push(' '),
                        _ => {}
                    }
                }
                events.push(image_event(ev, alt, resolver));
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
    // A link to a heading of this prose (`#id`) follows the heading to the id it was given.
    for ev in &mut events {
        if let Event::Start(Tag::Link { dest_url, .. }) = ev
            && let Some(id) = dest_url.strip_prefix('#').and_then(|f| fragments.get(f))
        {
            *dest_url = format!("#{id}").into();
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
    Html { html: out }
}

/// An address relative to the page it is on: no scheme, not from the host's root, not a
/// fragment or query of the page itself, and not an `@id`.
fn is_relative(url: &str) -> bool {
    let has_scheme = url.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    !(url.is_empty() || has_scheme || url.starts_with(['/', '#', '?', '@']))
}

/// Whether following a link would run script rather than open a page. An address written with
/// the root marker in front is judged by what follows it, since the marker is replaced later.
fn runs_script(url: &str) -> bool {
    let mut url: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    while let Some(rest) = url.strip_prefix(ROOT_MARKER) {
        url = rest.to_owned();
    }
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// The id for a heading: its words lowercased and joined by `-` (letters of any script kept),
/// or `section` when it has none.
fn anchor_slug(text: &str) -> String {
    let out = crate::util::text::slug(text, char::is_alphanumeric);
    if out.is_empty() {
        "section".to_owned()
    } else {
        out
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

/// Where a link or image in prose leads, from the site root (`commitments/x.html` for `@x`,
/// `img/flow.svg` for a file of the site's `static/` folder), or `None` to keep the address.
fn from_root(dest_url: &str, resolver: &dyn Resolver) -> Option<String> {
    if let Some((path, _)) = dest_url.strip_prefix('@').and_then(|i| resolver.entry(i)) {
        return Some(path);
    }
    is_relative(dest_url).then(|| dest_url.to_owned())
}

/// The HTML of one start tag, with the root marker in front of its address: pulldown-cmark
/// escapes the address, and the marker goes in after it did, so escaping cannot change it.
fn with_marker<'a>(tag: Tag<'a>, attr: &str, inner: Option<String>) -> Event<'a> {
    let mut html = String::new();
    let events = [
        Some(Event::Start(tag)),
        inner.map(|t| Event::Text(t.into())),
    ];
    let end = Event::End(TagEnd::Image);
    let is_image = attr == "src";
    html::push_html(
        &mut html,
        events.into_iter().flatten().chain(is_image.then_some(end)),
    );
    let at = format!(" {attr}=\"");
    let html = html.replacen(&at, &format!("{at}{ROOT_MARKER}"), 1);
    Event::InlineHtml(html.into())
}

/// Points `@id` links at the entry's page, and relative addresses at the site's root from
/// whichever page shows the prose.
fn link_event<'a>(ev: Event<'a>, resolver: &dyn Resolver) -> Event<'a> {
    match ev {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let link_type = if link_type == LinkType::Autolink {
                LinkType::Inline
            } else {
                link_type
            };
            match from_root(&dest_url, resolver) {
                Some(path) => with_marker(
                    Tag::Link {
                        link_type,
                        dest_url: path.into(),
                        title,
                        id,
                    },
                    "href",
                    None,
                ),
                None => Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }),
            }
        }
        other => other,
    }
}

/// An image, whole, with `alt` as its text; relative addresses lead from the site's root.
fn image_event<'a>(ev: Event<'a>, alt: String, resolver: &dyn Resolver) -> Event<'a> {
    let Event::Start(Tag::Image {
        link_type,
        dest_url,
        title,
        id,
    }) = ev
    else {
        return ev;
    };
    let root = from_root(&dest_url, resolver);
    let html = {
        let tag = Tag::Image {
            link_type,
            dest_url: root.clone().map_or(dest_url, Into::into),
            title,
            id,
        };
        match root {
            Some(_) => return with_marker(tag, "src", Some(alt)),
            None => {
                let mut html = String::new();
                html::push_html(
                    &mut html,
                    [
                        Event::Start(tag),
                        Event::Text(alt.into()),
                        Event::End(TagEnd::Image),
                    ]
                    .into_iter(),
                );
                html
            }
        }
    };
    Event::InlineHtml(html.into())
}

/// One line of inline Markdown (a title, a summary) as HTML and as plain text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inline {
    /// Code spans, emphasis, strong and struck-through text as HTML, everything else escaped.
    /// Links show their text only: a title is itself a link on cards and in lists.
    pub html: String,
    /// The same words without markup, for `<title>`, meta tags, feeds and the search index.
    pub text: String,
}

/// Characters without which a line has no inline Markdown, and reads as written.
const INLINE_MARKS: &[char] = &['`', '*', '_', '[', '<', '&', '\\', '~', '!'];

/// Renders one line of inline Markdown: code spans, emphasis and entry links (`[](@id)` shows
/// the entry's title from `resolver`). Block syntax is not read: a line starting with `#`, `-`
/// or `1.` reads as written. Raw HTML is shown as text unless `allow_html`.
pub fn inline(text: &str, resolver: &dyn Resolver, allow_html: bool) -> Inline {
    if !text.contains(INLINE_MARKS) {
        return Inline {
            html: crate::util::text::escape(text),
            text: text.to_owned(),
        };
    }
    let line = text.trim();
    if let Some(out) = inline_paragraph(line, resolver, allow_html) {
        return out;
    }
    // A block marker at the start (`# `, `- `, `> `, `1. `): escaped, the line is a paragraph.
    let at = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let escaped = line[at..]
        .starts_with(|c: char| c.is_ascii_punctuation())
        .then(|| format!("{}\\{}", &line[..at], &line[at..]));
    escaped
        .and_then(|e| inline_paragraph(&e, resolver, allow_html))
        .unwrap_or_else(|| Inline {
            html: crate::util::text::escape(text),
            text: text.to_owned(),
        })
}

/// `text` as one paragraph of inline Markdown, or `None` when Markdown reads it as another block.
fn inline_paragraph(text: &str, resolver: &dyn Resolver, allow_html: bool) -> Option<Inline> {
    use crate::util::text::escape;
    let mut events = Parser::new_ext(text, options() - Options::ENABLE_HEADING_ATTRIBUTES);
    if !matches!(events.next(), Some(Event::Start(Tag::Paragraph))) {
        return None;
    }
    let mut out = Inline::default();
    // The entry an open link points at, and where its text starts in `out.text`.
    let mut entry_link: Option<(String, usize)> = None;
    let mut closed = false;
    for ev in events {
        if closed {
            // A second block: the line is not one paragraph.
            return None;
        }
        match ev {
            Event::End(TagEnd::Paragraph) => closed = true,
            Event::Text(t) => {
                let t = scrubbed(t);
                out.html.push_str(&escape(&t));
                out.text.push_str(&t);
            }
            Event::Code(t) => {
                let t = scrubbed(t);
                out.html.push_str("<code>");
                out.html.push_str(&escape(&t));
                out.html.push_str("</code>");
                out.text.push_str(&t);
            }
            Event::Start(Tag::Emphasis) => out.html.push_str("<em>"),
            Event::End(TagEnd::Emphasis) => out.html.push_str("</em>"),
            Event::Start(Tag::Strong) => out.html.push_str("<strong>"),
            Event::End(TagEnd::Strong) => out.html.push_str("</strong>"),
            Event::Start(Tag::Strikethrough) => out.html.push_str("<del>"),
            Event::End(TagEnd::Strikethrough) => out.html.push_str("</del>"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                entry_link = dest_url
                    .strip_prefix('@')
                    .map(|id| (id.to_owned(), out.text.len()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((id, start)) = entry_link.take()
                    && out.text.len() == start
                    && let Some((_, title)) = resolver.entry(&id)
                {
                    out.html.push_str(&escape(&title));
                    out.text.push_str(&title);
                }
            }
            Event::InlineHtml(raw) | Event::Html(raw) => {
                if allow_html {
                    out.html.push_str(&raw);
                } else {
                    let raw = scrubbed(raw);
                    out.html.push_str(&escape(&raw));
                    out.text.push_str(&raw);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                out.html.push(' ');
                out.text.push(' ');
            }
            Event::FootnoteReference(name) => {
                let t = format!("[^{name}]");
                out.html.push_str(&escape(&t));
                out.text.push_str(&t);
            }
            // Images show their alt text, which arrives as text.
            _ => {}
        }
    }
    closed.then_some(out)
}

/// The first paragraph of prose as plain text, cut to about `max` characters (for summaries
/// and link previews). Links keep their text, and an entry link with none (`[](@id)`) gets the
/// entry's title from `titles`, as it does on the page.
pub fn plain_summary(text: &str, max: usize, titles: &dyn Resolver) -> String {
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
        && let Some(summary) = first_paragraph(p, max, titles)
    {
        return summary;
    }
    first_paragraph(text, max, titles).unwrap_or_default()
}

/// The text of the first paragraph, shortened to `max` characters at a word; `None` when the
/// text has no complete paragraph.
fn first_paragraph(text: &str, max: usize, titles: &dyn Resolver) -> Option<String> {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut complete = false;
    // The entry an open link points at, and where its text starts in `out`.
    let mut entry_link: Option<(String, usize)> = None;
    for ev in Parser::new_ext(text, options()) {
        match ev {
            Event::Start(Tag::Link { dest_url, .. }) if depth > 0 => {
                entry_link = dest_url
                    .strip_prefix('@')
                    .map(|id| (id.to_owned(), out.len()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((id, start)) = entry_link.take()
                    && out.len() == start
                    && let Some((_, title)) = titles.entry(&id)
                {
                    out.push_str(&title);
                }
            }
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
    let out = without_marker(&out).into_owned();
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

    fn html(text: &str, allow_html: bool) -> String {
        render(text, &NoEntries, allow_html, "e-", 3).html
    }

    struct Titles;
    impl Resolver for Titles {
        fn entry(&self, id: &str) -> Option<(String, String)> {
            (id == "x").then(|| ("commitments/x.html".to_owned(), "The <x> work".to_owned()))
        }
    }

    #[test]
    fn inline_markdown_in_a_line_renders_code_emphasis_and_entry_titles() {
        let i = inline(
            "Ship `serde` *faster* with [](@x) and [docs](https://example.org)",
            &Titles,
            false,
        );
        assert_eq!(
            i.html,
            "Ship <code>serde</code> <em>faster</em> with The &lt;x&gt; work and docs"
        );
        assert_eq!(i.text, "Ship serde faster with The <x> work and docs");
        // Raw HTML never passes unless allowed.
        let i = inline("A <img src=x onerror=alert(1)> title", &Titles, false);
        assert!(!i.html.contains("<img"), "{}", i.html);
        assert_eq!(i.text, "A <img src=x onerror=alert(1)> title");
        let i = inline("A <b>bold</b> summary", &Titles, true);
        assert_eq!(i.html, "A <b>bold</b> summary");
        // Block syntax reads as written.
        for line in [
            "# Not a heading `x`",
            "- Not a list `x`",
            "1. Not a list `x`",
            "> Not a quote `x`",
        ] {
            let i = inline(line, &Titles, false);
            assert!(i.html.contains("<code>x</code>"), "{line}: {}", i.html);
            assert!(i.text.starts_with(&line[..2]), "{line}: {}", i.text);
        }
        // A line without marks is the line, escaped.
        let i = inline("Plain & simple", &Titles, false);
        assert_eq!(
            (i.html.as_str(), i.text.as_str()),
            ("Plain &amp; simple", "Plain & simple")
        );
        let i = inline("Plain title", &Titles, false);
        assert_eq!(
            (i.html.as_str(), i.text.as_str()),
            ("Plain title", "Plain title")
        );
    }

    #[test]
    fn html_in_headings_is_escaped_like_everywhere_else() {
        let text = "## H <img src=x onerror=alert(1)>\n\n## A {#z onmouseover=alert(1) .note}\n";
        let out = html(text, false);
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("&lt;img src=x onerror=alert(1)&gt;"), "{out}");
        assert!(!out.contains("onmouseover"), "{out}");
        assert!(
            out.contains("<h3 id=\"e-z\" class=\"note\">A</h3>"),
            "{out}"
        );
        let allowed = html(text, true);
        assert!(
            allowed.contains("<img src=x onerror=alert(1)>"),
            "{allowed}"
        );
        assert!(allowed.contains("onmouseover=\"alert(1)\""), "{allowed}");
    }

    #[test]
    fn links_that_would_run_script_keep_only_their_text() {
        for url in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "vbscript:x",
            "data:text/html,x",
        ] {
            let out = html(&format!("Go [there](<{url}>) now."), false);
            assert_eq!(out, "<p>Go there now.</p>\n", "{url}");
        }
        let out = html("Go [there](javascript:alert(1)).", true);
        assert!(out.contains("href=\"javascript:alert(1)\""), "{out}");
        let out = html("<javascript:alert(1)>", false);
        assert!(!out.contains("href"), "{out}");
    }

    #[test]
    fn no_text_an_author_can_write_makes_a_root_marker() {
        // Character references spell any character, the marker's too: in text, titles and alt
        // text it comes out as U+FFFD.
        for text in [
            "See [x](https://example.org/ \"&#xFFFF;t\") and &#xFFFF;here and `&#xFFFF;`.",
            "![a &#xFFFF; b](https://example.org/x.png)",
        ] {
            let out = html(text, false);
            assert!(!out.contains(ROOT_MARKER), "{text}: {out:?}");
            assert!(out.contains('\u{FFFD}'), "{text}: {out:?}");
        }
        // In an address it cannot make a script link: the address is then relative.
        for text in [
            "See [x](&#xFFFF;javascript:alert(1)).",
            "See [x][r].\n\n[r]: <&#xffff;javascript:alert(1)>",
            "![x](&#xFFFF;javascript:alert(1))",
            "![x](javascript:alert(1))",
        ] {
            let out = render(text, &NoEntries, false, "", 2)
                .html
                .replace(ROOT_MARKER, "../");
            assert!(!out.contains("=\"javascript"), "{text}: {out}");
            assert!(!out.contains(ROOT_MARKER), "{text}: {out}");
        }
        // What once was the marker is text like any other.
        let out = render(
            "[x](stratsite-root:/a.html) stratsite-root:/b",
            &NoEntries,
            false,
            "",
            2,
        )
        .html
        .replace(ROOT_MARKER, "../");
        assert!(out.contains("href=\"stratsite-root:/a.html\""), "{out}");
        assert!(out.contains("stratsite-root:/b"), "{out}");
        // The site's own relative links and images do get it, escaped as before.
        let out = html("![a \"b\"](<img/x y.svg> \"t\") [z](files/a&b.pdf)", false);
        assert!(
            out.contains(&format!(
                "src=\"{ROOT_MARKER}img/x%20y.svg\" alt=\"a &quot;b&quot;\" title=\"t\""
            )),
            "{out}"
        );
        assert!(
            out.contains(&format!("href=\"{ROOT_MARKER}files/a&amp;b.pdf\">z</a>")),
            "{out}"
        );
    }

    #[test]
    fn many_identical_headings_and_footnotes_render_in_linear_time() {
        let n = 20_000;
        let mut text = "## Same\n\n".repeat(n);
        for i in 0..n {
            text.push_str(&format!("Note[^{i}].\n\n[^{i}]: the note\n\n"));
        }
        let started = std::time::Instant::now();
        let out = html(&text, false);
        // Quadratic numbering took minutes here; linear takes well under a second.
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert!(out.contains(&format!("id=\"e-same-{n}\"")));
        assert!(!out.contains(&format!("id=\"e-same-{}\"", n + 1)));
        assert!(out.contains(&format!("id=\"e-fn_{n}\"")));
    }

    #[test]
    fn footnote_and_heading_ids_never_meet() {
        let out = html(
            "## Fn 1\n\nA[^1] and B[^a b] and C[^a-b].\n\n[^1]: one\n[^a b]: two\n[^a-b]: three\n",
            false,
        );
        let ids: Vec<&str> = out
            .split("id=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap())
            .collect();
        let unique: std::collections::HashSet<&&str> = ids.iter().collect();
        assert_eq!(ids.len(), unique.len(), "{ids:?}");
        assert!(ids.contains(&"e-fn-1"), "{ids:?}");
        assert!(
            ids.contains(&"e-fn_1") && ids.contains(&"e-fn_3"),
            "{ids:?}"
        );
    }

    #[test]
    fn heading_ids_are_unique_and_keep_letters_of_any_script() {
        let out = html(
            "## Same\n\n## Same\n\n## 日本語\n\n## Ünïcödé Çafé\n\n## !!!\n\n## 🚀\n",
            false,
        );
        for id in [
            "e-same",
            "e-same-2",
            "e-日本語",
            "e-ünïcödé-çafé",
            "e-section",
            "e-section-2",
        ] {
            assert!(out.contains(&format!("id=\"{id}\"")), "{id}: {out}");
        }
    }

    #[test]
    fn links_to_a_heading_follow_its_id() {
        let out = html(
            "## Details {#custom}\n\n[see](#custom), [also](#details), [page](#main)\n",
            false,
        );
        assert!(out.contains("<h3 id=\"e-custom\">Details</h3>"), "{out}");
        assert!(out.contains("href=\"#e-custom\">see"), "{out}");
        assert!(out.contains("href=\"#main\">page"), "{out}");
        let out = html("## Details\n\n[see](#details)\n", false);
        assert!(out.contains("href=\"#e-details\">see"), "{out}");
    }

    #[test]
    fn relative_addresses_start_at_the_site_root() {
        let out = html(
            "![flow](img/flow.svg) [pdf](files/plan.pdf) [abs](https://example.org/x) [host](/x) [frag](#x) [q](?a=1) [mail](mailto:a@example.org)",
            false,
        );
        assert!(
            out.contains(&format!("src=\"{ROOT_MARKER}img/flow.svg\"")),
            "{out}"
        );
        assert!(
            out.contains(&format!("href=\"{ROOT_MARKER}files/plan.pdf\"")),
            "{out}"
        );
        for kept in [
            "https://example.org/x",
            "/x",
            "#x",
            "?a=1",
            "mailto:a@example.org",
        ] {
            assert!(out.contains(&format!("href=\"{kept}\"")), "{kept}: {out}");
        }
    }

    proptest! {
        #[test]
        fn summary_from_a_prefix_matches_the_whole_text(
            blocks in proptest::collection::vec(block(), 1..12),
            max in 20usize..220,
        ) {
            let text = blocks.join("\n\n");
            prop_assert_eq!(
                plain_summary(&text, max, &NoEntries),
                first_paragraph(&text, max, &NoEntries).unwrap_or_default()
            );
        }
    }
}
