//! A readable dump of what the coder saw in a document, sentence by
//! sentence: clauses, cues, actors, places, quantities, dates and the frames
//! read. For developers chasing a wrong coding (`sitrep explain FILE`).

use std::fmt::Write;

use sitrep_lexicon::Cue;

use crate::Knowledge;
use crate::analysis::Analysis;
use crate::clauses;
use crate::frames;

/// Explains how the coder reads `doc`.
pub fn explain(k: &Knowledge, doc: &sitrep_model::Document) -> String {
    let mut diagnostics = Vec::new();
    let a = Analysis::new(k, doc, &mut diagnostics);
    let mut out = String::new();
    let text = a.text();
    let _ = writeln!(
        out,
        "published {}  focus {:?}  main place {:?}",
        a.published,
        a.focus.map(|c| c.to_string()),
        a.main_place.map(|p| k.gazetteer.name(a.places[p].id))
    );
    for (si, s) in a.sentences.iter().enumerate() {
        let _ = writeln!(
            out,
            "\n[{si}] (paragraph {}) {}",
            s.paragraph,
            text.get(s.range.clone()).unwrap_or("")
        );
        for c in clauses::clauses(s) {
            let words: Vec<&str> = c
                .clone()
                .map(|i| text.get(s.tokens[i].clone()).unwrap_or(""))
                .collect();
            let _ = writeln!(out, "  clause {c:?}: {}", words.join(" "));
        }
        for c in &s.cues {
            let cue = match c.cue {
                Cue::Trigger(t) => format!(
                    "trigger {t}{}",
                    if k.lexicon.entry(c.entry).weak {
                        " (weak)"
                    } else {
                        ""
                    }
                ),
                other => format!("{other:?}"),
            };
            let _ = writeln!(
                out,
                "  cue    {:?} @{} {cue} {:?}",
                text.get(c.start..c.end).unwrap_or(""),
                c.tokens.start,
                c.forms
            );
        }
        for &ai in &s.actors {
            let m = &a.actors[ai];
            let _ = writeln!(
                out,
                "  actor  {:?} -> {} (inter {}){}{}{}",
                text.get(m.start..m.end).unwrap_or(""),
                m.actor.name,
                m.actor.inter.code(),
                if m.named { "" } else { " generic" },
                if m.definite { " definite" } else { "" },
                if m.source { " SOURCE" } else { "" }
            );
        }
        for &pi in &s.places {
            let p = &a.places[pi];
            let place = k.gazetteer.place(p.id, sitrep_model::GeoPrecision::Exact);
            let _ = writeln!(
                out,
                "  place  {:?} -> {} / {} / {} ({:?}){}{}{}",
                text.get(p.start..p.end).unwrap_or(""),
                place.country,
                place.admin1.unwrap_or_default(),
                place.location,
                p.kind,
                if p.descriptive { " DESCRIPTIVE" } else { "" },
                if p.near { " near" } else { "" },
                if p.origin { " origin" } else { "" }
            );
        }
        for q in &s.quantities {
            let _ = writeln!(
                out,
                "  number {:?} = {} ({:?} {:?}-{:?})",
                text.get(q.start..q.end).unwrap_or(""),
                q.value,
                q.qualifier,
                q.low,
                q.high
            );
        }
        for d in &s.dates {
            let _ = writeln!(
                out,
                "  date   {:?} = {}..{} {:?} {:?}",
                text.get(d.start..d.end).unwrap_or(""),
                d.earliest,
                d.latest,
                d.precision,
                d.kind
            );
        }
    }
    let _ = writeln!(out, "\nframes:");
    for f in frames::read_frames(&a) {
        let _ = writeln!(
            out,
            "  [{}]{} {} | {} -> {} | place {:?} own={} | {}..{} own={} | killed {:?}+{} injured {:?}{}",
            f.sentence,
            if f.title { " TITLE" } else { "" },
            f.coding.sub_event_type,
            f.actor1.as_ref().map_or("-", |x| x.name.as_str()),
            f.actor2.as_ref().map_or("-", |x| x.name.as_str()),
            f.place
                .as_ref()
                .and_then(|p| p.to_place(&a))
                .map(|p| p.location),
            f.place_own,
            f.date.earliest,
            f.date.latest,
            f.date_own,
            f.victims_killed,
            f.attackers_killed,
            f.injured,
            if f.anaphoric { " anaphoric" } else { "" }
        );
    }
    out
}
