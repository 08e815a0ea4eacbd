//! RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 1.0 feeds: one document per item.
//!
//! A small streaming extractor on quick-xml's pull parser rather than
//! `feed-rs`, for three reasons: feed-rs drops an unparseable `pubDate`
//! silently where sitrep must warn about it, it invents hashed ids where
//! sitrep wants the `path#n` fallback, and it pulls in `url`/ICU, `regex`,
//! `chrono` and `uuid`. Safety comes from the parser: quick-xml never
//! expands DTD entities (a billion-laughs `&lol9;` stays the literal text
//! `&lol9;`), it does not recurse, and this module keeps at most
//! `max_depth` element names on its own stack.

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use sitrep_model::Document;

use super::date::parse_published;
use super::html::html_to_text;
use super::{InputProblem, Item, human_bytes, human_limit};

/// Limits applied while reading a feed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FeedLimits {
    pub max_depth: usize,
    pub max_document_bytes: usize,
    /// Items past this many are skipped, and the skip is reported.
    pub max_items: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Rss,
    Rdf,
    Atom,
}

/// The item fields sitrep reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    ChannelTitle,
    Title,
    Link,
    Id,
    Summary,
    Content,
    Published,
    Updated,
}

/// Text being collected for one field.
struct Capture {
    field: Field,
    /// The stack depth of the field's element.
    depth: usize,
    /// Whether the text is HTML (RSS always; Atom when `type` says so).
    html: bool,
    buf: String,
}

#[derive(Default)]
struct ItemFields {
    title: Option<String>,
    link: Option<String>,
    id: Option<String>,
    summary: Option<String>,
    content: Option<String>,
    published: Option<String>,
    updated: Option<String>,
}

struct OpenItem {
    depth: usize,
    line: u64,
    fields: ItemFields,
}

/// Counts lines up to a byte offset incrementally, so reporting the line of
/// every item costs one pass over the feed in total.
struct LineCounter<'a> {
    text: &'a str,
    pos: usize,
    line: u64,
}

impl LineCounter<'_> {
    fn line_at(&mut self, offset: u64) -> u64 {
        let offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        if offset > self.pos {
            let slice = self.text.as_bytes().get(self.pos..offset).unwrap_or(&[]);
            self.line += memchr::memchr_iter(b'\n', slice).count() as u64;
            self.pos = offset;
        }
        self.line
    }
}

/// Reads every item of a feed. Problems and warnings name `name` and the
/// line; items read before a fatal XML error are kept.
pub(crate) fn read_feed(xml: &str, name: &str, limits: FeedLimits) -> Vec<Item> {
    let mut reader = Reader::from_str(xml);
    let config = reader.config_mut();
    // Real feeds are sloppy; an end tag that does not match is tolerated
    // rather than costing the whole feed.
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;

    let mut lines = LineCounter {
        text: xml,
        pos: 0,
        line: 1,
    };
    let mut feed = FeedState::new(name, limits);
    loop {
        // Where the next event starts: the line of `<item>` or `<!DOCTYPE`
        // is where a reader of the file would look.
        let start = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let line = lines.line_at(reader.error_position());
                feed.problem(Some(line), format!("malformed XML: {e}"));
                // The item the error cut short is covered by this problem.
                feed.item = None;
                break;
            }
        };
        let flow = match event {
            Event::Start(e) => feed.start(&e, false, || lines.line_at(start)),
            Event::Empty(e) => feed.start(&e, true, || lines.line_at(start)),
            Event::End(e) => {
                feed.end(e.local_name().as_ref());
                Flow::Continue
            }
            Event::Text(t) => {
                feed.push_text(&t.xml10_content());
                Flow::Continue
            }
            Event::CData(t) => {
                feed.push_text(&t.xml10_content());
                Flow::Continue
            }
            Event::GeneralRef(r) => {
                match r.resolve_char_ref() {
                    Ok(Some(ch)) => feed.push_text(ch.encode_utf8(&mut [0; 4])),
                    Ok(None) => match resolve_predefined_entity(&r) {
                        Some(text) => feed.push_text(text),
                        // Entities a DTD or HTML defines are left as
                        // written; the HTML-to-text step decodes `&nbsp;`
                        // and friends, and nothing is ever expanded from a
                        // DTD.
                        None => feed.push_text(&format!("&{};", &*r)),
                    },
                    Err(_) => {}
                }
                Flow::Continue
            }
            Event::DocType(t) => {
                if !feed.warned_dtd && t.as_ref().contains("<!ENTITY") {
                    feed.warned_dtd = true;
                    let message = "the feed's DTD declares entities; they are not expanded";
                    feed.warn(Some(lines.line_at(start)), message.to_string());
                }
                Flow::Continue
            }
            Event::Eof => Flow::Stop,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => Flow::Continue,
        };
        if flow == Flow::Stop {
            break;
        }
    }
    feed.finish()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Continue,
    Stop,
}

/// Everything the streaming reader remembers between events.
struct FeedState<'a> {
    name: &'a str,
    limits: FeedLimits,
    dialect: Option<Dialect>,
    /// Local names of the open elements, at most `limits.max_depth`.
    stack: Vec<String>,
    /// Open elements past the depth cap, which are not on `stack`.
    overflow: usize,
    channel_title: Option<String>,
    capture: Option<Capture>,
    item: Option<OpenItem>,
    item_count: usize,
    warned_dtd: bool,
    docs: Vec<Document>,
    /// Problems and warnings, in the order found.
    notes: Vec<Item>,
}

impl<'a> FeedState<'a> {
    fn new(name: &'a str, limits: FeedLimits) -> FeedState<'a> {
        FeedState {
            name,
            limits,
            dialect: None,
            stack: Vec::new(),
            overflow: 0,
            channel_title: None,
            capture: None,
            item: None,
            item_count: 0,
            warned_dtd: false,
            docs: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn problem(&mut self, line: Option<u64>, message: String) {
        self.notes
            .push(Item::Problem(InputProblem::new(self.name, line, message)));
    }

    fn warn(&mut self, line: Option<u64>, message: String) {
        self.notes
            .push(Item::Warning(InputProblem::new(self.name, line, message)));
    }

    /// A start tag, or an empty element (`<link href="..."/>`). `line`
    /// gives the tag's line, computed only when an item starts.
    fn start(&mut self, e: &BytesStart<'_>, is_empty: bool, line: impl FnOnce() -> u64) -> Flow {
        let local = e.local_name().as_ref().to_ascii_lowercase();
        if let Some(c) = self.capture.as_mut()
            && c.html
        {
            // Atom's `type="xhtml"` content arrives as elements; keep
            // their names so paragraphs survive into the text.
            c.buf.push('<');
            c.buf.push_str(&local);
            c.buf.push_str(if is_empty { "/>" } else { ">" });
        }
        if !is_empty {
            if self.stack.len() >= self.limits.max_depth {
                self.overflow += 1;
                return Flow::Continue;
            }
            self.stack.push(local.clone());
        }
        // The element's depth, whether or not it was pushed.
        let depth = if is_empty {
            self.stack.len() + 1
        } else {
            self.stack.len()
        };
        let Some(dialect) = self.dialect else {
            self.dialect = match local.as_str() {
                "rss" => Some(Dialect::Rss),
                "rdf" => Some(Dialect::Rdf),
                "feed" => Some(Dialect::Atom),
                other => {
                    let message = format!("not an RSS or Atom feed: the root element is <{other}>");
                    self.problem(None, message);
                    return Flow::Stop;
                }
            };
            return Flow::Continue;
        };
        if self.capture.is_some() {
            return Flow::Continue;
        }
        let atom = dialect == Dialect::Atom;
        let new_capture = |field| Capture {
            field,
            depth,
            html: is_html(e, atom),
            buf: String::new(),
        };
        match self.item.as_mut() {
            None if local == "item" || local == "entry" => {
                self.item_count += 1;
                let open = OpenItem {
                    depth,
                    line: line(),
                    fields: ItemFields::default(),
                };
                if is_empty {
                    self.finish_item(open);
                } else {
                    self.item = Some(open);
                }
            }
            None => {
                let parent = depth.checked_sub(2).and_then(|i| self.stack.get(i));
                let in_channel = parent.is_some_and(|p| p == "channel" || p == "feed");
                if local == "title" && in_channel && self.channel_title.is_none() && !is_empty {
                    self.capture = Some(new_capture(Field::ChannelTitle));
                }
            }
            Some(open) if depth == open.depth + 1 => {
                if local == "link" && atom && open.fields.link.is_none() {
                    // Atom links live in attributes; the first `alternate`
                    // (or unlabelled) link is the page.
                    if attr(e, "rel").is_none_or(|r| r == "alternate") {
                        open.fields.link = attr(e, "href").filter(|h| !h.trim().is_empty());
                    }
                }
                let field = match local.as_str() {
                    "title" => Some(Field::Title),
                    "link" => Some(Field::Link),
                    "guid" | "id" => Some(Field::Id),
                    "description" | "summary" => Some(Field::Summary),
                    "encoded" | "content" => Some(Field::Content),
                    "pubdate" | "published" | "issued" | "date" => Some(Field::Published),
                    "updated" | "modified" => Some(Field::Updated),
                    _ => None,
                };
                if let Some(field) = field.filter(|_| !is_empty) {
                    self.capture = Some(new_capture(field));
                }
            }
            Some(_) => {}
        }
        Flow::Continue
    }

    fn end(&mut self, local: &str) {
        if self.overflow > 0 {
            self.overflow -= 1;
            return;
        }
        let depth = self.stack.len();
        match self.capture.take() {
            Some(c) if c.depth == depth => self.store(c),
            Some(mut c) => {
                if c.html {
                    c.buf.push_str("</");
                    c.buf.push_str(&local.to_ascii_lowercase());
                    c.buf.push('>');
                }
                self.capture = Some(c);
            }
            None => {}
        }
        if self.item.as_ref().is_some_and(|o| o.depth == depth)
            && let Some(open) = self.item.take()
        {
            self.finish_item(open);
        }
        self.stack.pop();
    }

    fn push_text(&mut self, text: &str) {
        if let Some(c) = self.capture.as_mut() {
            c.buf.push_str(text);
        }
    }

    /// Keeps a finished field; the first occurrence of each wins.
    fn store(&mut self, c: Capture) {
        if c.field == Field::ChannelTitle {
            let title = field_text(&c.buf, c.html, self.limits.max_depth);
            self.channel_title = Some(title).filter(|t| !t.is_empty());
            return;
        }
        let Some(open) = self.item.as_mut() else {
            return;
        };
        let fields = &mut open.fields;
        let slot = match c.field {
            Field::Title => &mut fields.title,
            Field::Link => &mut fields.link,
            Field::Id => &mut fields.id,
            Field::Summary => &mut fields.summary,
            Field::Content => &mut fields.content,
            Field::Published => &mut fields.published,
            Field::Updated => &mut fields.updated,
            Field::ChannelTitle => return,
        };
        if slot.is_some() {
            return;
        }
        // Atom's plain-text constructs are escaped here so the
        // HTML-to-text step in `finish_item` keeps a literal `<` as text.
        let is_text = matches!(c.field, Field::Title | Field::Summary | Field::Content);
        *slot = Some(if is_text && !c.html {
            escape_plain(&c.buf)
        } else {
            c.buf
        });
    }

    fn finish_item(&mut self, open: OpenItem) {
        let n = self.item_count;
        // Items past the limit are still parsed (the feed's byte limit
        // bounds that work) but not kept; `finish` reports how many.
        if n > self.limits.max_items {
            return;
        }
        finish_item(
            open,
            n,
            self.name,
            self.limits,
            &mut self.docs,
            &mut self.notes,
        );
    }

    /// Documents first, in feed order, then what went wrong: a problem
    /// never hides the documents read before it.
    fn finish(mut self) -> Vec<Item> {
        if let Some(open) = self.item.take() {
            let message = format!(
                "the feed ends inside item {}; that item is skipped",
                self.item_count
            );
            self.problem(Some(open.line), message);
        }
        match self.dialect {
            None if self.notes.is_empty() => {
                self.problem(None, "not an RSS or Atom feed: no root element".to_string())
            }
            Some(_) if self.item_count == 0 => self.warn(None, "the feed has no items".to_string()),
            _ => {}
        }
        if self.item_count > self.limits.max_items {
            let message = format!(
                "the feed has {} items, over the {} per-feed item limit; items after {} are skipped",
                self.item_count, self.limits.max_items, self.limits.max_items
            );
            self.problem(None, message);
        }
        // The channel title can come after the items (RSS 1.0 puts items
        // outside the channel), so the source is filled in at the end.
        let source = self.channel_title;
        let mut items: Vec<Item> = self
            .docs
            .into_iter()
            .map(|mut doc| {
                doc.source = source.clone();
                Item::Document(doc)
            })
            .collect();
        items.append(&mut self.notes);
        items
    }
}

fn finish_item(
    open: OpenItem,
    n: usize,
    name: &str,
    limits: FeedLimits,
    docs: &mut Vec<Document>,
    out: &mut Vec<Item>,
) {
    let f = open.fields;
    let line = Some(open.line);
    let title = f
        .title
        .as_deref()
        .map(|t| {
            html_to_text(t, limits.max_depth)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|t| !t.is_empty());
    let body = f
        .content
        .as_deref()
        .map(|c| html_to_text(c, limits.max_depth))
        .filter(|c| !c.is_empty())
        .or_else(|| {
            f.summary
                .as_deref()
                .map(|s| html_to_text(s, limits.max_depth))
                .filter(|s| !s.is_empty())
        });
    let text = match (&title, body) {
        (Some(t), Some(b)) => format!("{t}\n\n{b}"),
        (Some(t), None) => t.clone(),
        (None, Some(b)) => b,
        (None, None) => {
            let message = format!("item {n} has neither a title nor text; skipped");
            out.push(Item::Warning(InputProblem::new(name, line, message)));
            return;
        }
    };
    if text.len() > limits.max_document_bytes {
        let message = format!(
            "item {n} is {}, over the {} per-document limit",
            human_bytes(text.len() as u64),
            human_limit(limits.max_document_bytes)
        );
        out.push(Item::Problem(InputProblem::new(name, line, message)));
        return;
    }
    let link = f
        .link
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    let id =
        f.id.map(|i| i.trim().to_string())
            .filter(|i| !i.is_empty())
            .or_else(|| link.clone())
            .unwrap_or_else(|| format!("{name}#{n}"));
    let mut published = None;
    for raw in [f.published, f.updated].into_iter().flatten() {
        match parse_published(&raw) {
            Some(date) => {
                published = Some(date);
                break;
            }
            None => {
                let message = format!("item {n}: unparseable date {:?}", raw.trim());
                out.push(Item::Warning(InputProblem::new(name, line, message)));
            }
        }
    }
    docs.push(Document {
        id,
        text,
        title,
        published,
        url: link,
        source: None,
    });
}

/// Atom text constructs are HTML only when `type` says `html` or `xhtml`;
/// RSS puts escaped HTML in its descriptions without saying so.
fn is_html(e: &BytesStart<'_>, atom: bool) -> bool {
    if !atom {
        return true;
    }
    attr(e, "type").is_some_and(|t| {
        let t = t.to_ascii_lowercase();
        t == "html" || t == "xhtml" || t.contains("html")
    })
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    let a = e.try_get_attribute(key).ok()??;
    let value = a
        .normalized_value(XmlVersion::Implicit1_0)
        .map(|v| v.into_owned())
        .unwrap_or_else(|_| a.value.into_owned());
    Some(value)
}

/// Plain text made safe to pass through the HTML-to-text step, which then
/// only collapses whitespace and keeps paragraphs.
fn escape_plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for para in text.split("\n\n") {
        out.push_str("<p>");
        for ch in para.chars() {
            match ch {
                '<' => out.push_str("&lt;"),
                '&' => out.push_str("&amp;"),
                _ => out.push(ch),
            }
        }
        out.push_str("</p>");
    }
    out
}

fn field_text(text: &str, html: bool, max_depth: usize) -> String {
    let source = if html {
        text.to_string()
    } else {
        escape_plain(text)
    };
    html_to_text(&source, max_depth)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(xml: &str) -> Vec<String> {
        let limits = FeedLimits {
            max_depth: 64,
            max_document_bytes: 1 << 20,
            max_items: 3,
        };
        read_feed(xml, "f.rss", limits)
            .iter()
            .map(|item| match item {
                Item::Document(d) => format!(
                    "doc id={} text={:?} title={:?} published={:?} url={:?} source={:?}",
                    d.id,
                    d.text,
                    d.title,
                    d.published.map(|p| p.to_string()),
                    d.url,
                    d.source
                ),
                Item::Problem(p) => format!("problem {p}"),
                Item::Warning(p) => format!("warning {p}"),
            })
            .collect()
    }

    #[test]
    fn feed_table() {
        let table: &[(&str, &[&str])] = &[
            (
                "<rss version='2.0'><channel><title>Wire</title><image><title>Logo</title></image>\
                 <item><title>A &amp; B</title><link>https://x/a</link><guid>g1</guid>\
                 <description>&lt;p&gt;One&lt;/p&gt;&lt;p&gt;Two&amp;nbsp;three&lt;/p&gt;</description>\
                 <pubDate>Wed, 28 Mar 2018 09:30:00 GMT</pubDate></item></channel></rss>",
                &[
                    "doc id=g1 text=\"A & B\\n\\nOne\\n\\nTwo three\" title=Some(\"A & B\") published=Some(\"2018-03-28\") url=Some(\"https://x/a\") source=Some(\"Wire\")",
                ],
            ),
            (
                "<rss><channel><item><title>No guid</title><link>https://x/b</link></item>\
                 <item><description><![CDATA[<b>Only</b> text]]></description></item></channel></rss>",
                &[
                    "doc id=https://x/b text=\"No guid\" title=Some(\"No guid\") published=None url=Some(\"https://x/b\") source=None",
                    "doc id=f.rss#2 text=\"Only text\" title=None published=None url=None source=None",
                ],
            ),
            (
                "<feed xmlns='http://www.w3.org/2005/Atom'><title type='text'>Atom &lt;news&gt;</title>\
                 <entry><id>urn:1</id><title>x &lt; y</title><link rel='self' href='https://x/self'/><link href='https://x/1'/>\
                 <updated>2018-03-29T00:00:00Z</updated><published>2018-03-28T10:00:00+04:30</published>\
                 <content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'><p>First</p><p>Second</p></div></content></entry></feed>",
                &[
                    "doc id=urn:1 text=\"x < y\\n\\nFirst\\n\\nSecond\" title=Some(\"x < y\") published=Some(\"2018-03-28\") url=Some(\"https://x/1\") source=Some(\"Atom <news>\")",
                ],
            ),
            (
                "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><channel><title>RDF</title></channel>\
                 <item><title>R</title><link>https://x/r</link><dc:date>2018-03-27</dc:date></item></rdf:RDF>",
                &[
                    "doc id=https://x/r text=\"R\" title=Some(\"R\") published=Some(\"2018-03-27\") url=Some(\"https://x/r\") source=Some(\"RDF\")",
                ],
            ),
            (
                "<rss><channel><item><title>T</title><pubDate>someday</pubDate></item></channel></rss>",
                &[
                    "doc id=f.rss#1 text=\"T\" title=Some(\"T\") published=None url=None source=None",
                    "warning f.rss:1: item 1: unparseable date \"someday\"",
                ],
            ),
            (
                "<rss><channel><item><title>Kept</title></item>\n<item><title>Broken</ti",
                &[
                    "doc id=f.rss#1 text=\"Kept\" title=Some(\"Kept\") published=None url=None source=None",
                    "problem f.rss:2: malformed XML: syntax error: tag not closed: `>` not found before end of input",
                ],
            ),
            (
                "<html><body>no</body></html>",
                &["problem f.rss: not an RSS or Atom feed: the root element is <html>"],
            ),
            (
                "<rss><channel><title>Empty</title></channel></rss>",
                &["warning f.rss: the feed has no items"],
            ),
            (
                "<rss><channel><item><guid>x</guid></item></channel></rss>",
                &["warning f.rss:1: item 1 has neither a title nor text; skipped"],
            ),
            (
                // The test limit is three items.
                "<rss><channel><item><title>1</title></item><item><title>2</title></item>\
                 <item><title>3</title></item><item><title>4</title></item><item><title>5</title></item></channel></rss>",
                &[
                    "doc id=f.rss#1 text=\"1\" title=Some(\"1\") published=None url=None source=None",
                    "doc id=f.rss#2 text=\"2\" title=Some(\"2\") published=None url=None source=None",
                    "doc id=f.rss#3 text=\"3\" title=Some(\"3\") published=None url=None source=None",
                    "problem f.rss: the feed has 5 items, over the 3 per-feed item limit; items after 3 are skipped",
                ],
            ),
        ];
        for &(xml, want) in table {
            assert_eq!(check(xml), want, "{xml}");
        }
    }

    #[test]
    fn entity_bombs_are_not_expanded() {
        let mut xml = String::from("<?xml version='1.0'?>\n<!DOCTYPE rss [\n<!ENTITY lol 'lol'>\n");
        for i in 1..10 {
            let prev = if i == 1 {
                "lol".to_string()
            } else {
                format!("lol{}", i - 1)
            };
            xml.push_str(&format!(
                "<!ENTITY lol{i} '{}'>\n",
                format!("&{prev};").repeat(10)
            ));
        }
        xml.push_str("]>\n<rss><channel><item><title>&lol9;</title></item></channel></rss>");
        let got = check(&xml);
        assert_eq!(
            got,
            [
                "doc id=f.rss#1 text=\"&lol9;\" title=Some(\"&lol9;\") published=None url=None source=None",
                "warning f.rss:2: the feed's DTD declares entities; they are not expanded",
            ]
        );
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let depth = 100_000;
        let xml = format!(
            "<rss><channel><item><title>T</title><description>{}x{}</description></item></channel></rss>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        assert_eq!(
            check(&xml),
            [
                "doc id=f.rss#1 text=\"T\\n\\nx\" title=Some(\"T\") published=None url=None source=None"
            ]
        );
    }
}
