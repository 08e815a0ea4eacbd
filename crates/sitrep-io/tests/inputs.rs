//! Reading real files: the fixtures under `tests/fixtures/`, directory
//! walks, missing and unreadable paths, and hostile inputs generated at run
//! time into a temporary directory (never committed).

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sitrep_io::{Format, Input, Item, ReadOptions, read_inputs, read_stream};
use sitrep_model::Document;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// One line per item, with the directory prefix `base` cut from names so
/// expectations do not depend on where the checkout lives.
fn render(item: &Item, base: &Path) -> String {
    let prefix = format!("{}/", base.display());
    let cut = |s: &str| s.replace(&prefix, "");
    match item {
        Item::Document(d) => format!("doc {}", cut(&d.id)),
        Item::Problem(p) => format!("problem {}", cut(&p.to_string())),
        Item::Warning(p) => format!("warning {}", cut(&p.to_string())),
    }
}

fn read_paths(paths: &[PathBuf], opts: &ReadOptions) -> Vec<Item> {
    let inputs: Vec<Input> = paths.iter().cloned().map(Input::Path).collect();
    read_inputs(&inputs, opts).collect()
}

fn documents(items: &[Item]) -> Vec<&Document> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Document(d) => Some(d),
            _ => None,
        })
        .collect()
}

fn one_document(path: &Path) -> Document {
    let items = read_paths(&[path.to_path_buf()], &ReadOptions::default());
    let docs = documents(&items);
    assert_eq!(docs.len(), 1, "{items:?}");
    docs[0].clone()
}

#[test]
fn the_seed_article_is_read_byte_for_byte() {
    let path = fixtures().join("isis-k-ghor-2018.txt");
    let doc = one_document(&path);
    assert_eq!(doc.text.as_bytes(), fs::read(&path).unwrap().as_slice());
    assert_eq!(doc.id, path.display().to_string());
    assert_eq!(
        doc.title.as_deref(),
        Some("Increasingly Isolated in Afghanistan, ISIS-K Attacks Afghan Security Forces")
    );
    assert_eq!(doc.published, None);
}

#[test]
fn the_fixture_directory_is_read_in_sorted_order_and_every_problem_is_named() {
    let dir = fixtures();
    let items = read_paths(std::slice::from_ref(&dir), &ReadOptions::default());
    let got: Vec<String> = items.iter().map(|i| render(i, &dir)).collect();
    let want = [
        "problem binary.png: binary file, not text (PNG image)",
        "warning cp1252.txt: not valid UTF-8; decoded as windows-1252",
        "doc cp1252.txt",
        "doc wire-1",
        "doc 42",
        "problem docs.jsonl:3: line 3 is not valid JSON: EOF while parsing a string (column 46)",
        "doc docs.jsonl:4",
        "problem docs.jsonl:6: line 6 has no \"text\" string",
        "warning docs.jsonl:7: line 7: unparseable \"published\" date \"the day before yesterday\"",
        "doc bad-date",
        "warning empty.txt: is empty; no document",
        "doc tag:monitor.example.net,2018:idlib-1",
        "doc tag:monitor.example.net,2018:talks-2",
        "doc wire-2018-0328-001",
        "doc https://wire.example.org/kabul-protest",
        "doc feed.rss#3",
        "warning feed.rss:15: item 2: unparseable date \"sometime last week\"",
        "doc isis-k-ghor-2018.txt",
        "doc news.html",
        "doc utf16.txt",
    ];
    assert_eq!(got, want);
}

#[test]
fn a_news_page_gives_its_article_and_nothing_else() {
    let doc = one_document(&fixtures().join("news.html"));
    let want = "ISIS-K Attacks Afghan Security Forces in Ghor\n\n\
        By A. Reporter \u{b7} March 28, 2018\n\n\
        Fighters of the Islamic State Khorasan Province (ISIS-K) attacked an Afghan National Army checkpoint in Ghor province on Tuesday, killing four soldiers, officials said.\n\n\
        The attack came days after U.S. & Afghan forces killed two senior ISIS-K leaders in a strike in Jowzjan, according to the Military Times.\n\n\
        \u{201c}They are isolated, but still dangerous,\u{201d} a provincial spokesman said.\n\n\
        The Taliban, who also fight ISIS-K in the north, did not comment.";
    assert_eq!(doc.text, want);
    assert!(
        !doc.text.contains('<') && !doc.text.contains("&amp;"),
        "markup left in {:?}",
        doc.text
    );
    assert_eq!(
        doc.title.as_deref(),
        Some("ISIS-K Attacks Afghan Security Forces in Ghor")
    );
    assert_eq!(
        doc.published.map(|d| d.to_string()).as_deref(),
        Some("2018-03-28")
    );
    assert_eq!(
        doc.url.as_deref(),
        Some("https://news.example.com/2018/03/28/isis-k-ghor")
    );
    assert_eq!(doc.source.as_deref(), Some("Example Defense News"));
}

#[test]
fn feed_items_become_documents() {
    // (id, text, published, url)
    type Want = (
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
    );
    let table: &[(&str, &str, &[Want])] = &[
        (
            "feed.rss",
            "Example Conflict Wire",
            &[
                (
                    "wire-2018-0328-001",
                    "Clashes in Ghor leave four soldiers dead\n\nISIS-K fighters attacked a checkpoint in Ghor province.\n\nFour soldiers were killed, officials said.",
                    Some("2018-03-28"),
                    Some("https://wire.example.org/ghor-clashes"),
                ),
                (
                    "https://wire.example.org/kabul-protest",
                    "Protest in Kabul over fuel prices\n\nHundreds marched in Kabul on Monday.",
                    None,
                    Some("https://wire.example.org/kabul-protest"),
                ),
                (
                    "#3",
                    "Airstrike reported near Jalalabad\n\nAn airstrike hit a compound near Jalalabad, residents said.\n\nNo group claimed it yet.",
                    Some("2018-03-26"),
                    None,
                ),
            ],
        ),
        (
            "feed.atom",
            "Example Monitor",
            &[
                (
                    "tag:monitor.example.net,2018:idlib-1",
                    "Rebels & army clash in Idlib\n\nHeavy fighting was reported south of Idlib.",
                    Some("2018-03-29"),
                    Some("https://monitor.example.net/idlib"),
                ),
                (
                    "tag:monitor.example.net,2018:talks-2",
                    "Ceasefire talks resume\n\nDelegations met in Geneva.\n\nA statement is expected on Friday.",
                    Some("2018-03-28"),
                    Some("https://monitor.example.net/talks"),
                ),
            ],
        ),
    ];
    for &(file, source, want) in table {
        let path = fixtures().join(file);
        let items = read_paths(std::slice::from_ref(&path), &ReadOptions::default());
        let docs = documents(&items);
        assert_eq!(docs.len(), want.len(), "{file}: {items:?}");
        for (doc, &(id, text, published, url)) in docs.iter().zip(want) {
            // An id starting with `#` is the `<path>#<n>` fallback.
            let id = if id.starts_with('#') {
                format!("{}{id}", path.display())
            } else {
                id.to_string()
            };
            assert_eq!(doc.id, id, "{file}");
            assert_eq!(doc.text, text, "{file} {id}");
            assert_eq!(
                doc.published.map(|d| d.to_string()).as_deref(),
                published,
                "{file} {id}"
            );
            assert_eq!(doc.url.as_deref(), url, "{file} {id}");
            assert_eq!(doc.source.as_deref(), Some(source), "{file} {id}");
        }
    }
}

#[test]
fn non_utf8_text_is_decoded() {
    let table: &[(&str, &str)] = &[
        (
            "cp1252.txt",
            "Kabul blast kills 12\n\nThe \u{201c}Islamic State\u{201d} claimed the attack \u{2013} officials in Kabul said the caf\u{e9} was hit.\n",
        ),
        (
            "utf16.txt",
            "Herat convoy ambushed\n\nGunmen ambushed a convoy near Herat, killing three guards.\n",
        ),
    ];
    for &(file, text) in table {
        assert_eq!(one_document(&fixtures().join(file)).text, text, "{file}");
    }
}

#[test]
fn missing_paths_are_problems_and_the_rest_is_still_read() {
    let good = fixtures().join("utf16.txt");
    let items = read_paths(
        &[
            PathBuf::from("/definitely/not/here.txt"),
            good.clone(),
            PathBuf::from("also-missing"),
        ],
        &ReadOptions::default(),
    );
    let got: Vec<String> = items.iter().map(|i| render(i, &fixtures())).collect();
    assert_eq!(
        got,
        [
            "problem /definitely/not/here.txt: cannot open: No such file or directory",
            "doc utf16.txt",
            "problem also-missing: cannot open: No such file or directory",
        ]
    );
}

#[test]
fn walks_skip_hidden_entries_and_do_not_follow_directory_links() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::create_dir_all(root.join("b/nested")).unwrap();
    fs::create_dir_all(root.join(".git")).unwrap();
    fs::write(root.join(".git/config.txt"), "hidden dir").unwrap();
    fs::write(root.join(".hidden.txt"), "hidden file").unwrap();
    fs::write(root.join("a.txt"), "first").unwrap();
    fs::write(root.join("b/nested/c.txt"), "nested").unwrap();
    fs::write(root.join("b/z.txt"), "after nested").unwrap();
    fs::write(root.join("d.md"), "last").unwrap();
    let mut want = vec!["doc a.txt", "doc b/nested/c.txt", "doc b/z.txt"];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("b"), root.join("c-link")).unwrap();
        std::os::unix::fs::symlink(root.join("gone.txt"), root.join("c-zbroken")).unwrap();
        want.push("warning c-link: symbolic link to a directory; not followed");
        want.push("problem c-zbroken: cannot open: No such file or directory");
        // A FIFO in a walk would block the reader until someone writes.
        let fifo = std::process::Command::new("mkfifo")
            .arg(root.join("c-zfifo"))
            .status();
        if fifo.is_ok_and(|s| s.success()) {
            want.push("warning c-zfifo: not a regular file; skipped");
        }
    }
    want.push("doc d.md");
    let items = read_paths(&[root.to_path_buf()], &ReadOptions::default());
    let got: Vec<String> = items.iter().map(|i| render(i, root)).collect();
    assert_eq!(got, want);

    let empty = tempfile::tempdir().unwrap();
    let items = read_paths(&[empty.path().to_path_buf()], &ReadOptions::default());
    assert!(
        matches!(&items[..], [Item::Warning(w)] if w.message == "directory holds no readable files"),
        "{items:?}"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_directories_are_problems() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::write(root.join("a.txt"), "readable").unwrap();
    fs::write(root.join("b.txt"), "locked").unwrap();
    fs::create_dir(root.join("c")).unwrap();
    fs::write(root.join("c/d.txt"), "in a locked directory").unwrap();
    fs::write(root.join("e.txt"), "readable too").unwrap();
    fs::set_permissions(root.join("b.txt"), fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(root.join("c"), fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads everything whatever the mode says; there is nothing to
    // test then.
    let enforced = fs::read(root.join("b.txt")).is_err();
    let items = read_paths(&[root.to_path_buf()], &ReadOptions::default());
    fs::set_permissions(root.join("c"), fs::Permissions::from_mode(0o755)).unwrap();
    if !enforced {
        return;
    }
    let got: Vec<String> = items.iter().map(|i| render(i, root)).collect();
    assert_eq!(
        got,
        [
            "doc a.txt",
            "problem b.txt: cannot open: Permission denied",
            "problem c: cannot read directory: Permission denied",
            "doc e.txt",
        ]
    );
}

const MB50: usize = 50_000_000;

/// Hostile inputs must finish quickly even in a debug build.
fn assert_quick(started: Instant, what: &str) {
    let took = started.elapsed();
    assert!(took < Duration::from_secs(30), "{what} took {took:?}");
}

fn write_big_line(path: &Path, prefix: &[u8], fill: u8, len: usize, suffix: &[u8]) {
    let mut f = io::BufWriter::new(fs::File::create(path).unwrap());
    f.write_all(prefix).unwrap();
    io::copy(&mut io::repeat(fill).take(len as u64), &mut f).unwrap();
    f.write_all(suffix).unwrap();
    f.flush().unwrap();
}

/// A 50 MB one-line text file, with and without a telling extension, and a
/// 50 MB JSON Lines line between two good ones, beside a good file.
#[test]
fn fifty_megabyte_lines_are_refused_without_being_buffered() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write_big_line(&root.join("big.txt"), b"", b'a', MB50, b"");
    write_big_line(&root.join("big-no-extension"), b"", b'a', MB50, b"");
    write_big_line(
        &root.join("docs.jsonl"),
        b"{\"id\": 1, \"text\": \"before\"}\n{\"text\": \"",
        b'a',
        MB50,
        b"\"}\n{\"id\": 3, \"text\": \"after\"}\n",
    );
    fs::write(root.join("good.txt"), "Good report\n\nStill read.").unwrap();

    let started = Instant::now();
    let items = read_paths(&[root.to_path_buf()], &ReadOptions::default());
    assert_quick(started, "50 MB inputs");
    let got: Vec<String> = items.iter().map(|i| render(i, root)).collect();
    assert_eq!(
        got,
        [
            "problem big-no-extension: is 50.0 MB, over the 8 MiB per-document limit",
            "problem big.txt: is 50.0 MB, over the 8 MiB per-document limit",
            "doc 1",
            "problem docs.jsonl:2: line 2 is 50.0 MB, over the 8 MiB limit",
            "doc 3",
            "doc good.txt",
        ]
    );
}

/// Stdin and other streams have no size to check up front; reading stops
/// at the limit, even for a stream that never ends.
#[test]
fn endless_and_oversized_streams_stop_at_the_limit() {
    let started = Instant::now();
    let items: Vec<Item> =
        read_stream("<stdin>", io::repeat(b'a'), &ReadOptions::default()).collect();
    assert_quick(started, "an endless stream");
    let got: Vec<String> = items.iter().map(|i| render(i, Path::new("/"))).collect();
    assert_eq!(
        got,
        ["problem <stdin>: is over the 8 MiB per-document limit"]
    );

    let line = io::Cursor::new(b"{\"text\": \"".to_vec())
        .chain(io::repeat(b'a').take(MB50 as u64))
        .chain(io::Cursor::new(b"\"}\n{\"text\": \"next\"}\n".to_vec()));
    let opts = ReadOptions {
        format: Some(Format::JsonLines),
        ..ReadOptions::default()
    };
    let started = Instant::now();
    let items: Vec<Item> = read_stream("<stdin>", line, &opts).collect();
    assert_quick(started, "a 50 MB JSON line on stdin");
    let got: Vec<String> = items.iter().map(|i| render(i, Path::new("/"))).collect();
    assert_eq!(
        got,
        [
            "problem <stdin>:1: line 1 is 50.0 MB, over the 8 MiB limit",
            "doc <stdin>:2"
        ]
    );
}

/// 200,000 nested `<div>`s, a billion-laughs entity bomb and a 200,000-deep
/// XML feed, beside a good file: read within limits, no stack overflow.
#[test]
fn deep_nesting_and_entity_bombs_are_harmless() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let depth = 200_000;
    let html = format!(
        "<!DOCTYPE html><html><body>{}<p>Deep text survives.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    fs::write(root.join("deep.html"), html).unwrap();

    let mut bomb =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        bomb.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    bomb.push_str("]>\n<rss version=\"2.0\"><channel><title>Bomb</title><item><title>Laughs</title><description>&lol9;</description></item></channel></rss>\n");
    fs::write(root.join("laughs.rss"), bomb).unwrap();

    let deep_xml = format!(
        "<rss><channel><item><title>Deep feed</title><description>{}text{}</description></item></channel></rss>",
        "<x>".repeat(depth),
        "</x>".repeat(depth)
    );
    fs::write(root.join("deep.xml"), deep_xml).unwrap();
    fs::write(root.join("good.txt"), "Good report\n\nStill read.").unwrap();

    let started = Instant::now();
    let items = read_paths(&[root.to_path_buf()], &ReadOptions::default());
    assert_quick(started, "deep nesting");
    let got: Vec<String> = items.iter().map(|i| render(i, root)).collect();
    assert_eq!(
        got,
        [
            "warning deep.html: HTML nested deeper than 512 elements; the deeper markup was flattened",
            "doc deep.html",
            "doc deep.xml#1",
            "doc good.txt",
            "doc laughs.rss#1",
            "warning laughs.rss:2: the feed's DTD declares entities; they are not expanded",
        ]
    );
    let docs = documents(&items);
    assert_eq!(docs[0].text, "Deep text survives.");
    assert_eq!(docs[1].text, "Deep feed\n\ntext");
    assert_eq!(docs[3].text, "Laughs\n\n&lol9;");
}

/// Markup-shaped garbage in every format: whatever comes out, reading ends
/// without a panic. A fixed-seed generator keeps the run reproducible.
#[test]
fn garbage_in_every_format_never_panics() {
    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "<", ">", "</", "/>", "<p>", "</p>", "<div class=nav>", "</div>", "<script>", "</script>",
        "<![CDATA[", "]]>", "<!--", "-->", "&", "&amp;", "&#", "&#x110000;", "&lol;", ";", "\"",
        "'", "=", "{", "}", "[", "]", ":", ",", "\n", "\r\n", " ", "text", "\u{e9}", "\u{1F600}",
        "\u{0}", "\u{ff}\u{fe}", "<rss>", "<item>", "</item>", "<entry>", "<title>", "</title>",
        "<time datetime='", "2018-13-45", "<?xml", "?>", "<!DOCTYPE x [<!ENTITY a 'b'>]>",
        "{\"text\":", "\"id\":", "null", "<article>", "<br>", "<pre>", "<a href=x>",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for round in 0..400 {
        let mut input = Vec::new();
        for _ in 0..next() % 60 {
            input.extend_from_slice(PIECES[next() % PIECES.len()].as_bytes());
        }
        // Now and then a raw byte that is not UTF-8 at all.
        if round % 3 == 0 {
            input.push(0x80 + (next() % 0x7f) as u8);
        }
        for &format in Format::ALL {
            let opts = ReadOptions {
                format: Some(format),
                max_html_depth: 8,
                ..ReadOptions::default()
            };
            let items: Vec<Item> =
                read_stream("<fuzz>", io::Cursor::new(input.clone()), &opts).collect();
            for item in &items {
                if let Item::Document(d) = item {
                    assert!(!d.id.is_empty(), "{format} {input:?}");
                }
            }
        }
    }
}
