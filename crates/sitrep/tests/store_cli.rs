//! The store commands end to end, as a user runs them: `ingest` twice is a
//! no-op the second time, the listings read the store, every export format
//! writes a file its usual reader loads, and bad input gets a message, not
//! a panic, without touching what is stored.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sitrep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run sitrep")
}

fn ok(args: &[&str]) -> String {
    let out = sitrep(args);
    assert!(
        out.status.success(),
        "sitrep {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A store holding the seed article plus a second, differently worded
/// report of a Ghor attack, in a fresh temporary directory.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let docs = dir.path().join("reports.jsonl");
        std::fs::write(
            &docs,
            concat!(
                r#"{"id":"r1","published":"2019-05-02","source":"Wire A","text":"A roadside bomb killed five civilians in Nad Ali district of Helmand province on Thursday, officials said. The Taliban denied involvement."}"#,
                "\n",
                r#"{"id":"r2","published":"2019-05-03","source":"Paper B","text":"Taliban fighters attacked a police checkpoint in Kunduz city on Friday, killing three police officers, the provincial governor said."}"#,
                "\n"
            ),
        )
        .unwrap();
        Fixture { dir }
    }

    fn db(&self) -> String {
        self.dir.path().join("test.db").display().to_string()
    }

    fn docs(&self) -> String {
        self.dir.path().join("reports.jsonl").display().to_string()
    }

    fn ingest(&self) -> Output {
        sitrep(&[
            "ingest",
            "data/demo/isis-k-ghor-2018.txt",
            &self.docs(),
            "--db",
            &self.db(),
        ])
    }
}

fn count_line(stderr: &str) -> &str {
    stderr
        .lines()
        .find(|l| l.contains("documents read"))
        .unwrap_or_else(|| panic!("no tally line in:\n{stderr}"))
}

#[test]
fn ingest_twice_changes_nothing() {
    let f = Fixture::new();
    let first = f.ingest();
    assert!(first.status.success(), "{}", stderr(&first));
    let line = count_line(&stderr(&first)).to_string();
    assert!(line.contains("3 documents read: 3 stored"), "{line}");

    let before = ok(&["events", "--db", &f.db(), "--format", "jsonl"]);
    assert!(before.lines().count() >= 3, "{before}");

    let second = f.ingest();
    assert!(second.status.success(), "{}", stderr(&second));
    let line = count_line(&stderr(&second)).to_string();
    assert!(
        line.contains("0 stored, 3 already in the store") && line.contains("0 events"),
        "{line}"
    );
    let after = ok(&["events", "--db", &f.db(), "--format", "jsonl"]);
    assert_eq!(before, after, "a re-ingest changed the incidents");
}

#[test]
fn listings_filter_and_show_evidence() {
    let f = Fixture::new();
    assert!(f.ingest().status.success());

    let helmand = ok(&[
        "events",
        "--db",
        &f.db(),
        "--admin1",
        "Helmand",
        "--since",
        "2019-01-01",
        "--format",
        "jsonl",
    ]);
    let rows: Vec<serde_json::Value> = helmand
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(rows.len(), 1, "{helmand}");
    let row = &rows[0];
    assert_eq!(row["admin1"], "Helmand");
    assert_eq!(row["fatalities"], 5);
    assert_eq!(row["sub_event_type"], "Remote explosive/landmine/IED");
    assert_eq!(row["reports"], serde_json::json!(["r1"]));
    let id = row["incident_id"].as_i64().expect("incident_id");

    let detail = ok(&["incident", &id.to_string(), "--db", &f.db()]);
    assert!(
        detail.contains("A roadside bomb killed five civilians"),
        "{detail}"
    );

    let actors = ok(&["actors", "--db", &f.db()]);
    assert!(actors.contains("Taliban"), "{actors}");
    // A part of the name is enough when only one actor has it.
    let profile = ok(&["actor", "khorasan", "--db", &f.db()]);
    assert!(
        profile.starts_with("Islamic State Khorasan Province"),
        "{profile}"
    );
    assert!(profile.contains("1000-2000"), "{profile}");
}

#[test]
fn exports_load_in_their_readers() {
    let f = Fixture::new();
    assert!(f.ingest().status.success());
    let out = |ext: &str| {
        f.dir
            .path()
            .join(format!("out.{ext}"))
            .display()
            .to_string()
    };

    for (format, ext) in [
        ("acled-csv", "csv"),
        ("plover-jsonl", "jsonl"),
        ("geojson", "geojson"),
        ("parquet", "parquet"),
    ] {
        let path = out(ext);
        let res = sitrep(&[
            "export",
            "--db",
            &f.db(),
            "--format",
            format,
            "--out",
            &path,
        ]);
        assert!(res.status.success(), "{format}: {}", stderr(&res));
        assert!(Path::new(&path).metadata().unwrap().len() > 0, "{format}");
    }

    let mut csv = csv::Reader::from_path(out("csv")).expect("ACLED CSV");
    let headers = csv.headers().unwrap().clone();
    for col in [
        "event_id_cnty",
        "event_date",
        "sub_event_type",
        "actor1",
        "fatalities",
    ] {
        assert!(
            headers.iter().any(|h| h == col),
            "missing {col}: {headers:?}"
        );
    }
    assert!(csv.records().count() >= 3);

    let geojson: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out("geojson")).unwrap()).unwrap();
    assert_eq!(geojson["type"], "FeatureCollection");
    assert!(!geojson["features"].as_array().unwrap().is_empty());

    for line in std::fs::read_to_string(out("jsonl")).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("PLOVER JSON line");
        assert!(v["event"].is_string() && v.get("actor").is_some(), "{line}");
    }

    let parquet = std::fs::read(out("parquet")).unwrap();
    assert_eq!(&parquet[..4], b"PAR1");
    assert_eq!(&parquet[parquet.len() - 4..], b"PAR1");
    let lake = out("lake");
    let res = sitrep(&[
        "export",
        "--db",
        &f.db(),
        "--format",
        "parquet",
        "--partition",
        "country,year,month",
        "--out",
        &lake,
    ]);
    assert!(res.status.success(), "lake: {}", stderr(&res));
    assert!(
        stderr(&res).contains("partitions under"),
        "{}",
        stderr(&res)
    );
    let first = std::fs::read_dir(&lake)
        .expect("the lake directory")
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect::<Vec<_>>();
    assert!(
        !first.is_empty() && first.iter().all(|d| d.starts_with("country=")),
        "{first:?}"
    );
    assert!(!Path::new(&format!("{lake}.partial")).exists());
    readers_in_python(&out("csv"), &out("parquet"), &lake);

    // A lake is never written over a directory that holds something, and
    // --partition is Parquet's alone; both say so.
    for (format, why) in [
        ("parquet", "already exists and is not empty"),
        ("acled-csv", "use it with --format parquet"),
    ] {
        let res = sitrep(&[
            "export",
            "--db",
            &f.db(),
            "--format",
            format,
            "--partition",
            "country",
            "--out",
            &lake,
        ]);
        assert!(!res.status.success(), "{format}");
        assert!(stderr(&res).contains(why), "{format}: {}", stderr(&res));
    }
    let res = sitrep(&[
        "export",
        "--db",
        &f.db(),
        "--format",
        "parquet",
        "--partition",
        "planet",
        "--out",
        &out("x"),
    ]);
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert!(
        stderr(&res).contains("cannot partition by"),
        "{}",
        stderr(&res)
    );
}

/// pandas and pyarrow, the readers most users load exports with, when
/// this machine has them. `.ci/run` installs them and sets
/// `SITREP_REQUIRE_PYTHON=1`, so CI never skips this.
fn readers_in_python(csv: &str, parquet: &str, lake: &str) {
    let script = format!(
        "import pandas as pd\n\
         import pyarrow.dataset as ds\n\
         c = pd.read_csv({csv:?})\n\
         p = pd.read_parquet({parquet:?})\n\
         assert len(c) == len(p) and len(c) >= 3, (len(c), len(p))\n\
         assert list(c['event_id_cnty']) == list(p['event_id_cnty'])\n\
         assert int(p['fatalities'].fillna(0).sum()) == int(c['fatalities'].fillna(0).sum())\n\
         l = ds.dataset({lake:?}, format='parquet', partitioning='hive').to_table().to_pandas()\n\
         assert len(l) == len(c), (len(l), len(c))\n\
         assert sorted(l['event_id_cnty']) == sorted(c['event_id_cnty'])\n\
         m = l.merge(c, on='event_id_cnty', suffixes=('_l', '_c'))\n\
         assert (m['country_l'] == m['country_c']).all()\n\
         assert (m['year_l'].astype(int) == m['year_c'].astype(int)).all()\n\
         assert (m['month'].astype(int) == pd.to_datetime(m['event_date_c'], format='mixed').dt.month).all()\n\
         print('ok')\n"
    );
    let res = Command::new("python3").args(["-c", &script]).output();
    let required = std::env::var_os("SITREP_REQUIRE_PYTHON").is_some();
    match res {
        Ok(o) if o.status.success() => {}
        Ok(o) if !required && stderr(&o).contains("ModuleNotFoundError") => {
            println!("skipped: pandas/pyarrow not installed")
        }
        Ok(o) => panic!("pandas could not read the exports:\n{}", stderr(&o)),
        Err(e) if !required => println!("skipped: no python3 ({e})"),
        Err(e) => panic!("python3: {e}"),
    }
}

#[test]
fn bad_input_is_reported_and_the_store_survives() {
    let f = Fixture::new();
    assert!(f.ingest().status.success());
    let before = ok(&["events", "--db", &f.db(), "--format", "jsonl"]);

    let missing = sitrep(&["ingest", "no/such/file.txt", "--db", &f.db()]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("no/such/file.txt"),
        "{}",
        stderr(&missing)
    );

    let broken = f.dir.path().join("broken.jsonl");
    std::fs::write(&broken, "{\"id\": \"x\", \"text\": \n").unwrap();
    let res = sitrep(&["ingest", &broken.display().to_string(), "--db", &f.db()]);
    assert!(!res.status.success());
    let msg = stderr(&res);
    assert!(
        msg.contains("broken.jsonl") && msg.contains("line 1"),
        "{msg}"
    );
    assert!(!msg.contains("panicked"), "{msg}");

    let after = ok(&["events", "--db", &f.db(), "--format", "jsonl"]);
    assert_eq!(before, after);

    let no_store = sitrep(&["events", "--db", "no/such/store.db"]);
    assert_eq!(no_store.status.code(), Some(2));
    assert!(
        stderr(&no_store).contains("sitrep ingest"),
        "{}",
        stderr(&no_store)
    );

    let bad_format = sitrep(&[
        "export",
        "--db",
        &f.db(),
        "--format",
        "xlsx",
        "--out",
        "x.xlsx",
    ]);
    assert!(!bad_format.status.success());
    assert!(stderr(&bad_format).contains("xlsx"));
}

/// Serves one RSS feed over HTTP on localhost, for `requests` requests.
fn serve_feed(body: &'static str, requests: usize) -> (String, std::thread::JoinHandle<()>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/feed.xml", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
    });
    (url, handle)
}

#[test]
fn watch_once_ingests_a_feed_and_not_twice() {
    const FEED: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Test wire</title>
<item><title>Bomb kills four in Ghazni</title><guid>w1</guid>
<pubDate>Tue, 04 Jun 2019 08:00:00 GMT</pubDate>
<description>A bomb hidden in a cart exploded in a market in Ghazni city on Tuesday, killing four civilians, police said.</description></item>
</channel></rss>"#;
    let f = Fixture::new();
    let (url, server) = serve_feed(FEED, 2);
    let feeds = f.dir.path().join("feeds.txt");
    std::fs::write(&feeds, format!("# test\n{url}\n")).unwrap();
    let feeds = feeds.display().to_string();

    let first = sitrep(&["watch", &feeds, "--once", "--db", &f.db()]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("1 stored"), "{}", stderr(&first));
    let second = sitrep(&["watch", &feeds, "--once", "--db", &f.db()]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(!stderr(&second).contains("1 stored"), "{}", stderr(&second));
    server.join().unwrap();

    let rows = ok(&[
        "events",
        "--db",
        &f.db(),
        "--admin1",
        "Ghazni",
        "--format",
        "jsonl",
    ]);
    assert_eq!(rows.lines().count(), 1, "{rows}");

    // A feed that cannot be reached fails a one-shot run, with the URL.
    std::fs::write(&feeds, "http://127.0.0.1:9/nothing.xml\n").unwrap();
    let down = sitrep(&["watch", &feeds, "--once", "--db", &f.db()]);
    assert_eq!(down.status.code(), Some(1), "{}", stderr(&down));
    assert!(stderr(&down).contains("127.0.0.1:9"), "{}", stderr(&down));
}
