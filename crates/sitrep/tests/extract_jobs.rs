//! `sitrep extract --jobs N` codes documents on N threads but must write
//! exactly what one thread writes: the same records in the same order
//! (event ids are numbered in output order), and the same messages on
//! standard error, whatever N and however the input is batched.

use std::path::Path;
use std::process::Command;

/// Standard output, standard error and exit code of `sitrep extract`.
fn extract(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg("extract")
        .args(args)
        .output()
        .expect("run sitrep");
    (
        String::from_utf8(out.stdout).expect("utf-8 output"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn any_number_of_jobs_writes_what_one_writes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    let ledes = root.join("wikipedia-afghanistan.jsonl");
    let article = root.join("isis-k-ghor-2018.txt");
    // A missing input in the middle: its problem must be reported in its
    // place, and the exit code must say so.
    let missing = root.join("no-such-file.jsonl");
    let inputs = [
        ledes.to_str().expect("utf-8 path"),
        missing.to_str().expect("utf-8 path"),
        article.to_str().expect("utf-8 path"),
    ];
    let run = |jobs: &str, format: &str| {
        let mut args = vec![
            "--jobs",
            jobs,
            "--format",
            format,
            "--published",
            "2020-01-01",
        ];
        args.extend(inputs);
        extract(&args)
    };
    for format in ["jsonl", "csv"] {
        let one = run("1", format);
        assert_eq!(one.2, 1, "a missing input makes the exit code 1");
        assert!(one.0.lines().count() > 400, "the demo ledes code to events");
        assert!(
            one.1.contains("no-such-file"),
            "the missing input is reported"
        );
        for jobs in ["2", "3", "8"] {
            assert_eq!(run(jobs, format), one, "--jobs {jobs} --format {format}");
        }
    }
}

#[test]
fn zero_jobs_is_refused() {
    let (_, err, code) = extract(&["--jobs", "0", "-"]);
    assert_eq!(code, 2, "clap's usage error");
    assert!(err.contains("number of threads"), "{err}");
}
