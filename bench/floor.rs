//! The floor for the build benchmark: only renders the same Markdown prose with pulldown-cmark
//! and syntect (as stratsite does, highlighting only when there is code) and writes one HTML
//! file per input, in parallel on all cores. No templates, no checks, no links.
//!
//! usage: floor PROSE_DIR OUT_DIR

use std::path::PathBuf;
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd, html};
use rayon::prelude::*;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

fn render(text: &str) -> String {
    let mut events = Vec::new();
    let mut parser = Parser::new_ext(text, Options::all());
    while let Some(ev) = parser.next() {
        if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) = &ev {
            let mut code = String::new();
            for inner in parser.by_ref() {
                match inner {
                    Event::Text(t) => code.push_str(&t),
                    Event::End(TagEnd::CodeBlock) => break,
                    _ => {}
                }
            }
            let set = syntaxes();
            let syntax = set
                .find_syntax_by_token(lang)
                .unwrap_or_else(|| set.find_syntax_plain_text());
            let mut g = ClassedHTMLGenerator::new_with_class_style(
                syntax,
                set,
                ClassStyle::SpacedPrefixed { prefix: "hl-" },
            );
            for line in LinesWithEndings::from(&code) {
                g.parse_html_for_line_which_includes_newline(line).unwrap();
            }
            events.push(Event::Html(
                format!("<pre><code>{}</code></pre>", g.finalize()).into(),
            ));
        } else {
            events.push(ev);
        }
    }
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        eprintln!("usage: floor PROSE_DIR OUT_DIR");
        std::process::exit(2);
    };
    let files: Vec<PathBuf> = std::fs::read_dir(&input)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    std::fs::create_dir_all(&output).unwrap();
    files.par_iter().for_each(|p| {
        let text = std::fs::read_to_string(p).unwrap();
        let html = render(&text);
        let name = p.file_stem().unwrap().to_string_lossy();
        std::fs::write(PathBuf::from(&output).join(format!("{name}.html")), html).unwrap();
    });
}
