//! The site's addresses: the base URL it is published at, the path of each page to the root,
//! and the "edit this page" link into the repository.

use crate::model::SiteConfig;
use crate::source::{FileId, SourceMap};

/// The address a site is published at, worked out once for every page, the feed, the sitemap
/// and the dev server.
#[derive(Clone, Debug)]
pub struct BaseUrl {
    /// The absolute address, ending in exactly one `/`.
    pub url: String,
}

impl BaseUrl {
    pub fn new(written: &str) -> BaseUrl {
        BaseUrl {
            url: format!("{}/", written.trim_end_matches('/')),
        }
    }

    /// The path part: `https://a.github.io/repo/` -> `/repo/`.
    pub fn path(&self) -> String {
        let url = self.url.as_str();
        let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_owned(),
            None => "/".to_owned(),
        }
    }

    /// Whether the site has an absolute address (`https://…`), not just the root path `/`.
    pub fn is_absolute(&self) -> bool {
        self.url.contains("://")
    }

    /// The absolute address of a page: the site's own address for the front page.
    pub fn canonical(&self, path: &str) -> String {
        let path = if path == "index.html" { "" } else { path };
        format!("{}{path}", self.url)
    }
}

/// The path from a page to the site root (`""`, `"../"`).
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The "edit this page" link for an entry written in `file`, when the site names its repository.
pub fn edit_url(site: &SiteConfig, files: &SourceMap, file: FileId) -> String {
    let Some(repo) = &site.repository else {
        return String::new();
    };
    let mut path = String::new();
    if let Some(p) = &site.repository_path {
        let p = p.trim_matches('/');
        if !p.is_empty() {
            path.push_str(p);
            path.push('/');
        }
    }
    path.push_str(files.rel(file));
    format!(
        "{}/edit/{}/{path}",
        repo.get_ref().trim_end_matches('/'),
        site.branch
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_end_in_one_slash_and_know_their_path() {
        let b = BaseUrl::new("https://acme.github.io/checkout//");
        assert_eq!(b.url, "https://acme.github.io/checkout/");
        assert_eq!(b.path(), "/checkout/");
        assert_eq!(BaseUrl::new("https://strategy.example.org").path(), "/");
        assert_eq!(
            b.canonical("index.html"),
            "https://acme.github.io/checkout/"
        );
        assert_eq!(
            b.canonical("themes/a.html"),
            "https://acme.github.io/checkout/themes/a.html"
        );
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("commitments/a.html"), "../");
    }
}
