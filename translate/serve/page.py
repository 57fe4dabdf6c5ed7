"""The reading page: a form for German text, a URL or a file, answered by the page the HTML
renderer writes (with a link to the document's JSON). No script; it fits a 390 px phone."""

from __future__ import annotations

import html
from urllib.parse import urlencode

CSS = """
:root { color-scheme: light dark; --accent: #1f5fa8; --line: #c8c8c4; }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.5rem; margin: 0 0 .3rem; }
p.lead { margin: 0 0 1.2rem; color: #62666d; }
label { display: block; font-weight: 600; margin: 1rem 0 .3rem; }
textarea, input[type=url], input[type=password], input[type=file] { width: 100%;
  font: inherit; padding: .5rem; border: 1px solid var(--line); border-radius: 4px; }
textarea { min-height: 12rem; resize: vertical; }
fieldset { border: 0; padding: 0; margin: 1rem 0 0; }
fieldset label { display: inline; font-weight: normal; margin-right: 1rem; }
button { margin-top: 1.2rem; font: inherit; font-weight: 600; padding: .6rem 1.4rem;
  color: #fff; background: var(--accent); border: 0; border-radius: 4px; }
"""
JSON_LINK = ('<p class="json-link" lang="en"><a href="{href}">This document as JSON</a> · '
             '<a href="/">Translate another</a></p>')


def form(asks_key: bool) -> str:
    """The page at GET /; `asks_key`: the server wants its API key with the form."""
    key = ('<label for="api_key">API key</label>'
           '<input type="password" id="api_key" name="api_key" required>') if asks_key else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>translate: German → English</title>
<style>{CSS}</style>
</head>
<body>
<main>
<h1>German → English</h1>
<p class="lead">Paste a German article, give the address of one, or choose a file
(.txt, .md, .html). You get the German and its English side by side, with summaries.</p>
<form method="post" action="/read" enctype="multipart/form-data">
<label for="text">German text</label>
<textarea id="text" name="text" placeholder="Titel&#10;&#10;Der erste Absatz …"></textarea>
<label for="url">or the address of a web page</label>
<input type="url" id="url" name="url" placeholder="https://www.example.de/artikel.html">
<label for="file">or a file</label>
<input type="file" id="file" name="file" accept=".txt,.md,.markdown,.html,.htm">
<fieldset><legend>Summaries</legend>
<input type="radio" id="extractive" name="summarizer" value="extractive" checked>
<label for="extractive">extractive</label>
<input type="radio" id="none" name="summarizer" value="none">
<label for="none">none</label></fieldset>
{key}
<button type="submit">Translate</button>
</form>
</main>
</body>
</html>
"""


def with_json_link(page: str, key: str, api_key: str | None = None) -> str:
    """The renderer's page with a link to its JSON (GET /v1/documents/KEY, with the API key
    the form was given) at the top."""
    query = f"?{urlencode({'api_key': api_key})}" if api_key else ""
    link = JSON_LINK.format(href=html.escape(f"/v1/documents/{key}{query}"))
    return page.replace("<main>\n", f"<main>\n{link}\n", 1)
