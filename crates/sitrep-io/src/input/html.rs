//! HTML to text: the main article of a news page, or all visible text of an
//! HTML fragment (a feed item's description).
//!
//! The extractor sits on html5ever's *tokenizer* only. It builds no tree and
//! never recurses; it keeps its own stack of open elements, capped at
//! `max_depth`, so a page nested 200,000 `<div>`s deep costs a flat loop and
//! bounded memory. Markup below the cap is flattened into its deepest
//! recorded ancestor, and the caller is warned.
//!
//! Choosing the article is a small readability-style heuristic:
//! 1. boilerplate never reaches the text: scripts, styles, comments, `nav`,
//!    `aside`, `form`, `footer`, a `header` outside the article, and blocks
//!    whose `role`, `class` or `id` names a menu, sidebar, share bar,
//!    comment thread, cookie banner or the like;
//! 2. visible text is cut into paragraphs at block elements (`p`, `h1`-`h6`,
//!    `li`, `blockquote`, `div`, ...); paragraphs that are mostly link text
//!    are menus that escaped step 1 and are dropped;
//! 3. each paragraph's length is credited to its container and, half, to
//!    the container's parent; the best-scoring element wins unless an
//!    `<article>` (or `<main>`) holds at least half as much text, in which
//!    case the author's own markup is trusted;
//! 4. the winner's paragraphs are joined with blank lines.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::{Attribute, LocalName};
use sitrep_model::Date;

use super::date::parse_published;

/// What an HTML page yields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlArticle {
    /// The article text: paragraphs separated by blank lines, entities
    /// decoded, no markup.
    pub text: String,
    /// `og:title`, else `<title>`.
    pub title: Option<String>,
    /// From `article:published_time`, JSON-LD `datePublished`, other date
    /// meta tags or the first `<time datetime>`, in that order.
    pub published: Option<Date>,
    /// `<link rel="canonical">`, else `og:url`.
    pub url: Option<String>,
    /// `og:site_name`.
    pub site_name: Option<String>,
    /// Non-fatal problems: unparseable dates, flattened deep nesting.
    pub warnings: Vec<String>,
}

/// Extracts the main article from a whole page.
pub fn extract_article(html: &str, max_depth: usize) -> HtmlArticle {
    let state = tokenize(html, max_depth);
    let text = state.article_text();
    state.into_article(text)
}

/// All visible text of an HTML fragment, paragraphs separated by blank
/// lines; no article selection. Plain text passes through with its
/// whitespace collapsed.
pub fn html_to_text(html: &str, max_depth: usize) -> String {
    let state = tokenize(html, max_depth);
    join_paragraphs(state.paras.iter())
}

/// Runs the tokenizer over `html` in chunks, so no single buffer handed to
/// it approaches tendril's 4 GiB length limit.
fn tokenize(html: &str, max_depth: usize) -> State {
    const CHUNK: usize = 1 << 20;
    let tokenizer = Tokenizer::new(
        Collector {
            state: RefCell::new(State::new(max_depth)),
        },
        TokenizerOpts::default(),
    );
    let queue = BufferQueue::default();
    let mut rest = html;
    while !rest.is_empty() {
        let mut cut = rest.len().min(CHUNK);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (chunk, tail) = rest.split_at(cut);
        queue.push_back(StrTendril::from_slice(chunk));
        // The sink never asks to run a script, so feeding only stops when
        // the queue is drained.
        let _ = tokenizer.feed(&queue);
        rest = tail;
    }
    tokenizer.end();
    let mut state = tokenizer.sink.state.into_inner();
    state.finish();
    state
}

/// Raw text captured from a `<title>` or a JSON-LD script, capped so a
/// hostile page cannot grow it without bound.
const MAX_RAW_CAPTURE: usize = 1 << 20;

/// A paragraph needs more than this share of non-link text to count as
/// article text rather than a menu.
const MAX_LINK_DENSITY: f64 = 0.5;

/// An `<article>` or `<main>` is trusted when it holds at least this many
/// bytes of text...
const MIN_ARTICLE_BYTES: usize = 140;

/// ...and at least this share of the best-scoring element's text.
const ARTICLE_SHARE: f64 = 0.5;

/// What kind of landmark an element is, for article selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Landmark {
    Article,
    Main,
    Other,
}

/// One element that was pushed on the stack. Ids are assigned in document
/// order, so an element's descendants are exactly the ids `id..=end`.
#[derive(Debug, Clone, Copy)]
struct Element {
    parent: usize,
    end: usize,
    landmark: Landmark,
}

#[derive(Debug)]
struct Open {
    name: LocalName,
    id: usize,
    block: bool,
    skip: bool,
    pre: bool,
    link: bool,
    article: bool,
}

#[derive(Debug)]
struct Paragraph {
    text: String,
    /// The innermost block element the paragraph's text sits in.
    owner: usize,
    link_bytes: usize,
}

impl Paragraph {
    fn is_link_dense(&self) -> bool {
        self.link_bytes as f64 > self.text.len() as f64 * MAX_LINK_DENSITY
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    Title,
    JsonLd,
    Ignore,
}

/// Where a publication date came from; lower is more trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DateSource {
    PublishedTimeMeta,
    SchemaOrg,
    OtherMeta,
    TimeInArticle,
    TimeElsewhere,
}

struct Collector {
    state: RefCell<State>,
}

struct State {
    max_depth: usize,
    stack: Vec<Open>,
    /// Start tags past `max_depth` that were not pushed.
    overflow: usize,
    depth_exceeded: bool,
    skip_depth: usize,
    pre_depth: usize,
    link_depth: usize,
    article_depth: usize,
    /// Element 0 is the document itself.
    elements: Vec<Element>,
    paras: Vec<Paragraph>,
    cur: String,
    cur_owner: usize,
    cur_link_bytes: usize,
    pending_space: bool,
    capture: Option<Capture>,
    raw: String,
    title_tag: Option<String>,
    og_title: Option<String>,
    site_name: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    dates: Vec<(DateSource, String)>,
}

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::TagToken(tag) => match tag.kind {
                TagKind::StartTag => return state.start_tag(&tag),
                TagKind::EndTag => state.end_tag(&tag.name),
            },
            Token::CharacterTokens(text) => state.characters(&text),
            Token::EOFToken => state.flush(),
            // Comments, doctypes, NULs and parse errors carry no text.
            Token::CommentToken(_)
            | Token::DoctypeToken(_)
            | Token::NullCharacterToken
            | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }
}

impl State {
    fn new(max_depth: usize) -> State {
        State {
            max_depth,
            stack: Vec::new(),
            overflow: 0,
            depth_exceeded: false,
            skip_depth: 0,
            pre_depth: 0,
            link_depth: 0,
            article_depth: 0,
            elements: vec![Element {
                parent: 0,
                end: 0,
                landmark: Landmark::Other,
            }],
            paras: Vec::new(),
            cur: String::new(),
            cur_owner: 0,
            cur_link_bytes: 0,
            pending_space: false,
            capture: None,
            raw: String::new(),
            title_tag: None,
            og_title: None,
            site_name: None,
            canonical: None,
            og_url: None,
            dates: Vec::new(),
        }
    }

    fn start_tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        self.read_metadata(name, &tag.attrs);

        // Elements whose content the tokenizer must not parse as markup.
        // The tokenizer only switches state when the sink asks, so this is
        // what keeps `if (a<b)` in a script out of the text.
        let raw_kind = match name {
            "script" => Some(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                Some(RawKind::Rawtext)
            }
            "title" | "textarea" => Some(RawKind::Rcdata),
            _ => None,
        };
        // A trailing slash (`<script src=x />`) does not close these in
        // HTML; browsers read on to the end tag, and so does this.
        if let Some(kind) = raw_kind {
            self.capture = Some(match name {
                "title" if self.title_tag.is_none() && self.skip_depth == 0 => Capture::Title,
                "script" if attr(&tag.attrs, "type").is_some_and(|t| t.contains("ld+json")) => {
                    Capture::JsonLd
                }
                _ => Capture::Ignore,
            });
            self.raw.clear();
            return TokenSinkResult::RawData(kind);
        }

        self.close_implied(name);
        if name == "br" {
            self.line_break();
            return TokenSinkResult::Continue;
        }
        let block = is_block(name);
        if block {
            self.flush();
        }
        if is_void(name) || tag.self_closing {
            return TokenSinkResult::Continue;
        }
        if self.stack.len() >= self.max_depth {
            self.overflow += 1;
            self.depth_exceeded = true;
            return TokenSinkResult::Continue;
        }

        let landmark = if name == "article"
            || attr(&tag.attrs, "itemprop").is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
        {
            Landmark::Article
        } else if name == "main"
            || attr(&tag.attrs, "role").is_some_and(|v| v.eq_ignore_ascii_case("main"))
        {
            Landmark::Main
        } else {
            Landmark::Other
        };
        let skip = is_boilerplate_tag(name, self.article_depth > 0)
            || (landmark == Landmark::Other && is_boilerplate_attrs(name, &tag.attrs));
        let id = self.elements.len();
        let parent = self.stack.last().map_or(0, |o| o.id);
        self.elements.push(Element {
            parent,
            end: id,
            landmark,
        });
        let open = Open {
            name: tag.name.clone(),
            id,
            block,
            skip,
            pre: matches!(name, "pre" | "listing"),
            link: name == "a",
            article: landmark == Landmark::Article,
        };
        self.skip_depth += usize::from(open.skip);
        self.pre_depth += usize::from(open.pre);
        self.link_depth += usize::from(open.link);
        self.article_depth += usize::from(open.article);
        self.stack.push(open);
        TokenSinkResult::Continue
    }

    fn end_tag(&mut self, name: &LocalName) {
        if let Some(capture) = self.capture.take() {
            self.finish_capture(capture);
            return;
        }
        let block = is_block(name);
        if &**name == "br" {
            // `</br>` is treated as `<br>` by browsers.
            self.line_break();
            return;
        }
        if self.overflow > 0 {
            self.overflow -= 1;
            if block {
                self.flush();
            }
            return;
        }
        let Some(at) = self.stack.iter().rposition(|o| o.name == *name) else {
            // A stray end tag closes nothing, but `</p>` still ends a line.
            if block {
                self.flush();
            }
            return;
        };
        if block
            || self
                .stack
                .get(at..)
                .is_some_and(|s| s.iter().any(|o| o.block))
        {
            self.flush();
        }
        self.pop_to(at);
    }

    /// Closes everything still open at the end of input, so every element
    /// (the document included) knows the range of its descendants.
    fn finish(&mut self) {
        self.flush();
        self.pop_to(0);
        let last_id = self.elements.len() - 1;
        if let Some(document) = self.elements.first_mut() {
            document.end = last_id;
        }
    }

    /// Pops the stack down to (and including) index `at`.
    fn pop_to(&mut self, at: usize) {
        let last_id = self.elements.len() - 1;
        while self.stack.len() > at {
            let Some(open) = self.stack.pop() else { break };
            self.skip_depth -= usize::from(open.skip);
            self.pre_depth -= usize::from(open.pre);
            self.link_depth -= usize::from(open.link);
            self.article_depth -= usize::from(open.article);
            if let Some(element) = self.elements.get_mut(open.id) {
                element.end = last_id;
            }
        }
    }

    /// Closes elements a new start tag implicitly ends, as browsers do: a
    /// block ends an open paragraph, a list item ends the previous one.
    fn close_implied(&mut self, name: &str) {
        let stops_at: &[&str] = match name {
            "li" => &["ul", "ol", "menu"],
            "dt" | "dd" => &["dl"],
            "td" | "th" | "tr" => &["table"],
            _ => &[],
        };
        let closes: &[&str] = match name {
            "li" => &["li"],
            "dt" | "dd" => &["dt", "dd"],
            "td" | "th" => &["td", "th"],
            "tr" => &["tr", "td", "th"],
            _ if closes_paragraph(name) => &["p"],
            _ => &[],
        };
        if closes.is_empty() {
            return;
        }
        let mut found = None;
        for (i, open) in self.stack.iter().enumerate().rev() {
            let open_name: &str = &open.name;
            if closes.contains(&open_name) {
                found = Some(i);
                break;
            }
            // A paragraph is only closed from inside inline content; list
            // items and cells look no further than their own list or table.
            let is_barrier = if closes == ["p"] {
                open.block
            } else {
                stops_at.contains(&open_name)
            };
            if is_barrier {
                break;
            }
        }
        if let Some(at) = found {
            self.flush();
            self.pop_to(at);
        }
    }

    fn characters(&mut self, text: &str) {
        if let Some(capture) = self.capture {
            if capture != Capture::Ignore && self.raw.len() + text.len() <= MAX_RAW_CAPTURE {
                self.raw.push_str(text);
            }
            return;
        }
        if self.skip_depth > 0 {
            return;
        }
        for ch in text.chars() {
            if self.pre_depth == 0 && ch.is_whitespace() {
                self.pending_space = true;
                continue;
            }
            if self.cur.is_empty() {
                self.cur_owner = self.owner();
            } else if self.pending_space && !self.cur.ends_with('\n') {
                self.push_char(' ');
            }
            self.pending_space = false;
            self.push_char(ch);
        }
    }

    fn push_char(&mut self, ch: char) {
        self.cur.push(ch);
        if self.link_depth > 0 {
            self.cur_link_bytes += ch.len_utf8();
        }
    }

    fn line_break(&mut self) {
        if self.skip_depth == 0 && !self.cur.is_empty() && !self.cur.ends_with("\n\n") {
            self.cur.push('\n');
            self.pending_space = false;
        }
    }

    /// The innermost open block element (or the document).
    fn owner(&self) -> usize {
        self.stack
            .iter()
            .rev()
            .find(|o| o.block)
            .map_or(0, |o| o.id)
    }

    /// Ends the current paragraph.
    fn flush(&mut self) {
        self.pending_space = false;
        if self.cur.is_empty() {
            return;
        }
        let text = self.cur.trim();
        if !text.is_empty() {
            self.paras.push(Paragraph {
                text: text.to_string(),
                owner: self.cur_owner,
                link_bytes: self.cur_link_bytes.min(text.len()),
            });
        }
        self.cur.clear();
        self.cur_link_bytes = 0;
    }

    fn finish_capture(&mut self, capture: Capture) {
        let raw = std::mem::take(&mut self.raw);
        match capture {
            Capture::Title => self.title_tag = Some(collapse_whitespace(&raw)),
            Capture::JsonLd => {
                if let Some(date) = json_ld_date(&raw) {
                    self.dates.push((DateSource::SchemaOrg, date));
                }
            }
            Capture::Ignore => {}
        }
    }

    fn read_metadata(&mut self, name: &str, attrs: &[Attribute]) {
        match name {
            "meta" => {
                let key = attr(attrs, "property")
                    .or_else(|| attr(attrs, "name"))
                    .or_else(|| attr(attrs, "itemprop"));
                let (Some(key), Some(content)) = (key, attr(attrs, "content")) else {
                    return;
                };
                let content = content.trim();
                if content.is_empty() {
                    return;
                }
                match key.to_ascii_lowercase().as_str() {
                    "og:title" => set_once(&mut self.og_title, content),
                    "og:site_name" => set_once(&mut self.site_name, content),
                    "og:url" => set_once(&mut self.og_url, content),
                    "article:published_time"
                    | "og:article:published_time"
                    | "og:published_time" => {
                        self.dates
                            .push((DateSource::PublishedTimeMeta, content.to_string()));
                    }
                    "datepublished" => self
                        .dates
                        .push((DateSource::SchemaOrg, content.to_string())),
                    "date" | "pubdate" | "publishdate" | "publish-date" | "publish_date"
                    | "dc.date" | "dc.date.issued" | "dcterms.date" | "dcterms.issued"
                    | "dcterms.created" | "sailthru.date" | "parsely-pub-date" => {
                        self.dates
                            .push((DateSource::OtherMeta, content.to_string()));
                    }
                    _ => {}
                }
            }
            "link" => {
                let canonical = attr(attrs, "rel").is_some_and(|rel| {
                    rel.split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                });
                if canonical && let Some(href) = attr(attrs, "href") {
                    set_once(&mut self.canonical, href.trim());
                }
            }
            "time" if self.skip_depth == 0 => {
                if let Some(datetime) = attr(attrs, "datetime") {
                    let source = if attr(attrs, "itemprop")
                        .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
                    {
                        DateSource::SchemaOrg
                    } else if self.article_depth > 0 {
                        DateSource::TimeInArticle
                    } else {
                        DateSource::TimeElsewhere
                    };
                    // Only the first `<time>` of each kind: later ones
                    // date comments and related stories.
                    if !self.dates.iter().any(|(s, _)| *s == source) {
                        self.dates.push((source, datetime.to_string()));
                    }
                }
            }
            _ => {}
        }
    }

    /// The paragraphs of the chosen article, joined.
    fn article_text(&self) -> String {
        let good: Vec<&Paragraph> = self.paras.iter().filter(|p| !p.is_link_dense()).collect();
        let n = self.elements.len();
        // Text credited to each element (readability's scoring), and text
        // directly owned, whose prefix sums give any element's contained
        // text in O(1) because descendants have consecutive ids.
        let mut score = vec![0.0f64; n];
        let mut owned = vec![0usize; n];
        for p in &good {
            let len = p.text.len();
            if let Some(o) = owned.get_mut(p.owner) {
                *o += len;
            }
            let parent = self.elements.get(p.owner).map_or(0, |e| e.parent);
            let grandparent = self.elements.get(parent).map_or(0, |e| e.parent);
            if let Some(s) = score.get_mut(parent) {
                *s += len as f64;
            }
            if let Some(s) = score.get_mut(grandparent) {
                *s += len as f64 / 2.0;
            }
        }
        let mut prefix = Vec::with_capacity(n + 1);
        prefix.push(0usize);
        for o in &owned {
            prefix.push(prefix.last().copied().unwrap_or(0) + o);
        }
        let contained = |id: usize| -> usize {
            let end = self.elements.get(id).map_or(id, |e| e.end);
            prefix.get(end + 1).copied().unwrap_or(0) - prefix.get(id).copied().unwrap_or(0)
        };

        // The document itself (id 0) competes too: a fragment without
        // `<html>` or `<body>` credits its top-level paragraphs to it.
        let best = (0..n)
            .filter(|&id| score.get(id).is_some_and(|&s| s > 0.0))
            .max_by(|&a, &b| score[a].total_cmp(&score[b]).then(b.cmp(&a)));
        let Some(best) = best else {
            return join_paragraphs(good.into_iter());
        };
        let best_text = contained(best) as f64;
        let trusted = |landmark: Landmark| {
            (1..n)
                .filter(|&id| {
                    self.elements
                        .get(id)
                        .is_some_and(|e| e.landmark == landmark)
                })
                .map(|id| (contained(id), id))
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
                .filter(|&(len, _)| {
                    len >= MIN_ARTICLE_BYTES && len as f64 >= best_text * ARTICLE_SHARE
                })
                .map(|(_, id)| id)
        };
        let chosen = trusted(Landmark::Article)
            .or_else(|| trusted(Landmark::Main))
            .unwrap_or(best);
        let end = self.elements.get(chosen).map_or(chosen, |e| e.end);
        join_paragraphs(
            good.into_iter()
                .filter(|p| (chosen..=end).contains(&p.owner)),
        )
    }

    fn into_article(self, text: String) -> HtmlArticle {
        let mut warnings = Vec::new();
        if self.depth_exceeded {
            warnings.push(format!(
                "HTML nested deeper than {} elements; the deeper markup was flattened",
                self.max_depth
            ));
        }
        let mut dates = self.dates;
        dates.sort_by_key(|(source, _)| *source);
        let mut published = None;
        for (_, raw) in &dates {
            match parse_published(raw) {
                Some(date) => {
                    published = Some(date);
                    break;
                }
                None => warnings.push(format!(
                    "unparseable publication date {raw:?} in the page metadata"
                )),
            }
        }
        let title = self
            .og_title
            .map(|t| collapse_whitespace(&t))
            .or(self.title_tag)
            .filter(|t| !t.is_empty());
        HtmlArticle {
            text,
            title,
            published,
            url: self.canonical.or(self.og_url),
            site_name: self.site_name,
            warnings,
        }
    }
}

fn join_paragraphs<'a>(paras: impl Iterator<Item = &'a Paragraph>) -> String {
    let mut out = String::new();
    for p in paras {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&p.text);
    }
    out
}

fn attr<'a>(attrs: &'a [Attribute], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|a| a.name.ns.is_empty() && &*a.name.local == name)
        .map(|a| &*a.value)
}

fn set_once(slot: &mut Option<String>, value: &str) {
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value.to_string());
    }
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `datePublished` string anywhere in a JSON-LD block. The walk
/// uses an explicit stack, and serde_json caps nesting at 128 levels, so a
/// hostile block cannot overflow the stack.
fn json_ld_date(raw: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(raw.trim()).ok()?;
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(date)) = map.get("datePublished") {
                    return Some(date.clone());
                }
                stack.extend(map.values().rev());
            }
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    None
}

/// Elements that break the text into paragraphs.
#[rustfmt::skip]
const BLOCK_TAGS: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
    "listing", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
];

/// Elements that cannot have content, so are never pushed.
#[rustfmt::skip]
const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
    "param", "source", "track", "wbr",
];

/// Elements that never hold article text.
#[rustfmt::skip]
const BOILERPLATE_TAGS: &[&str] = &[
    "nav", "aside", "form", "footer", "button", "select", "svg", "math", "template", "canvas",
    "audio", "video", "object", "map", "dialog", "figure", "menu",
];

/// ARIA roles of page furniture.
#[rustfmt::skip]
const BOILERPLATE_ROLES: &[&str] = &[
    "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
    "dialog", "alertdialog", "toolbar",
];

/// Whole `class`/`id` words that name page furniture. Whole words, not
/// prefixes: "nav" must not match "canvas", nor "comment" "commentary".
#[rustfmt::skip]
const BOILERPLATE_WORDS: &[&str] = &[
    "nav", "navbar", "navigation", "menu", "sidebar", "breadcrumb", "breadcrumbs", "comment",
    "comments", "share", "sharing", "social", "related", "advert", "advertisement", "ad", "ads",
    "promo", "cookie", "cookies", "newsletter", "subscribe", "subscription", "popup", "modal",
    "widget", "footer", "masthead", "banner", "sponsored", "outbrain", "taboola", "disqus",
    "toolbar", "pagination", "skip",
];

/// `class`/`id` words that mark content, overriding the ones above.
const CONTENT_WORDS: &[&str] = &["article", "content", "main", "body", "story"];

fn is_block(name: &str) -> bool {
    BLOCK_TAGS.contains(&name)
}

fn is_void(name: &str) -> bool {
    VOID_TAGS.contains(&name)
}

/// Start tags that close an open `<p>`, per the HTML parsing rules: the
/// block elements, less the document and table parts that cannot appear
/// inside a paragraph's scope. (`li`, `dd` and `dt` close their own kind
/// first, in `close_implied`.)
fn closes_paragraph(name: &str) -> bool {
    let table_or_document = matches!(
        name,
        "body" | "html" | "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "caption"
    );
    is_block(name) && !table_or_document
}

/// Elements that never hold article text. A `header` inside an article
/// holds its headline and byline, so only page headers are dropped.
fn is_boilerplate_tag(name: &str, in_article: bool) -> bool {
    BOILERPLATE_TAGS.contains(&name) || (name == "header" && !in_article)
}

/// Boilerplate told by `role`, `hidden`, or a `class`/`id` word such as
/// `nav`, `sidebar`, `share` or `comments`. A class that also says
/// `article` or `content` keeps the block: "article-share" is filtered by
/// link density instead, "post has-comments" is an article.
fn is_boilerplate_attrs(name: &str, attrs: &[Attribute]) -> bool {
    if matches!(name, "html" | "body" | "p") {
        return false;
    }
    if attr(attrs, "hidden").is_some()
        || attr(attrs, "aria-hidden").is_some_and(|v| v.trim() == "true")
    {
        return true;
    }
    if attr(attrs, "style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        s.to_ascii_lowercase().contains("display:none")
    }) {
        return true;
    }
    if attr(attrs, "role")
        .is_some_and(|r| BOILERPLATE_ROLES.contains(&r.trim().to_ascii_lowercase().as_str()))
    {
        return true;
    }
    let words: Vec<String> = ["class", "id"]
        .iter()
        .filter_map(|a| attr(attrs, a))
        .flat_map(|v| v.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    words
        .iter()
        .any(|w| BOILERPLATE_WORDS.contains(&w.as_str()))
        && !words.iter().any(|w| CONTENT_WORDS.contains(&w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARA: &str = "Taliban fighters attacked a checkpoint in Ghor province on Tuesday, killing four soldiers.";

    #[test]
    fn article_text_table() {
        let table: &[(&str, &str)] = &[
            // Paragraphs are separated by blank lines, entities decoded.
            (
                "<p>One &amp; two</p><p>Three&nbsp;four</p>",
                "One & two\n\nThree four",
            ),
            // Whitespace collapses; `<br>` keeps a line break.
            ("<p>  a\n  b <br> c  </p>", "a b\nc"),
            // Unclosed paragraphs and list items close themselves.
            (
                "<p>first<p>second<ul><li>x<li>y</ul>",
                "first\n\nsecond\n\nx\n\ny",
            ),
            // Inline markup does not split words or paragraphs.
            (
                "<p>the <b>Afghan</b> <a href=x>National Army</a> said</p>",
                "the Afghan National Army said",
            ),
            // Scripts, styles, comments, forms and menus never reach the text.
            (
                "<script>var a = '<p>no</p>';</script><style>p{}</style><!-- <p>no</p> --><nav><p>Home</p></nav><form><p>Search</p></form><p>yes</p>",
                "yes",
            ),
            // Boilerplate by class, id, role and hidden attributes.
            (
                "<div class=\"site-nav\"><p>Menu</p></div><div id=comments><p>Nice!</p></div><div role=navigation><p>A</p></div><div hidden><p>B</p></div><p>kept</p>",
                "kept",
            ),
            // A class that also says "article" is not boilerplate.
            (
                "<div class=\"article-body has-comments\"><p>kept</p></div>",
                "kept",
            ),
            // Headings and block quotes are paragraphs.
            (
                "<h1>Headline</h1><blockquote>Quote</blockquote><div>Bare div text</div>",
                "Headline\n\nQuote\n\nBare div text",
            ),
            // Nothing visible gives an empty text.
            (
                "<html><head><title>T</title></head><body></body></html>",
                "",
            ),
            // Plain text is text.
            ("no markup at all", "no markup at all"),
            // Malformed markup is read the way browsers read it.
            ("<p>a <b>b</p><p>c</b> d</p></div></span>", "a b\n\nc d"),
        ];
        for &(html, want) in table {
            assert_eq!(extract_article(html, 512).text, want, "{html}");
        }
    }

    #[test]
    fn the_article_wins_over_the_rest_of_the_page() {
        let article = format!(
            "<html><head><title>Page</title></head><body>\
             <header><h1>Site name</h1><p>Tagline of the site</p></header>\
             <div class=wrap><ul><li><a href=/a>World</a></li><li><a href=/b>Politics</a></li></ul>\
             <article><header><h1>Attack in Ghor</h1></header><p>{PARA}</p><p>{PARA}</p><footer>Share this</footer></article>\
             <div class=teasers><p><a href=/c>Another story entirely different</a></p></div>\
             <p>Copyright 2018 Example News, all rights reserved.</p></div>\
             <footer><p>About us</p></footer></body></html>"
        );
        let got = extract_article(&article, 512);
        assert_eq!(got.text, format!("Attack in Ghor\n\n{PARA}\n\n{PARA}"));
        assert_eq!(got.title.as_deref(), Some("Page"));
    }

    #[test]
    fn without_an_article_element_the_densest_block_wins() {
        let page = format!(
            "<body><div id=top><p>Short teaser text here</p></div>\
             <div id=story><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></div>\
             <div id=bottom><p>Another short block</p></div></body>"
        );
        assert_eq!(extract_article(&page, 512).text, [PARA; 3].join("\n\n"));
    }

    #[test]
    fn metadata_table() {
        type Want = (
            Option<&'static str>,
            Option<&'static str>,
            Option<&'static str>,
            Option<&'static str>,
        );
        let table: &[(&str, Want)] = &[
            (
                "<title> Plain   title </title><meta property=og:title content='OG title'>\
                 <meta property=og:site_name content='Military Times'>\
                 <link rel=canonical href='https://example.com/a'>\
                 <meta property=article:published_time content='2018-03-28T09:30:00-04:00'>",
                (
                    Some("OG title"),
                    Some("2018-03-28"),
                    Some("https://example.com/a"),
                    Some("Military Times"),
                ),
            ),
            (
                "<title>Only &amp; title</title><script type='application/ld+json'>\
                 {\"@graph\": [{\"@type\": \"NewsArticle\", \"datePublished\": \"2018-03-27\"}]}</script>",
                (Some("Only & title"), Some("2018-03-27"), None, None),
            ),
            (
                "<meta property=og:url content='https://example.com/og'><article><time datetime='2018-03-26T10:00Z'>Monday</time></article>",
                (
                    None,
                    Some("2018-03-26"),
                    Some("https://example.com/og"),
                    None,
                ),
            ),
            (
                "<meta name=date content='yesterday'><time datetime='2018-03-25'></time>",
                (None, Some("2018-03-25"), None, None),
            ),
        ];
        for (html, want) in table {
            let got = extract_article(html, 512);
            let published = got.published.map(|d| d.to_string());
            assert_eq!(got.title.as_deref(), want.0, "{html}");
            assert_eq!(published.as_deref(), want.1, "{html}");
            assert_eq!(got.url.as_deref(), want.2, "{html}");
            assert_eq!(got.site_name.as_deref(), want.3, "{html}");
        }
    }

    #[test]
    fn a_bad_date_warns_and_the_next_source_is_used() {
        let got = extract_article(
            "<meta name=date content='yesterday'><time datetime='2018-03-25'></time>",
            512,
        );
        assert_eq!(
            got.warnings,
            ["unparseable publication date \"yesterday\" in the page metadata"]
        );
    }

    #[test]
    fn nesting_past_the_cap_is_flattened_not_fatal() {
        let depth = 10_000;
        let html = format!(
            "{}<p>deep text</p>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let got = extract_article(&html, 64);
        assert_eq!(got.text, "deep text");
        assert_eq!(got.warnings.len(), 1, "{:?}", got.warnings);
    }

    #[test]
    fn fragments_keep_all_visible_text() {
        let table: &[(&str, &str)] = &[
            (
                "<p>One</p><p><a href=x>Read more</a></p>",
                "One\n\nRead more",
            ),
            ("Plain &amp; simple", "Plain & simple"),
            ("Rebels & army clash", "Rebels & army clash"),
            ("x < y", "x < y"),
            ("<img src=x alt=photo>caption", "caption"),
            ("", ""),
        ];
        for &(html, want) in table {
            assert_eq!(html_to_text(html, 512), want, "{html}");
        }
    }
}
