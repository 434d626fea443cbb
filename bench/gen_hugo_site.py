#!/usr/bin/env python3
"""Turns a benchmark strategy made by gen_site.py into an equivalent Hugo site, for
bench/peers.sh: the same prose as one page per commitment (its theme and objective linked above
it, its status and due date beside it), a page per theme and per objective listing its
commitments as cards with a summary, a page of every commitment, a front page with the first
twelve, and Hugo's own sitemap and feeds. Fenced code is highlighted with CSS classes, as
stratsite does.

usage: gen_hugo_site.py SITE_DIR OUT_DIR
"""
import os
import re
import sys
import tomllib

LAYOUT_BASE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ .Summary | plainify | truncate 200 }}">
<link rel="canonical" href="{{ .Permalink }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ "" | relURL }}">{{ site.Title }}</a>
<nav><ul>{{ range site.Menus.main }}<li><a href="{{ .URL | relURL }}">{{ .Name }}</a></li>{{ end }}</ul></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>Commitments reach {{ site.Params.horizon }} ahead.</p></footer>
</body>
</html>
"""

CARD = """<article class="card status-{{ .Params.status }}" id="{{ .File.ContentBaseName }}">
<h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p class="badges"><span class="badge">{{ .Params.status }}</span></p>
<p>{{ .Summary | plainify | truncate 200 }}</p>
<dl><div><dt>Theme</dt><dd>{{ range .GetTerms "themes" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd></div>
<div><dt>Due</dt><dd>{{ .Params.due }}</dd></div></dl>
</article>
"""

SINGLE = """{{ define "main" }}
<article>
<p>Commitment</p>
<h1>{{ .Title }}</h1>
<nav class="why-chain"><h2>Why this matters</h2><ol>
<li>{{ range .GetTerms "objectives" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</li>
<li>{{ range .GetTerms "themes" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</li>
<li>{{ .Title }}</li></ol></nav>
<section><h2>Why this, now</h2><div class="prose">{{ .Content }}</div></section>
<dl><div><dt>Status</dt><dd>{{ .Params.status }}</dd></div><div><dt>Due</dt><dd>{{ .Params.due }}</dd></div></dl>
</article>
{{ end }}
"""

LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
<div class="cards">{{ range .Pages }}{{ partial "card.html" . }}{{ end }}</div>
{{ end }}
"""

HOME = """{{ define "main" }}
<h1>{{ site.Title }}</h1>
<div class="cards">{{ range first 12 (where site.RegularPages "Section" "commitments") }}{{ partial "card.html" . }}{{ end }}</div>
{{ end }}
"""


def main():
    site, out = sys.argv[1], sys.argv[2]
    with open(os.path.join(site, "stratsite.toml"), "rb") as f:
        root = tomllib.load(f)
    with open(os.path.join(site, "strategy", "themes.toml"), "rb") as f:
        themes = tomllib.load(f)["theme"]
    with open(os.path.join(site, "strategy", "commitments.toml"), "rb") as f:
        commitments = tomllib.load(f)["commitment"]
    objective_of = {t["id"]: t["serves"][0] for t in themes}
    for d in ("content/commitments", "content/themes", "content/objectives", "layouts/_partials", "static"):
        os.makedirs(os.path.join(out, d), exist_ok=True)
    with open(os.path.join(out, "hugo.toml"), "w") as f:
        f.write(
            f'baseURL = "{root["site"]["base_url"]}"\ntitle = "{root["site"]["title"]}"\n'
            'disableKinds = ["taxonomy"]\n'
            "[params]\nhorizon = \"52 weeks\"\n"
            '[taxonomies]\ntheme = "themes"\nobjective = "objectives"\n'
            "[markup.highlight]\nnoClasses = false\n"
            '[[menus.main]]\nname = "Commitments"\nurl = "commitments/"\n'
        )
    layouts = {
        "baseof.html": LAYOUT_BASE,
        "single.html": SINGLE,
        "list.html": LIST,
        "term.html": LIST,
        "home.html": HOME,
        "_partials/card.html": CARD,
    }
    for name, text in layouts.items():
        with open(os.path.join(out, "layouts", name), "w") as f:
            f.write(text)
    with open(os.path.join(out, "static", "style.css"), "w") as f:
        f.write("body { font-family: sans-serif; }\n")
    for t in themes:
        os.makedirs(os.path.join(out, "content", "themes", t["id"]), exist_ok=True)
        with open(os.path.join(out, "content", "themes", t["id"], "_index.md"), "w") as f:
            f.write(f'---\ntitle: "{t["title"]}"\n---\n{t["narrative"]}\n')
    for o in root.get("objective", []):
        os.makedirs(os.path.join(out, "content", "objectives", o["id"]), exist_ok=True)
        with open(os.path.join(out, "content", "objectives", o["id"], "_index.md"), "w") as f:
            f.write(f'---\ntitle: "{o["title"]}"\n---\n{o["why"]}\n')
    link = re.compile(r"\]\(@([a-z0-9-]+)\)")
    for c in commitments:
        # Commitment pages are at commitments/ID/, so the theme is two folders up.
        prose = link.sub(lambda m: f"](../../themes/{m.group(1)}/)", c["why"])
        with open(os.path.join(out, "content", "commitments", f"{c['id']}.md"), "w") as f:
            f.write(
                f'---\ntitle: "{c["title"]}"\nstatus: "{c["status"]}"\ndue: "{c["due"]}"\n'
                f'themes: ["{c["theme"]}"]\nobjectives: ["{objective_of[c["theme"]]}"]\n---\n{prose}'
            )


if __name__ == "__main__":
    main()
