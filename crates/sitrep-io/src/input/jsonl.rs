//! JSON Lines: one document object per line, read line by line with a
//! bounded buffer so a 50 MB line is skipped without ever being held whole.

use std::collections::VecDeque;
use std::io::{self, BufRead};

use serde_json::{Map, Value};
use sitrep_model::Document;

use super::date::parse_published;
use super::{InputProblem, Item, describe_io_error, human_bytes, human_limit};

/// A streaming reader of one JSON Lines input.
pub(crate) struct JsonLines {
    name: String,
    reader: Box<dyn BufRead + Send>,
    max_line_bytes: usize,
    line_no: u64,
    buf: Vec<u8>,
    pending: VecDeque<Item>,
    done: bool,
}

/// One physical line, as far as the bounded reader kept it.
enum Line {
    /// The line's bytes without the line break.
    Kept,
    /// The line was longer than the limit; its full length in bytes.
    TooLong(u64),
    Eof,
}

impl JsonLines {
    pub(crate) fn new(
        name: String,
        reader: Box<dyn BufRead + Send>,
        max_line_bytes: usize,
    ) -> JsonLines {
        JsonLines {
            name,
            reader,
            max_line_bytes,
            line_no: 0,
            buf: Vec::new(),
            pending: VecDeque::new(),
            done: false,
        }
    }

    /// The next document, problem or warning; `None` at the end of input.
    pub(crate) fn next_item(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            match self.read_line() {
                Ok(Line::Eof) => self.done = true,
                Ok(Line::TooLong(len)) => {
                    let message = format!(
                        "line {} is {}, over the {} limit",
                        self.line_no,
                        human_bytes(len),
                        human_limit(self.max_line_bytes)
                    );
                    return Some(self.problem(message));
                }
                Ok(Line::Kept) => self.parse_line(),
                Err(e) => {
                    // A read error mid-stream (a disk error, a vanished
                    // network mount) ends this input, not the run.
                    self.done = true;
                    let message = format!(
                        "cannot read after line {}: {}",
                        self.line_no,
                        describe_io_error(&e)
                    );
                    return Some(Item::Problem(InputProblem::new(&self.name, None, message)));
                }
            }
        }
    }

    /// Reads one line into `self.buf`, or skips it once it outgrows the
    /// limit, counting its bytes.
    fn read_line(&mut self) -> io::Result<Line> {
        self.buf.clear();
        let mut total: u64 = 0;
        let mut too_long = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                if total == 0 {
                    return Ok(Line::Eof);
                }
                break;
            }
            let (take, found_newline) = match memchr::memchr(b'\n', available) {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            let content = available.get(..take).unwrap_or(available);
            let content = if found_newline {
                content.get(..take - 1).unwrap_or(content)
            } else {
                content
            };
            total += content.len() as u64;
            if !too_long {
                // One byte of slack keeps a CRLF line exactly at the limit.
                if self.buf.len() + content.len() > self.max_line_bytes.saturating_add(1) {
                    too_long = true;
                    self.buf = Vec::new();
                } else {
                    self.buf.extend_from_slice(content);
                }
            }
            self.reader.consume(take);
            if found_newline {
                break;
            }
        }
        self.line_no += 1;
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
            total = total.saturating_sub(1);
        }
        if too_long || self.buf.len() > self.max_line_bytes {
            return Ok(Line::TooLong(total));
        }
        Ok(Line::Kept)
    }

    fn parse_line(&mut self) {
        let line = std::mem::take(&mut self.buf);
        let bytes = if self.line_no == 1 {
            line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&line)
        } else {
            &line
        };
        let outcome = match std::str::from_utf8(bytes) {
            Err(_) => Err(format!("line {} is not valid UTF-8", self.line_no)),
            Ok(text) if text.trim().is_empty() => Ok(None),
            Ok(text) => self.parse_record(text).map(Some),
        };
        match outcome {
            Ok(Some(doc)) => self.pending.push_back(Item::Document(doc)),
            Ok(None) => {}
            Err(message) => {
                let problem = self.problem(message);
                self.pending.push_back(problem);
            }
        }
        self.buf = line;
    }

    /// Turns one line into a document; warnings for bad optional fields go
    /// to `pending` ahead of it.
    fn parse_record(&mut self, text: &str) -> Result<Document, String> {
        let n = self.line_no;
        let value: Value = serde_json::from_str(text).map_err(|e| {
            // serde_json counts lines within the one line it was given;
            // only its column means anything here.
            let message = e.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            format!(
                "line {n} is not valid JSON: {message} (column {})",
                e.column()
            )
        })?;
        let Value::Object(mut record) = value else {
            return Err(format!("line {n} is not a JSON object"));
        };
        let Some(Value::String(body)) = record.remove("text") else {
            return Err(format!("line {n} has no \"text\" string"));
        };
        let id = match record.remove("id") {
            Some(Value::String(id)) if !id.is_empty() => id,
            Some(Value::Number(id)) => id.to_string(),
            None | Some(Value::Null) => format!("{}:{n}", self.name),
            Some(_) => {
                self.warn(format!(
                    "line {n}: \"id\" is neither a string nor a number; using the line as id"
                ));
                format!("{}:{n}", self.name)
            }
        };
        let mut doc = Document::new(id, body);
        doc.title = self.optional_string(&mut record, "title");
        doc.url = self.optional_string(&mut record, "url");
        doc.source = self.optional_string(&mut record, "source");
        if let Some(raw) = self.optional_string(&mut record, "published") {
            doc.published = parse_published(&raw);
            if doc.published.is_none() {
                self.warn(format!("line {n}: unparseable \"published\" date {raw:?}"));
            }
        }
        Ok(doc)
    }

    fn optional_string(&mut self, record: &mut Map<String, Value>, key: &str) -> Option<String> {
        match record.remove(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
            None | Some(Value::Null) | Some(Value::String(_)) => None,
            Some(_) => {
                self.warn(format!(
                    "line {}: \"{key}\" is not a string; ignored",
                    self.line_no
                ));
                None
            }
        }
    }

    fn warn(&mut self, message: String) {
        let warning = Item::Warning(InputProblem::new(&self.name, Some(self.line_no), message));
        self.pending.push_back(warning);
    }

    fn problem(&self, message: String) -> Item {
        Item::Problem(InputProblem::new(&self.name, Some(self.line_no), message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `input` as JSON Lines and renders every item on one line.
    fn check(input: &str, max_line_bytes: usize) -> Vec<String> {
        let reader = Box::new(io::Cursor::new(input.as_bytes().to_vec()));
        let mut lines = JsonLines::new("in.jsonl".to_string(), reader, max_line_bytes);
        std::iter::from_fn(|| lines.next_item())
            .map(|item| render(&item))
            .collect()
    }

    fn render(item: &Item) -> String {
        match item {
            Item::Document(d) => format!(
                "doc {} {:?} title={:?} published={:?} url={:?} source={:?}",
                d.id,
                d.text,
                d.title,
                d.published.map(|p| p.to_string()),
                d.url,
                d.source
            ),
            Item::Problem(p) => format!("problem {p}"),
            Item::Warning(p) => format!("warning {p}"),
        }
    }

    #[test]
    fn json_lines_table() {
        let table: &[(&str, &[&str])] = &[
            (
                "{\"id\": \"a\", \"text\": \"One.\"}\n{\"id\": 42, \"text\": \"Two.\"}\n",
                &[
                    "doc a \"One.\" title=None published=None url=None source=None",
                    "doc 42 \"Two.\" title=None published=None url=None source=None",
                ],
            ),
            (
                "{\"text\": \"No id.\", \"title\": \"T\", \"published\": \"2018-03-28T10:00:00Z\", \"url\": \"https://x\", \"source\": \"S\"}",
                &[
                    "doc in.jsonl:1 \"No id.\" title=Some(\"T\") published=Some(\"2018-03-28\") url=Some(\"https://x\") source=Some(\"S\")",
                ],
            ),
            (
                "\n  \n{\"text\": \"after blanks\"}\r\n",
                &["doc in.jsonl:3 \"after blanks\" title=None published=None url=None source=None"],
            ),
            (
                "{\"id\": 1, \"text\": \"good\"}\n{\"id\": 2, \"text\": broken}\n{\"id\": 3, \"text\": \"good again\"}",
                &[
                    "doc 1 \"good\" title=None published=None url=None source=None",
                    "problem in.jsonl:2: line 2 is not valid JSON: expected value (column 19)",
                    "doc 3 \"good again\" title=None published=None url=None source=None",
                ],
            ),
            (
                "{\"id\": 1}",
                &["problem in.jsonl:1: line 1 has no \"text\" string"],
            ),
            (
                "{\"id\": 1, \"text\": 5}",
                &["problem in.jsonl:1: line 1 has no \"text\" string"],
            ),
            (
                "[1, 2]",
                &["problem in.jsonl:1: line 1 is not a JSON object"],
            ),
            (
                "{\"id\": 1, \"text\": \"t\", \"published\": \"last week\", \"title\": 7}",
                &[
                    "warning in.jsonl:1: line 1: \"title\" is not a string; ignored",
                    "warning in.jsonl:1: line 1: unparseable \"published\" date \"last week\"",
                    "doc 1 \"t\" title=None published=None url=None source=None",
                ],
            ),
            (
                "{\"id\": true, \"text\": \"t\"}",
                &[
                    "warning in.jsonl:1: line 1: \"id\" is neither a string nor a number; using the line as id",
                    "doc in.jsonl:1 \"t\" title=None published=None url=None source=None",
                ],
            ),
            (
                "\u{feff}{\"id\": \"bom\", \"text\": \"t\"}",
                &["doc bom \"t\" title=None published=None url=None source=None"],
            ),
            ("", &[]),
        ];
        for &(input, want) in table {
            assert_eq!(check(input, 1 << 20), want, "{input:?}");
        }
    }

    #[test]
    fn a_line_over_the_limit_is_skipped_and_reading_goes_on() {
        let long = format!("{{\"text\": \"{}\"}}", "x".repeat(3000));
        let input =
            format!("{{\"id\": 1, \"text\": \"a\"}}\n{long}\n{{\"id\": 3, \"text\": \"c\"}}");
        let got = check(&input, 1024);
        assert_eq!(
            got,
            [
                "doc 1 \"a\" title=None published=None url=None source=None",
                "problem in.jsonl:2: line 2 is 3.0 kB, over the 1 KiB limit",
                "doc 3 \"c\" title=None published=None url=None source=None",
            ]
        );
    }

    #[test]
    fn invalid_utf8_is_a_problem_for_that_line_only() {
        let reader = Box::new(io::Cursor::new(
            b"{\"text\": \"caf\xe9\"}\n{\"text\": \"ok\"}".to_vec(),
        ));
        let mut lines = JsonLines::new("in.jsonl".to_string(), reader, 1024);
        let got: Vec<String> = std::iter::from_fn(|| lines.next_item())
            .map(|i| render(&i))
            .collect();
        assert_eq!(
            got,
            [
                "problem in.jsonl:1: line 1 is not valid UTF-8",
                "doc in.jsonl:2 \"ok\" title=None published=None url=None source=None",
            ]
        );
    }
}
