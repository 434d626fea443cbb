//! The `[site]` settings: the address the site is published at, its language, its horizon,
//! its custom domain and its repository.

use crate::diagnostics::Diagnostic;
use crate::model::Strategy;

/// The problems in `[site]`.
pub(super) fn check(strategy: &Strategy) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let site = &strategy.site;
    let file = strategy.site_file;
    if let Some(base_url) = &site.base_url
        && let Err(why) = base_url_problem(base_url.get_ref())
    {
        diags.push(
            Diagnostic::error(format!("`{}` is not the address of a site: {why}", base_url.get_ref()))
                .at(file, base_url.span(), "expected http:// or https://, a host and a path")
                .help("write the address the site is published at, e.g. `https://acme.github.io/strategy/`"),
        );
    }
    if let Err(why) = language_problem(&site.language) {
        let at = strategy
            .site_spans
            .get("language")
            .cloned()
            .unwrap_or_else(|| site.horizon.span());
        diags.push(
            Diagnostic::error(format!("`{}` is not a language tag: {why}", site.language))
                .at(file, at, "expected a BCP 47 language tag")
                .help("write the language of the prose as a tag such as `en`, `de`, `fr-CA` or `pt-BR`"),
        );
    }
    if let Some(msg) = site.horizon.get_ref().problem() {
        diags.push(
            Diagnostic::error(msg)
                .at(file, site.horizon.span(), "not a span of time")
                .help("write it like \"6 weeks\", \"30 days\" or \"2 months\""),
        );
    }
    if let Some(s) = &site.stale_after
        && let Some(msg) = s.get_ref().problem()
    {
        diags.push(
            Diagnostic::error(msg)
                .at(file, s.span(), "not a span of time")
                .help(
                    "write how old a reading may be, like \"90 days\", \"6 weeks\" or \"3 months\"",
                ),
        );
    }
    if let Some(c) = &site.cname {
        let host = c.get_ref();
        let valid = !host.is_empty()
            && host.contains('.')
            && host
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == '-');
        if !valid {
            diags.push(
                Diagnostic::error(format!("`{host}` is not a domain name"))
                    .at(file, c.span(), "expected a bare host name")
                    .help("write only the host, e.g. `strategy.acme.com`, without `https://` or a path"),
            );
        }
    }
    if let Some(r) = &site.repository
        && !(r.get_ref().starts_with("https://") || r.get_ref().starts_with("http://"))
    {
        diags.push(
            Diagnostic::error(format!("`{}` is not a web address", r.get_ref()))
                .at(file, r.span(), "expected https://…")
                .help("write the repository's address, e.g. `https://github.com/acme/strategy`"),
        );
    }
    diags
}

/// What is wrong with an address to publish a site at, if anything: it needs `http://` or
/// `https://`, a host, and no spaces, query or fragment (page paths are added to it).
pub fn base_url_problem(url: &str) -> Result<(), &'static str> {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = ["https://", "http://"]
        .into_iter()
        .find(|scheme| lower.starts_with(scheme))
        .map(|scheme| &url[scheme.len()..])
    else {
        return Err("it does not start with http:// or https://");
    };
    if url.contains(char::is_whitespace) {
        return Err("it has a space in it");
    }
    if url.contains(['?', '#']) {
        return Err("it has a query (`?`) or fragment (`#`), which page paths cannot follow");
    }
    let authority = rest.split('/').next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return Err("it names no host");
    }
    Ok(())
}

/// What is wrong with a BCP 47 language tag, if anything (its shape, not the registry).
fn language_problem(tag: &str) -> Result<(), &'static str> {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    if !(2..=8).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err("it must start with a language of 2 to 8 letters");
    }
    if !parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric())) {
        return Err("the parts after the language are 1 to 8 letters or digits, joined by `-`");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_addresses_need_a_scheme_and_a_host_and_take_no_query() {
        for ok in [
            "https://acme.github.io/strategy/",
            "http://localhost:8080/",
            "https://strategy.acme.com",
            "HTTPS://Example.org/",
        ] {
            assert_eq!(base_url_problem(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("acme.github.io/strategy/", "http"),
            ("https://", "no host"),
            ("https:///strategy/", "no host"),
            ("https://:8080/", "no host"),
            ("https://@/", "no host"),
            ("https://example.org/a b/", "space"),
            ("https://example.org/?x=1", "query"),
            ("https://example.org/#top", "fragment"),
        ] {
            let problem = base_url_problem(bad).unwrap_err();
            assert!(problem.contains(why), "{bad}: {problem}");
        }
    }

    #[test]
    fn language_tags_are_checked_for_their_shape() {
        for ok in ["en", "de", "pt-BR", "zh-Hant-TW", "sr-Latn", "es-419"] {
            assert_eq!(language_problem(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "e",
            "english please",
            "en_US",
            "en-",
            "1a",
            "en-toolongsubtag",
        ] {
            assert!(language_problem(bad).is_err(), "{bad}");
        }
    }
}
