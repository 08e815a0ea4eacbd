//! Data tables for the public API. Adding a case is adding a row.

use sitrep_model::TimePrecision::{self, Day, Month, Week};

use crate::DateKind::{self, Point, Range, Since, Vague};
use crate::{Date, date_in_path, find_dates, find_publication_date, parse_date};

fn d(s: &str) -> Date {
    s.parse()
        .unwrap_or_else(|e| panic!("bad test date {s:?}: {e}"))
}

/// The seed article (published 2018-03-28, a Wednesday).
const SEED: &str = "2018-03-28";

/// One expected mention: the matched text, earliest, latest, precision, kind.
type Expect = (
    &'static str,
    &'static str,
    &'static str,
    TimePrecision,
    DateKind,
);

/// (text, publication date, every mention expected in order)
#[rustfmt::skip]
const FIND_DATES: &[(&str, &str, &[Expect])] = &[
    // The seed article's sentences.
    ("first published on March 28, 2018 by", SEED, &[("on March 28, 2018", "2018-03-28", "2018-03-28", Day, Point)]),
    (
        "a purported 140 additional fighters killed in separate operations by Afghan security forces over the last two months.",
        SEED,
        &[("over the last two months", "2018-01-28", "2018-03-28", Month, Range)],
    ),
    (
        "two senior leaders have been killed recently in a coalition airstrike",
        SEED,
        &[("recently", "2018-02-28", "2018-03-28", Month, Vague)],
    ),
    (
        "the Taliban has tripled in size since 2014 to up to 60,000. This is compared to ISIS-K's 1,000-2,000.",
        SEED,
        &[("since 2014", "2014-01-01", "2018-03-28", Month, Since)],
    ),
    (
        "ISIS-K emerged in Afghanistan in 2014 and has limited control of a few rural districts",
        SEED,
        &[("in 2014", "2014-01-01", "2014-12-31", Month, Point)],
    ),
    // Month arithmetic clamps at month ends.
    ("over the last month", "2018-03-31", &[("over the last month", "2018-02-28", "2018-03-31", Month, Range)]),
    ("in the past three months", "2018-05-31", &[("in the past three months", "2018-02-28", "2018-05-31", Month, Range)]),
    ("over the past year", "2020-02-29", &[("over the past year", "2019-02-28", "2020-02-29", Month, Range)]),
    // Rolling spans back from publication.
    ("in the past three days", SEED, &[("in the past three days", "2018-03-25", "2018-03-28", Week, Range)]),
    ("during the last 48 hours", SEED, &[("during the last 48 hours", "2018-03-26", "2018-03-28", Week, Range)]),
    ("in the last 24 hours", SEED, &[("in the last 24 hours", "2018-03-27", "2018-03-28", Week, Range)]),
    ("over the past week", SEED, &[("over the past week", "2018-03-21", "2018-03-28", Week, Range)]),
    ("The past two weeks saw heavy fighting", SEED, &[("The past two weeks", "2018-03-14", "2018-03-28", Month, Range)]),
    ("over the past few months", SEED, &[("over the past few months", "2017-12-28", "2018-03-28", Month, Vague)]),
    ("in the last two months of 2017", SEED, &[("in the last two months of 2017", "2017-11-01", "2017-12-31", Month, Point)]),
    ("during the first week of March", SEED, &[("during the first week of March", "2018-03-01", "2018-03-07", Week, Point)]),
    ("the second week of February", SEED, &[]),
    ("the last week of February", SEED, &[("the last week of February", "2018-02-22", "2018-02-28", Week, Point)]),
    // Explicit ranges.
    ("between January and March", SEED, &[("between January and March", "2018-01-01", "2018-03-28", Month, Range)]),
    ("between November and January", SEED, &[("between November and January", "2017-11-01", "2018-01-31", Month, Range)]),
    ("from 2015 to 2017", SEED, &[("from 2015 to 2017", "2015-01-01", "2017-12-31", Month, Range)]),
    ("between 2015 and 2017, the group grew", SEED, &[("between 2015 and 2017", "2015-01-01", "2017-12-31", Month, Range)]),
    ("in 2015-2017", SEED, &[("in 2015-2017", "2015-01-01", "2017-12-31", Month, Range)]),
    ("between March 1 and March 5", SEED, &[("between March 1 and March 5", "2018-03-01", "2018-03-05", Week, Range)]),
    ("between March 1 and 5", SEED, &[("between March 1 and 5", "2018-03-01", "2018-03-05", Week, Range)]),
    ("between January 5 and March 2, 2017", SEED, &[("between January 5 and March 2, 2017", "2017-01-05", "2017-03-02", Month, Range)]),
    ("on March 1-5", SEED, &[("on March 1-5", "2018-03-01", "2018-03-05", Week, Point)]),
    ("between 1950 and 2000 fighters were killed", SEED, &[]),
    ("between 2014 and 2016 militants seized three districts", SEED, &[("between 2014 and 2016", "2014-01-01", "2016-12-31", Month, Range)]),
    ("in 2015-16", SEED, &[("in 2015-16", "2015-01-01", "2016-12-31", Month, Range)]),
    ("in the first half of 2017", SEED, &[("in the first half of 2017", "2017-01-01", "2017-06-30", Month, Point)]),
    ("in the second half of February", SEED, &[("in the second half of February", "2018-02-16", "2018-02-28", Month, Point)]),
    ("from Monday to Friday", SEED, &[("from Monday to Friday", "2018-03-19", "2018-03-23", Week, Range)]),
    // Weekdays: the most recent one, publication day included.
    ("on Monday", SEED, &[("on Monday", "2018-03-26", "2018-03-26", Day, Point)]),
    ("on Wednesday", SEED, &[("on Wednesday", "2018-03-28", "2018-03-28", Day, Point)]),
    ("Thursday", SEED, &[("Thursday", "2018-03-22", "2018-03-22", Day, Point)]),
    ("Monday night", SEED, &[("Monday night", "2018-03-26", "2018-03-26", Day, Point)]),
    ("on Thursday morning", SEED, &[("on Thursday morning", "2018-03-22", "2018-03-22", Day, Point)]),
    ("late Monday", SEED, &[("late Monday", "2018-03-26", "2018-03-26", Day, Point)]),
    ("last Wednesday", SEED, &[("last Wednesday", "2018-03-21", "2018-03-21", Day, Point)]),
    ("this Monday", SEED, &[("this Monday", "2018-03-26", "2018-03-26", Day, Point)]),
    ("on Monday, March 19", SEED, &[("on Monday, March 19", "2018-03-19", "2018-03-19", Day, Point)]),
    ("next Monday and every Friday", SEED, &[]),
    ("the Good Friday Agreement, as the Sunday Times reported", SEED, &[]),
    ("bombed on Easter Sunday", "2018-04-03", &[("on Easter Sunday", "2018-04-01", "2018-04-01", Day, Point)]),
    ("killed in northwest Pakistan Friday during Friday prayers", SEED, &[
        ("Friday", "2018-03-23", "2018-03-23", Day, Point),
        ("during Friday", "2018-03-23", "2018-03-23", Day, Point),
    ]),
    // Deictic days.
    ("today", SEED, &[("today", "2018-03-28", "2018-03-28", Day, Point)]),
    ("this morning", SEED, &[("this morning", "2018-03-28", "2018-03-28", Day, Point)]),
    ("yesterday afternoon", SEED, &[("yesterday afternoon", "2018-03-27", "2018-03-27", Day, Point)]),
    ("last night", SEED, &[("last night", "2018-03-27", "2018-03-27", Day, Point)]),
    ("the day before yesterday", SEED, &[("the day before yesterday", "2018-03-26", "2018-03-26", Day, Point)]),
    ("tomorrow", SEED, &[]),
    // "ago".
    ("two days ago", SEED, &[("two days ago", "2018-03-26", "2018-03-26", Day, Point)]),
    ("a week ago", SEED, &[("a week ago", "2018-03-18", "2018-03-24", Week, Point)]),
    ("two weeks ago", SEED, &[("two weeks ago", "2018-03-11", "2018-03-17", Week, Point)]),
    ("three months ago", "2018-05-31", &[("three months ago", "2018-02-01", "2018-02-28", Month, Point)]),
    ("three years ago", SEED, &[("three years ago", "2015-01-01", "2015-12-31", Month, Point)]),
    ("a few days ago", SEED, &[("a few days ago", "2018-03-23", "2018-03-26", Week, Vague)]),
    ("over a decade ago", SEED, &[("a decade ago", "2000-01-01", "2009-12-31", Month, Point)]),
    // Calendar weeks, months and years.
    ("last week", SEED, &[("last week", "2018-03-19", "2018-03-25", Week, Point)]),
    ("this week", SEED, &[("this week", "2018-03-26", "2018-03-28", Week, Point)]),
    ("over the weekend", SEED, &[("over the weekend", "2018-03-24", "2018-03-25", Week, Point)]),
    ("last weekend", "2018-03-25", &[("last weekend", "2018-03-17", "2018-03-18", Week, Point)]),
    ("last month", SEED, &[("last month", "2018-02-01", "2018-02-28", Month, Point)]),
    ("last month", "2018-01-15", &[("last month", "2017-12-01", "2017-12-31", Month, Point)]),
    ("this month", SEED, &[("this month", "2018-03-01", "2018-03-28", Month, Point)]),
    ("earlier this month", SEED, &[("earlier this month", "2018-03-01", "2018-03-28", Month, Vague)]),
    ("last year", SEED, &[("last year", "2017-01-01", "2017-12-31", Month, Point)]),
    ("this year", SEED, &[("this year", "2018-01-01", "2018-03-28", Month, Point)]),
    ("earlier this year", SEED, &[("earlier this year", "2018-01-01", "2018-03-28", Month, Vague)]),
    ("late this week", SEED, &[]),
    ("elections later this year and later today, not this week", SEED, &[("this week", "2018-03-26", "2018-03-28", Week, Point)]),
    ("until the end of this month", "2018-03-10", &[]),
    ("at the end of this month", SEED, &[("at the end of this month", "2018-03-21", "2018-03-28", Week, Point)]),
    ("early this week", SEED, &[("early this week", "2018-03-26", "2018-03-27", Week, Point)]),
    ("late last year", SEED, &[("late last year", "2017-09-01", "2017-12-31", Month, Point)]),
    ("at the end of last month", SEED, &[("at the end of last month", "2018-02-21", "2018-02-28", Week, Point)]),
    // Explicit months, years and decades.
    ("in early 2017", SEED, &[("in early 2017", "2017-01-01", "2017-04-30", Month, Point)]),
    ("by mid-2016", SEED, &[("mid-2016", "2016-05-01", "2016-08-31", Month, Point)]),
    ("in mid-March", SEED, &[("in mid-March", "2018-03-11", "2018-03-20", Week, Point)]),
    ("in late March", "2018-03-05", &[("in late March", "2017-03-21", "2017-03-31", Week, Point)]),
    ("the end of 2017", SEED, &[("the end of 2017", "2017-09-01", "2017-12-31", Month, Point)]),
    ("in March", SEED, &[("in March", "2018-03-01", "2018-03-28", Month, Point)]),
    ("in March", "2018-02-10", &[("in March", "2017-03-01", "2017-03-31", Month, Point)]),
    ("in March 2017", SEED, &[("in March 2017", "2017-03-01", "2017-03-31", Month, Point)]),
    ("last March", SEED, &[("last March", "2017-03-01", "2017-03-31", Month, Point)]),
    ("in the 1990s", SEED, &[("in the 1990s", "1990-01-01", "1999-12-31", Month, Point)]),
    ("since the mid-1990's", SEED, &[("since the mid-1990's", "1994-01-01", "2018-03-28", Month, Since)]),
    // Explicit days, with and without a year.
    ("March 28", SEED, &[("March 28", "2018-03-28", "2018-03-28", Day, Point)]),
    ("on April 2", SEED, &[("on April 2", "2018-04-02", "2018-04-02", Day, Point)]),
    ("on April 10", SEED, &[("on April 10", "2017-04-10", "2017-04-10", Day, Point)]),
    ("on December 30", "2018-01-03", &[("on December 30", "2017-12-30", "2017-12-30", Day, Point)]),
    ("on 28 March 2018", SEED, &[("on 28 March 2018", "2018-03-28", "2018-03-28", Day, Point)]),
    ("on the 21st of March", SEED, &[("on the 21st of March", "2018-03-21", "2018-03-21", Day, Point)]),
    ("Mar. 28, 2018", SEED, &[("Mar. 28, 2018", "2018-03-28", "2018-03-28", Day, Point)]),
    ("Sept 3", SEED, &[("Sept 3", "2017-09-03", "2017-09-03", Day, Point)]),
    ("on 2018-03-20", SEED, &[("on 2018-03-20", "2018-03-20", "2018-03-20", Day, Point)]),
    ("on February 29", SEED, &[("on February 29", "2016-02-29", "2016-02-29", Day, Point)]),
    ("on February 30", SEED, &[]),
    // Since.
    ("since January", SEED, &[("since January", "2018-01-01", "2018-03-28", Month, Since)]),
    ("since last week", SEED, &[("since last week", "2018-03-19", "2018-03-28", Week, Since)]),
    ("since March 2017", SEED, &[("since March 2017", "2017-03-01", "2018-03-28", Month, Since)]),
    ("since yesterday", SEED, &[("since yesterday", "2018-03-27", "2018-03-28", Week, Since)]),
    // Vague windows.
    ("in recent weeks", SEED, &[("in recent weeks", "2018-03-07", "2018-03-28", Month, Vague)]),
    ("in recent months", SEED, &[("in recent months", "2017-12-28", "2018-03-28", Month, Vague)]),
    ("in recent days", SEED, &[("in recent days", "2018-03-21", "2018-03-28", Week, Vague)]),
    // Words and numbers that are not dates.
    ("Flight 330 crashed on Route 1, and 60,000 fled", SEED, &[]),
    ("they may attack; a march on the capital", SEED, &[]),
    ("March on the capital, they said. May God help them.", SEED, &[]),
    ("killed 2014 people; Resolution 2334; an A2014 jet; $2014", SEED, &[]),
    ("Sat down on Sun Street in Mar", SEED, &[]),
    ("they may attack in May", SEED, &[("in May", "2017-05-01", "2017-05-31", Month, Point)]),
    // Several mentions in one sentence.
    (
        "On Monday, militants attacked a checkpoint they had held since 2014 and, two days ago, another.",
        SEED,
        &[
            ("On Monday", "2018-03-26", "2018-03-26", Day, Point),
            ("since 2014", "2014-01-01", "2018-03-28", Month, Since),
            ("two days ago", "2018-03-26", "2018-03-26", Day, Point),
        ],
    ),
];

#[test]
fn find_dates_table() {
    // Collect every failing row so one run shows them all.
    let mut failures = Vec::new();
    for &(text, published, expected) in FIND_DATES {
        let got: Vec<_> = find_dates(text, d(published))
            .iter()
            .map(|m| {
                (
                    text.get(m.span()),
                    m.earliest,
                    m.latest,
                    m.precision,
                    m.kind,
                )
            })
            .collect();
        let want: Vec<_> = expected
            .iter()
            .map(|&(s, e, l, p, k)| (Some(s), d(e), d(l), p, k))
            .collect();
        if got != want {
            failures.push(format!(
                "{text:?} published {published}\n   got: {got:?}\n  want: {want:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing rows:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// (header text, expected date text and date)
#[rustfmt::skip]
const PUBLICATION: &[(&str, Option<(&str, &str)>)] = &[
    (
        "Increasingly Isolated in Afghanistan, ISIS-K Attacks Afghan Security Forces\n\nfirst published on March 28, 2018 by\n\nThe ISIS presence in Afghanistan lingers",
        Some(("March 28, 2018", "2018-03-28")),
    ),
    ("Published: 28 March 2018\nKABUL - Gunmen attacked", Some(("28 March 2018", "2018-03-28"))),
    ("Updated 2018-03-28\nGunmen attacked", Some(("2018-03-28", "2018-03-28"))),
    ("Date: 2018-03-28T10:00:00Z\nGunmen attacked", Some(("2018-03-28", "2018-03-28"))),
    ("KABUL, March 28, 2018 (Reuters) - Gunmen attacked a checkpoint", Some(("March 28, 2018", "2018-03-28"))),
    ("KABUL, Afghanistan, March 28, 2018 (AP) - Gunmen attacked", Some(("March 28, 2018", "2018-03-28"))),
    ("By Jane Doe\nMarch 28, 2018\n\nGunmen attacked", Some(("March 28, 2018", "2018-03-28"))),
    (
        "Posted by Jane Doe on Wednesday, March 28, 2018 at 10:00",
        Some(("Wednesday, March 28, 2018", "2018-03-28")),
    ),
    ("Last updated: Wed 28 Mar 2018 10.00 BST", Some(("Wed 28 Mar 2018", "2018-03-28"))),
    (
        "Updated 29 March 2018\nPublished 27 March 2018",
        Some(("27 March 2018", "2018-03-27")),
    ),
    ("No date here. The attack happened on March 28.", None),
    ("To date, the group has attacked twice since March 28, 2018 in Ghor.", None),
    ("KABUL, March 28 (Reuters) - no year, so nothing to go on", None),
    ("Gunmen attacked on March 28, 2018 - but this is a story line, not a header", None),
];

#[test]
fn find_publication_date_table() {
    for &(text, expected) in PUBLICATION {
        let got = find_publication_date(text)
            .map(|(r, date)| (text.get(r).unwrap_or("<bad span>"), date));
        let want = expected.map(|(s, date)| (s, d(date)));
        assert_eq!(got, want, "{text:?}");
    }
}

#[test]
fn find_publication_date_only_reads_the_header() {
    let late = format!("{}\nPublished March 28, 2018", "word ".repeat(220));
    // Multi-byte characters across the 1000-byte cut must not split.
    let wide = format!("{}Published March 28, 2018", "é".repeat(499));
    let cases: &[(&str, Option<Date>)] = &[(&late, None), (&wide, None), (&"é".repeat(700), None)];
    for &(text, want) in cases {
        assert_eq!(find_publication_date(text).map(|(_, d)| d), want);
    }
}

#[rustfmt::skip]
const PARSE_DATE: &[(&str, Option<&str>)] = &[
    ("2018-03-28", Some("2018-03-28")),
    (" 2018-03-28\n", Some("2018-03-28")),
    ("2018-03-28T10:00:00Z", Some("2018-03-28")),
    // The day as the publisher wrote it, not shifted to UTC.
    ("2018-03-28T23:30:00-05:00", Some("2018-03-28")),
    ("Wed, 28 Mar 2018 10:00:00 GMT", Some("2018-03-28")),
    ("Wed, 28 Mar 2018 10:00:00 +0000", Some("2018-03-28")),
    // A weekday that does not match: the date still stands.
    ("Thu, 28 Mar 2018 10:00:00 GMT", Some("2018-03-28")),
    ("28 Mar 2018 10:00 EST", Some("2018-03-28")),
    ("March 28, 2018", Some("2018-03-28")),
    ("Wednesday, March 28, 2018", Some("2018-03-28")),
    ("28 March 2018", Some("2018-03-28")),
    ("28th March 2018", Some("2018-03-28")),
    ("Mar. 28, 2018", Some("2018-03-28")),
    ("2018/03/28", Some("2018-03-28")),
    ("03/04/2018", None),
    ("2018-02-30", None),
    ("February 30, 2018", None),
    ("99999-01-01", None),
    ("March 99999", None),
    ("March 28", None),
    ("yesterday", None),
    ("March 28, 2018 and then some words", None),
    ("", None),
];

#[test]
fn parse_date_table() {
    for &(s, want) in PARSE_DATE {
        assert_eq!(parse_date(s), want.map(d), "{s:?}");
    }
}

#[rustfmt::skip]
const DATE_IN_PATH: &[(&str, Option<&str>)] = &[
    ("/data/2018/03/28/kabul-attack.html", Some("2018-03-28")),
    ("2018-03-28-some-title.txt", Some("2018-03-28")),
    ("20180328_report.html", Some("2018-03-28")),
    ("reports/2018_3_7_ghor.txt", Some("2018-03-07")),
    ("C:\\news\\2018\\03\\28\\a.txt", Some("2018-03-28")),
    ("café/2018-03-28.txt", Some("2018-03-28")),
    ("/archive/2017/01/01/20180328_x.html", Some("2018-03-28")),
    ("/news/2018/03/", None),
    ("flight-330-report.txt", None),
    ("/2018/02/30/x.html", None),
    ("12345678.txt", None),
    ("2018-03/28", None),
];

#[test]
fn date_in_path_table() {
    for &(path, want) in DATE_IN_PATH {
        assert_eq!(date_in_path(path), want.map(d), "{path:?}");
    }
}

/// Fragments that stress the grammar; every pair and triple is run through
/// every API, against ordinary and extreme publication dates, to check that
/// nothing panics and the output invariants hold.
const FRAGMENTS: &[&str] = &[
    "on Monday",
    "since ",
    "2014",
    "-",
    "between ",
    " and ",
    "March",
    " 31",
    ",",
    "'s",
    "é",
    "ago",
    "the last ",
    "two ",
    "months",
    "early ",
    "late",
    "mid-",
    "1990s",
    "Feb. 29",
    " 99999",
    "9999-12-31",
    "\n",
    "from ",
    " to ",
    "a few ",
    "weekend",
    "last ",
    "yesterday",
    "th",
    "of ",
    "recent ",
    "days",
];

#[test]
fn no_panics_and_invariants_hold() {
    let dates = [
        d(SEED),
        Date::MIN,
        Date::MAX,
        d("2016-02-29"),
        d("2018-12-31"),
        d("2018-01-01"),
    ];
    let mut texts = Vec::new();
    for a in FRAGMENTS {
        for b in FRAGMENTS {
            texts.push(format!("{a}{b}"));
            for c in FRAGMENTS {
                texts.push(format!("{a}{b}{c}"));
            }
        }
    }
    for text in &texts {
        let _ = parse_date(text);
        let _ = date_in_path(text);
        if let Some((r, _)) = find_publication_date(text) {
            assert!(text.get(r).is_some(), "{text:?}");
        }
        for &published in &dates {
            let mut prev_end = 0;
            for m in find_dates(text, published) {
                assert!(
                    text.get(m.start..m.end).is_some_and(|s| !s.is_empty()),
                    "{text:?}"
                );
                assert!(m.start >= prev_end, "overlap in {text:?}");
                assert!(m.earliest <= m.latest, "{text:?} {m:?}");
                let days = m
                    .earliest
                    .until(m.latest)
                    .map(|s| s.get_days())
                    .unwrap_or(i32::MAX);
                let precision = match days {
                    0 => Day,
                    1..=10 => Week,
                    _ => Month,
                };
                assert_eq!(m.precision, precision, "{text:?} {m:?}");
                prev_end = m.end;
            }
        }
    }
}
