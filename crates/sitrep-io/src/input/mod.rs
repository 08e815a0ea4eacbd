//! The input side: paths, directories and stdin in; a stream of
//! [`Item`]s (documents, problems, warnings) out.
//!
//! Each input is opened, its first 8 KB are checked for binary data and
//! sniffed for a format (unless its extension or `ReadOptions::format`
//! says), and then it is read by the format's reader. Text, HTML and feeds
//! are read whole but never past their limit (`Read::take`); JSON Lines is
//! read line by line. Directories are listed one at a time, in sorted order,
//! when the walk reaches them.

mod date;
mod decode;
mod detect;
mod feed;
mod html;
mod jsonl;
mod text;

use std::collections::VecDeque;
use std::fmt;
use std::fs;
use std::io::{self, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use sitrep_model::Document;

pub use date::parse_published;
pub use detect::Format;
pub use html::{HtmlArticle, extract_article, html_to_text};
pub use text::headline_title;

use decode::decode;
use detect::{BINARY_SNIFF_BYTES, binary_kind};
use feed::{FeedLimits, read_feed};
use jsonl::JsonLines;

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file, or a directory read recursively.
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

impl Input {
    /// A command-line argument: `-` is stdin, anything else a path.
    pub fn from_arg(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

/// Limits and overrides for reading. The limits are what keep memory
/// bounded on hostile input; the defaults suit news articles and feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// The largest text or HTML file, JSON Lines line or feed item.
    pub max_document_bytes: usize,
    /// The largest feed file.
    pub max_feed_bytes: usize,
    /// How deep HTML and XML nesting is tracked; deeper markup is flattened.
    pub max_html_depth: usize,
    /// The most items read from one feed; the rest are skipped and
    /// reported. Real feeds carry tens of items; this bounds the coding
    /// work one poll of a hostile feed can cause.
    pub max_feed_items: usize,
    /// Read every input as this format instead of detecting it.
    pub format: Option<Format>,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            max_document_bytes: 8 << 20,
            max_feed_bytes: 32 << 20,
            max_html_depth: 512,
            max_feed_items: 5_000,
            format: None,
        }
    }
}

/// Something wrong with an input, named by path (or `<stdin>`) and, where
/// it has one, line. Displays as `path:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblem {
    pub input: String,
    pub line: Option<u64>,
    pub message: String,
}

impl InputProblem {
    pub fn new(
        input: impl Into<String>,
        line: Option<u64>,
        message: impl Into<String>,
    ) -> InputProblem {
        InputProblem {
            input: input.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.input, line, self.message),
            None => write!(f, "{}: {}", self.input, self.message),
        }
    }
}

impl std::error::Error for InputProblem {}

/// One thing reading produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Document(Document),
    /// Part of the input could not be read (a missing file, a binary file,
    /// a malformed JSON line, an oversized input). The command that reads
    /// should exit non-zero after reading the rest.
    Problem(InputProblem),
    /// The input was read, but something was guessed or skipped (an
    /// encoding guessed, a bad date ignored, an empty file).
    Warning(InputProblem),
}

/// Reads `inputs` in order, streaming documents, problems and warnings.
/// Directories are walked depth-first in sorted order, skipping hidden
/// entries; the walk is lazy, and JSON Lines are read line by line, so
/// memory stays bounded by the limits in `opts`, not by the input.
pub fn read_inputs(inputs: &[Input], opts: &ReadOptions) -> Items {
    let pending = inputs
        .iter()
        .cloned()
        .map(Pending::Input)
        .collect::<Vec<_>>();
    Items::new(pending, opts)
}

/// Reads one stream (an HTTP body, a test fixture) named `name`. The name's
/// extension, if any, picks the format as a path's would.
pub fn read_stream(name: &str, reader: impl Read + Send + 'static, opts: &ReadOptions) -> Items {
    let pending = vec![Pending::Stream {
        name: name.to_string(),
        reader: Box::new(reader),
    }];
    Items::new(pending, opts)
}

enum Pending {
    Input(Input),
    Stream {
        name: String,
        reader: Box<dyn Read + Send>,
    },
}

/// The stream of [`Item`]s from [`read_inputs`]. Items come in a
/// deterministic order: inputs as given, directory entries sorted, the
/// records of a file in file order.
pub struct Items {
    opts: ReadOptions,
    pending: std::vec::IntoIter<Pending>,
    /// Directory listings not yet read, innermost last.
    walk: Vec<std::vec::IntoIter<PathBuf>>,
    /// The directory named on the command line that is being walked, and
    /// how many files were found in it.
    walk_root: Option<(String, usize)>,
    queue: VecDeque<Item>,
    jsonl: Option<JsonLines>,
}

impl Iterator for Items {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            if let Some(lines) = self.jsonl.as_mut() {
                match lines.next_item() {
                    Some(item) => return Some(item),
                    None => self.jsonl = None,
                }
                continue;
            }
            if let Some(listing) = self.walk.last_mut() {
                match listing.next() {
                    Some(path) => self.read_path(path, true),
                    None => {
                        self.walk.pop();
                        if self.walk.is_empty()
                            && let Some((root, 0)) = self.walk_root.take()
                        {
                            self.warn(&root, None, "directory holds no readable files".to_string());
                        }
                    }
                }
                continue;
            }
            match self.pending.next()? {
                Pending::Input(Input::Path(path)) => self.read_path(path, false),
                Pending::Input(Input::Stdin) => {
                    self.read_source("<stdin>".to_string(), Box::new(io::stdin()), None, None)
                }
                Pending::Stream { name, reader } => {
                    let hint = Format::from_extension(Path::new(&name));
                    self.read_source(name, reader, None, hint);
                }
            }
        }
    }
}

impl Items {
    fn new(pending: Vec<Pending>, opts: &ReadOptions) -> Items {
        Items {
            opts: opts.clone(),
            pending: pending.into_iter(),
            walk: Vec::new(),
            walk_root: None,
            queue: VecDeque::new(),
            jsonl: None,
        }
    }

    fn problem(&mut self, input: &str, line: Option<u64>, message: String) {
        self.queue
            .push_back(Item::Problem(InputProblem::new(input, line, message)));
    }

    fn warn(&mut self, input: &str, line: Option<u64>, message: String) {
        self.queue
            .push_back(Item::Warning(InputProblem::new(input, line, message)));
    }

    /// Reads a path named by the user (`walked == false`) or found in a
    /// directory walk. Walks do not follow links to directories, which
    /// could loop, and skip sockets, FIFOs and devices, which could block
    /// or never end; a path the user names is read whatever it is.
    fn read_path(&mut self, path: PathBuf, walked: bool) {
        let name = path.display().to_string();
        if walked {
            match fs::symlink_metadata(&path) {
                Ok(meta) if meta.file_type().is_symlink() => match fs::metadata(&path) {
                    Ok(target) if target.is_dir() => {
                        let message = "symbolic link to a directory; not followed";
                        self.warn(&name, None, message.to_string());
                        return;
                    }
                    Ok(target) if !target.is_file() => {
                        let message = "symbolic link to something not a regular file; skipped";
                        self.warn(&name, None, message.to_string());
                        return;
                    }
                    // A link to a file is read; a broken link is reported
                    // below, where its target fails to open.
                    _ => {}
                },
                Ok(meta) if meta.is_dir() => {
                    self.enter_dir(&path, &name);
                    return;
                }
                Ok(meta) if !meta.is_file() => {
                    self.warn(&name, None, "not a regular file; skipped".to_string());
                    return;
                }
                Ok(_) => {}
                Err(e) => {
                    self.problem(
                        &name,
                        None,
                        format!("cannot read: {}", describe_io_error(&e)),
                    );
                    return;
                }
            }
        }
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) => {
                self.problem(
                    &name,
                    None,
                    format!("cannot open: {}", describe_io_error(&e)),
                );
                return;
            }
        };
        if meta.is_dir() {
            if !walked {
                self.walk_root = Some((name.clone(), 0));
            }
            self.enter_dir(&path, &name);
            if self.walk.is_empty() {
                // The listing failed and was reported; there is no walk.
                self.walk_root = None;
            }
            return;
        }
        if let Some((_, files)) = self.walk_root.as_mut() {
            *files += 1;
        }
        let file = match fs::File::open(&path) {
            Ok(file) => file,
            Err(e) => {
                self.problem(
                    &name,
                    None,
                    format!("cannot open: {}", describe_io_error(&e)),
                );
                return;
            }
        };
        let len = meta.is_file().then_some(meta.len());
        self.read_source(name, Box::new(file), len, Format::from_extension(&path));
    }

    /// Lists a directory, sorted, and queues it for the walk.
    fn enter_dir(&mut self, dir: &Path, name: &str) {
        let listing = match fs::read_dir(dir) {
            Ok(listing) => listing,
            Err(e) => {
                self.problem(
                    name,
                    None,
                    format!("cannot read directory: {}", describe_io_error(&e)),
                );
                return;
            }
        };
        let mut paths = Vec::new();
        for entry in listing {
            match entry {
                Ok(entry) => {
                    // Hidden files and directories (`.git`, `.DS_Store`)
                    // are never news.
                    if !entry.file_name().to_string_lossy().starts_with('.') {
                        paths.push(entry.path());
                    }
                }
                Err(e) => {
                    self.problem(
                        name,
                        None,
                        format!("cannot read a directory entry: {}", describe_io_error(&e)),
                    );
                }
            }
        }
        paths.sort();
        self.walk.push(paths.into_iter());
    }

    /// The whole-input limit for a format; JSON Lines has none, only a
    /// per-line one.
    fn whole_limit(&self, format: Format) -> Option<(usize, &'static str)> {
        match format {
            Format::Text | Format::Html => Some((self.opts.max_document_bytes, "per-document")),
            Format::Feed => Some((self.opts.max_feed_bytes, "per-feed")),
            Format::JsonLines => None,
        }
    }

    fn check_len(&mut self, name: &str, len: Option<u64>, format: Format) -> bool {
        if let (Some(len), Some((limit, what))) = (len, self.whole_limit(format))
            && len > limit as u64
        {
            let message = format!(
                "is {}, over the {} {what} limit",
                human_bytes(len),
                human_limit(limit)
            );
            self.problem(name, None, message);
            return false;
        }
        true
    }

    /// Reads one opened input. `len` is the file size when it is a regular
    /// file; `hint` the format its extension names.
    fn read_source(
        &mut self,
        name: String,
        mut reader: Box<dyn Read + Send>,
        len: Option<u64>,
        hint: Option<Format>,
    ) {
        let known = self.opts.format.or(hint);
        // An oversized file with a known format is refused before a byte
        // of it is read.
        if let Some(format) = known
            && !self.check_len(&name, len, format)
        {
            return;
        }
        let mut head = Vec::with_capacity(BINARY_SNIFF_BYTES);
        if let Err(e) = reader
            .by_ref()
            .take(BINARY_SNIFF_BYTES as u64)
            .read_to_end(&mut head)
        {
            self.problem(
                &name,
                None,
                format!("cannot read: {}", describe_io_error(&e)),
            );
            return;
        }
        if head.is_empty() {
            self.warn(&name, None, "is empty; no document".to_string());
            return;
        }
        if let Some(kind) = binary_kind(&head) {
            self.problem(&name, None, format!("binary file, not text ({kind})"));
            return;
        }
        let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
        let format = known.unwrap_or_else(|| {
            if utf16 {
                Format::sniff(decode(head.clone(), Format::Text).text.as_bytes())
            } else {
                Format::sniff(&head)
            }
        });
        if known.is_none() && !self.check_len(&name, len, format) {
            return;
        }
        let rest = Cursor::new(head).chain(reader);
        if format == Format::JsonLines && !utf16 {
            let reader = BufReader::with_capacity(64 * 1024, rest);
            self.jsonl = Some(JsonLines::new(
                name,
                Box::new(reader),
                self.opts.max_document_bytes,
            ));
            return;
        }
        // UTF-16 JSON Lines are decoded whole (within the feed limit) and
        // then read like any other.
        let (limit, what) = self
            .whole_limit(format)
            .unwrap_or((self.opts.max_feed_bytes, "per-feed"));
        let mut bytes = Vec::new();
        if let Err(e) = rest.take(limit as u64 + 1).read_to_end(&mut bytes) {
            self.problem(
                &name,
                None,
                format!("cannot read: {}", describe_io_error(&e)),
            );
            return;
        }
        if bytes.len() > limit {
            self.problem(
                &name,
                None,
                format!("is over the {} {what} limit", human_limit(limit)),
            );
            return;
        }
        let decoded = decode(bytes, format);
        if let Some(warning) = decoded.warning {
            self.warn(&name, None, warning);
        }
        let text = decoded.text;
        match format {
            Format::Text => self.text_document(name, text),
            Format::Html => self.html_document(name, &text),
            Format::Feed => {
                let limits = FeedLimits {
                    max_depth: self.opts.max_html_depth,
                    max_document_bytes: self.opts.max_document_bytes,
                    max_items: self.opts.max_feed_items,
                };
                self.queue.extend(read_feed(&text, &name, limits));
            }
            Format::JsonLines => {
                let reader = Cursor::new(text.into_bytes());
                self.jsonl = Some(JsonLines::new(
                    name,
                    Box::new(reader),
                    self.opts.max_document_bytes,
                ));
            }
        }
    }

    fn text_document(&mut self, name: String, text: String) {
        if text.trim().is_empty() {
            self.warn(
                &name,
                None,
                "holds only whitespace; no document".to_string(),
            );
            return;
        }
        let title = headline_title(&text);
        let mut doc = Document::new(name, text);
        doc.title = title;
        self.queue.push_back(Item::Document(doc));
    }

    fn html_document(&mut self, name: String, html: &str) {
        let article = extract_article(html, self.opts.max_html_depth);
        for warning in article.warnings {
            self.warn(&name, None, warning);
        }
        if article.text.is_empty() {
            self.warn(
                &name,
                None,
                "no article text found in the page; no document".to_string(),
            );
            return;
        }
        self.queue.push_back(Item::Document(Document {
            id: name,
            text: article.text,
            title: article.title,
            published: article.published,
            url: article.url,
            source: article.site_name,
        }));
    }
}

/// An I/O error as a person reads it: "No such file or directory", without
/// the "(os error 2)" tail.
pub(crate) fn describe_io_error(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(at) => text.get(..at).unwrap_or(&text).to_string(),
        None => text,
    }
}

/// A size in decimal units, as file managers show it: "50.0 MB".
pub(crate) fn human_bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} bytes"),
        1_000..1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        _ => format!("{:.1} GB", n as f64 / 1e9),
    }
}

/// A limit in the binary units it is set in: "8 MiB".
pub(crate) fn human_limit(n: usize) -> String {
    const MIB: usize = 1 << 20;
    const KIB: usize = 1 << 10;
    if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else if n >= KIB && n.is_multiple_of(KIB) {
        format!("{} KiB", n / KIB)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        let table: &[(u64, &str)] = &[
            (0, "0 bytes"),
            (999, "999 bytes"),
            (3_000, "3.0 kB"),
            (50_000_000, "50.0 MB"),
            (52_428_800, "52.4 MB"),
            (2_500_000_000, "2.5 GB"),
        ];
        for &(n, want) in table {
            assert_eq!(human_bytes(n), want, "{n}");
        }
        let limits: &[(usize, &str)] = &[
            (8 << 20, "8 MiB"),
            (32 << 20, "32 MiB"),
            (1024, "1 KiB"),
            (1000, "1000 bytes"),
        ];
        for &(n, want) in limits {
            assert_eq!(human_limit(n), want, "{n}");
        }
    }

    #[test]
    fn problems_display_path_line_and_message() {
        let table: &[(InputProblem, &str)] = &[
            (
                InputProblem::new("a.jsonl", Some(3), "line 3 is not valid JSON"),
                "a.jsonl:3: line 3 is not valid JSON",
            ),
            (
                InputProblem::new("<stdin>", None, "binary file, not text"),
                "<stdin>: binary file, not text",
            ),
        ];
        for (problem, want) in table {
            assert_eq!(problem.to_string(), *want);
        }
    }

    /// Reads `bytes` as a stream named `name` and renders the items.
    fn read(name: &str, bytes: &[u8], opts: &ReadOptions) -> Vec<String> {
        read_stream(name, Cursor::new(bytes.to_vec()), opts)
            .map(|item| match item {
                Item::Document(d) => format!("doc {} {:?} title={:?}", d.id, d.text, d.title),
                Item::Problem(p) => format!("problem {p}"),
                Item::Warning(p) => format!("warning {p}"),
            })
            .collect()
    }

    #[test]
    fn streams_table() {
        let small = ReadOptions {
            max_document_bytes: 16,
            ..ReadOptions::default()
        };
        let table: &[(&str, &[u8], &ReadOptions, &[&str])] = &[
            (
                "<stdin>",
                b"Headline\n\nBody.",
                &ReadOptions::default(),
                &["doc <stdin> \"Headline\\n\\nBody.\" title=Some(\"Headline\")"],
            ),
            (
                "<stdin>",
                b"<!doctype html><p>Page</p>",
                &ReadOptions::default(),
                &["doc <stdin> \"Page\" title=None"],
            ),
            (
                "<stdin>",
                b"{\"id\": 7, \"text\": \"t\"}",
                &ReadOptions::default(),
                &["doc 7 \"t\" title=None"],
            ),
            (
                "<stdin>",
                b"",
                &ReadOptions::default(),
                &["warning <stdin>: is empty; no document"],
            ),
            (
                "<stdin>",
                b" \n\t\n",
                &ReadOptions::default(),
                &["warning <stdin>: holds only whitespace; no document"],
            ),
            (
                "<stdin>",
                b"%PDF-1.4 ...",
                &ReadOptions::default(),
                &["problem <stdin>: binary file, not text (PDF document)"],
            ),
            (
                "<stdin>",
                b"0123456789abcdefXYZ",
                &small,
                &["problem <stdin>: is over the 16 bytes per-document limit"],
            ),
            (
                "x.html",
                b"<nav>Menu</nav>",
                &ReadOptions::default(),
                &["warning x.html: no article text found in the page; no document"],
            ),
            (
                "<stdin>",
                b"\xFF\xFE{\0\"\0t\0e\0x\0t\0\"\0:\0 \0\"\0u\0\"\0}\0",
                &ReadOptions::default(),
                &["doc <stdin>:1 \"u\" title=None"],
            ),
            (
                "<stdin>",
                b"Caf\xe9 cr\xe8me",
                &ReadOptions::default(),
                &[
                    "warning <stdin>: not valid UTF-8; decoded as windows-1252",
                    "doc <stdin> \"Caf\u{e9} cr\u{e8}me\" title=None",
                ],
            ),
        ];
        for &(name, bytes, opts, want) in table {
            assert_eq!(read(name, bytes, opts), want, "{bytes:?}");
        }
    }

    #[test]
    fn items_can_move_to_another_thread() {
        fn assert_send<T: Send>() {}
        assert_send::<Items>();
    }

    #[test]
    fn a_forced_format_beats_sniffing() {
        let opts = ReadOptions {
            format: Some(Format::Text),
            ..ReadOptions::default()
        };
        assert_eq!(
            read("<stdin>", b"<p>kept as text</p>", &opts),
            ["doc <stdin> \"<p>kept as text</p>\" title=None"]
        );
    }
}
