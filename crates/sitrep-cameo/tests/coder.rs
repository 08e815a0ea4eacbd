//! The coder on hand-made sentences with a small hand-made dictionary set:
//! each row is a sentence, its date and the (source, target, event)
//! codings it must give, no more and no fewer.

use sitrep_cameo::{CameoDictionaries, CoderOptions, DictionarySource, code_text};
use sitrep_model::Date;

const VERBS: &str = "\
# A small verb dictionary for the coder's tests.
&WARCRIME
+WAR CRIMES
+GENOCIDE

--- ACCUSE [112] ---
ACCUSE
- * + OF &WARCRIME [1121]

--- MEET [040] ---
MEET {MET MEETS MEETING}
- $ * WITH + [040:040]

--- RESTORE [064] ---
RESTORE
- NOT * RELATIONS [112]
- * RELATIONS [064]

--- PRAISE [051] ---
PRAISE

--- SAY [---] ---
SAY {SAID SAYS}
";

const ACTORS: &str = "\
FRANCE [FRA]
+FRENCH
GERMANY [DEU]
+GERMAN
ITALY [ITA]
GERHARD_SCHROEDER
\t[DEUGOV 981027-051122]
TALIBAN [AFGREB]
";

const AGENTS: &str = "\
!PERSON! = MAN, MEN, WOMAN, WOMEN
PRESIDENT [~GOV]
FOREIGN_MINISTER [~GOVFRM]
ARMED_!PERSON! [~REB]
";

const DISCARDS: &str = "\
WORLD CUP
+FOOTBALL
";

fn dictionaries() -> CameoDictionaries {
    let src = |name, text| vec![DictionarySource { name, text }];
    let loaded = CameoDictionaries::load(
        &src("t.verbs", VERBS),
        &src("t.actors", ACTORS),
        &src("t.agents", AGENTS),
        &src("t.discards", DISCARDS),
    );
    assert!(loaded.issues.is_empty(), "{:?}", loaded.issues);
    loaded.dictionaries
}

#[test]
fn sentences_code_as_petrarch_would() {
    let d = dictionaries();
    let table: &[(&str, &str, &[&str])] = &[
        // A pattern with a synonym set and a target slot.
        (
            "France accused Germany of genocide.",
            "2000-01-01",
            &["FRA DEU 1121"],
        ),
        // No pattern: the verb's default code.
        ("France accused Germany.", "2000-01-01", &["FRA DEU 112"]),
        // Agents after an actor's adjective: country + agent code.
        (
            "The French president met the German foreign minister.",
            "2000-01-01",
            &["FRAGOV DEUGOVFRM 040"],
        ),
        // A paired code gives the reverse event too.
        (
            "Italy met with Germany in Rome.",
            "2000-01-01",
            &["ITA DEU 040", "DEU ITA 040"],
        ),
        // A compound source codes once per member.
        (
            "France and Italy praised Germany.",
            "2000-01-01",
            &["FRA DEU 051", "ITA DEU 051"],
        ),
        // Passive voice with "by": the agent is the source.
        (
            "Germany was praised by Italy.",
            "2000-01-01",
            &["ITA DEU 051"],
        ),
        // Date-restricted codes: in office, and after it (no undated code).
        (
            "Gerhard Schroeder praised France.",
            "2000-01-01",
            &["DEUGOV FRA 051"],
        ),
        ("Gerhard Schroeder praised France.", "2010-01-01", &[]),
        // An agent with a substitution set and no actor.
        (
            "Armed men praised Italy.",
            "2000-01-01",
            &["---REB ITA 051"],
        ),
        // Negation is the patterns' business, as in PETRARCH.
        (
            "France did not restore relations with Germany.",
            "2000-01-01",
            &["FRA DEU 112"],
        ),
        (
            "France will restore relations with Germany.",
            "2000-01-01",
            &["FRA DEU 064"],
        ),
        // A verb that codes nothing, reporting what someone did.
        (
            "Italy said that France praised Germany.",
            "2000-01-01",
            &["FRA DEU 051"],
        ),
        (
            "Italy said France praised Germany.",
            "2000-01-01",
            &["FRA DEU 051"],
        ),
        // Discards: a sentence, and a whole story.
        (
            "France accused Germany at the World Cup.",
            "2000-01-01",
            &[],
        ),
        (
            "France praised Italy. Germany accused France after the football match.",
            "2000-01-01",
            &[],
        ),
        // Without both a source and a target nothing is coded.
        ("France praised the decision.", "2000-01-01", &[]),
    ];
    for (text, date, want) in table {
        let date: Date = date.parse().expect("date");
        let out = code_text(&d, text, Some(date), &CoderOptions::default());
        let mut got: Vec<String> = out
            .codings
            .iter()
            .map(|c| format!("{} {} {}", c.source, c.target, c.event))
            .collect();
        got.sort();
        let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(got, want, "{text} ({date})");
    }
}

#[test]
fn codings_carry_their_evidence() {
    let d = dictionaries();
    let text = "Talks resumed. France accused Germany of genocide.";
    let out = code_text(&d, text, None, &CoderOptions::default());
    assert_eq!(out.codings.len(), 1);
    let c = &out.codings[0];
    let slice = |s: sitrep_model::Span| &text[s.start..s.end];
    assert_eq!(slice(c.sentence), "France accused Germany of genocide.");
    assert_eq!(slice(c.verb), "accused");
    assert_eq!(c.source_span.map(slice), Some("France"));
    assert_eq!(c.target_span.map(slice), Some("Germany"));
    assert_eq!(c.words, vec!["accused", "of", "genocide"]);
    let p = c.pattern.as_ref().expect("a pattern gave the code");
    assert_eq!((p.file.as_str(), p.line), ("t.verbs", 8));
}

#[test]
fn options_follow_petrarch_names() {
    let mut o = CoderOptions::default();
    let table = [
        ("require_dyad", "false", true),
        ("new_actor_length", "4", true),
        ("comma_max", "10", true),
        ("comma_max", "ten", false),
        ("require_dyad", "maybe", false),
        ("no_such_option", "1", false),
    ];
    for (k, v, ok) in table {
        assert_eq!(o.set(k, v).is_ok(), ok, "{k}={v}");
    }
    assert!(!o.require_dyad);
    assert_eq!((o.new_actor_length, o.comma.max), (4, 10));
}
