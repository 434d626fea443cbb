//! What the fuzz targets in `fuzz/` call: loading and building a site folder, rendering prose,
//! and the oracle that rendered HTML runs no script. Not part of the library's promises.

use std::path::Path;

/// Loads, checks and (when the check passes) builds the site in `root` in memory; returns every
/// HTML and XML file built, by path, and whether the site allows raw HTML.
pub fn build_site(root: &Path) -> (Vec<(String, String)>, bool) {
    let today = jiff::civil::date(2026, 11, 21);
    let options = crate::site::Options {
        dates: crate::check::Dates::fixed(today),
        base_url: None,
        history: None,
        workspace: None,
    };
    let sink = crate::output::MemorySite::default();
    let built = crate::pipeline::build_site(root, &options, false, &sink);
    let allow_html = built
        .checked
        .strategy
        .as_ref()
        .is_some_and(|s| s.site.allow_html);
    (pages(sink), allow_html)
}

/// Checks and (when the check passes) builds the workspace in `root` in memory, every member
/// and the organisation's pages; returns every HTML and XML file built, by path, and whether
/// any member allows raw HTML.
pub fn build_workspace(root: &Path) -> (Vec<(String, String)>, bool) {
    let today = jiff::civil::date(2026, 11, 21);
    let dates = crate::check::Dates::fixed(today);
    let options = crate::site::Options {
        dates,
        base_url: None,
        history: None,
        workspace: None,
    };
    let mut ws = crate::workspace::check(root, dates, None);
    let sink = crate::output::MemorySite::default();
    crate::pipeline::build_workspace(&mut ws, &options, false, &sink);
    let allow_html = ws
        .members
        .iter()
        .filter_map(crate::workspace::Member::strategy)
        .any(|s| s.site.allow_html);
    (pages(sink), allow_html)
}

/// Every HTML and XML file of a site built in memory, by path, as text.
fn pages(sink: crate::output::MemorySite) -> Vec<(String, String)> {
    sink.into_files()
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html") || path.ends_with(".xml"))
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

/// Prose rendered as a page one folder deep shows it.
pub fn render_prose(text: &str, allow_html: bool) -> String {
    struct NoEntries;
    impl crate::markdown::Resolver for NoEntries {
        fn entry(&self, id: &str) -> Option<(String, String)> {
            (id == "known").then(|| ("commitments/known.html".into(), "Known <b>".into()))
        }
    }
    crate::markdown::render(text, &NoEntries, allow_html, "e-", 3)
        .html
        .replace(crate::markdown::ROOT_MARKER, "../")
}

/// The first thing in `html` that could run script: a `<script>` (or another element that
/// loads active content), an `on…` event attribute, or a `javascript:`, `vbscript:` or
/// `data:` address; `None` when there is none.
pub fn executable(html: &str) -> Option<String> {
    const ELEMENTS: [&str; 5] = ["script", "iframe", "object", "embed", "frame"];
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        let (attrs, after) = attributes(&rest[name.len()..]);
        rest = after;
        // The theme's own search script, loaded from the site's assets, is not content.
        let theme_script = name == "script"
            && attrs
                .iter()
                .any(|(a, v)| a == "src" && v.ends_with("assets/search.js"));
        if ELEMENTS.contains(&name.as_str()) && !theme_script {
            return Some(format!("a <{name}> element"));
        }
        for (attr, value) in attrs {
            if attr.starts_with("on") {
                return Some(format!("an `{attr}` attribute on <{name}>"));
            }
            if matches!(
                attr.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href"
            ) {
                let address: String = unescape(&value)
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| address.starts_with(s))
                {
                    return Some(format!("<{name} {attr}=\"{value}\">"));
                }
            }
        }
    }
    None
}

/// The attributes of a tag whose name has been read, and the text after the tag.
fn attributes(tag: &str) -> (Vec<(String, String)>, &str) {
    let mut attrs = Vec::new();
    let mut s = tag;
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if s.is_empty() {
            return (attrs, s);
        }
        if let Some(after) = s.strip_prefix('>') {
            return (attrs, after);
        }
        let end = s
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(s.len());
        let name = s[..end].to_ascii_lowercase();
        s = s[end..].trim_start();
        let mut value = String::new();
        if let Some(after) = s.strip_prefix('=') {
            let after = after.trim_start();
            if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let body = &after[1..];
                let close = body.find(q).unwrap_or(body.len());
                value = body[..close].to_owned();
                s = body.get(close + 1..).unwrap_or("");
            } else {
                let close = after
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(after.len());
                value = after[..close].to_owned();
                s = &after[close..];
            }
        }
        if name.is_empty() {
            // Not an attribute: skip a character so the loop always moves on.
            s = s.get(1..).unwrap_or("");
            continue;
        }
        attrs.push((name, value));
    }
}

/// The character references a browser reads in an attribute value, worked out.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|e| *e <= 12);
        let decoded = end.and_then(|e| {
            let entity = &rest[1..e];
            let code = if let Some(hex) = entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
            {
                u32::from_str_radix(hex, 16).ok()
            } else if let Some(dec) = entity.strip_prefix('#') {
                dec.parse().ok()
            } else {
                match entity {
                    "amp" => Some('&' as u32),
                    "colon" => Some(':' as u32),
                    "quot" => Some('"' as u32),
                    "apos" => Some('\'' as u32),
                    "lt" => Some('<' as u32),
                    "gt" => Some('>' as u32),
                    "tab" => Some('\t' as u32),
                    "newline" => Some('\n' as u32),
                    _ => None,
                }
            };
            code.and_then(char::from_u32).map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oracle_finds_script_however_it_is_written() {
        for html in [
            "<p><script>alert(1)</script></p>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\" JaVa&#x53;cript&colon;alert(1)\">x</a>",
            "<img src=x onerror=alert(1)>",
            "<a title='x' ONCLICK=\"y\">",
            "<a href=data:text/html,x>",
        ] {
            assert!(executable(html).is_some(), "{html}");
        }
        for html in [
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
            "<a href=\"https://example.org/\" title=\"a onclick=b\">x</a>",
            "<p>javascript:alert(1) onclick=x</p>",
            "<img src=\"../img/x.svg\" alt=\"javascript:\">",
        ] {
            assert_eq!(executable(html), None, "{html}");
        }
    }

    #[test]
    fn prose_without_allow_html_runs_no_script() {
        for text in [
            "<script>alert(1)</script>",
            "[x](javascript:alert(1)) ![y](vbscript:x) <img src=x onerror=alert(1)>",
            "[x](&#x6A;avascript:alert(1)) [y][r]\n\n[r]: data:text/html,x",
            "# Title {onclick=alert(1)}",
            "<javascript:alert(1)>",
        ] {
            let out = render_prose(text, false);
            assert_eq!(executable(&out), None, "{text}: {out}");
        }
        assert!(executable(&render_prose("<script>x</script>", true)).is_some());
    }
}
