//! The JSON Lines encoding of the `extract` records, written by hand into a
//! byte buffer.
//!
//! Going through serde's derived `Serialize` cost about 185 instructions
//! per byte of input text on the ledes (the output is 7.5 times the input):
//! every key was escaped again, and every fragment went through a dynamic
//! `Write` call into the `BufWriter`. Here keys are constants, a record is
//! built in one `Vec<u8>` that is reused, and each line reaches the writer
//! in one call.
//!
//! *Invariant*: the bytes are exactly serde_json's for the same record
//! (compact formatter, fields in declaration order). Numbers go through
//! serde_json's own [`CompactFormatter`] (itoa for integers, its float
//! formatter for `f64`, `null` for non-finite values, as serde_json writes
//! them); strings are escaped by serde_json's table (`\"`, `\\`, `\b`,
//! `\f`, `\n`, `\r`, `\t`, `\u00XX` for other control bytes, nothing else).
//! The tests compare both encodings on records with every kind of value.
//! The record types are destructured field by field, so a field added to
//! them does not compile until it is written here too.

use serde_json::ser::{CompactFormatter, Formatter};

use crate::output::{ClaimRecord, EventRecord, EvidenceRecord};

/// What serde_json writes for each byte of a string: 0 for the byte
/// itself, else the letter after the backslash (`u` for `\u00XX`).
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b'u';
        b += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Whether any of the eight bytes of `w` needs escaping: a control byte
/// (below 0x20), a quote or a backslash. Exact for the existence of such a
/// byte (the borrows of the subtraction can only mark bytes above one that
/// is really below 0x20).
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    below(w, 0x20) | zero(w ^ (ONES * u64::from(b'"'))) | zero(w ^ (ONES * u64::from(b'\\'))) != 0
}

/// Appends `s` as a JSON string, quoted and escaped.
fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut run = 0; // Start of the bytes not yet copied.
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none of them needs escaping.
        if let Some(chunk) = bytes.get(i..i + 8)
            && let Ok(word) = <[u8; 8]>::try_from(chunk)
            && !needs_escape(u64::from_le_bytes(word))
        {
            i += 8;
            continue;
        }
        let b = bytes[i];
        let escape = ESCAPE[usize::from(b)];
        if escape != 0 {
            out.extend_from_slice(&bytes[run..i]);
            if escape == b'u' {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 0xf)],
                ]);
            } else {
                out.extend_from_slice(&[b'\\', escape]);
            }
            run = i + 1;
        }
        i += 1;
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

// Writing into a `Vec<u8>` cannot fail, so the formatter's `io::Result`s
// are dropped.

fn uint(out: &mut Vec<u8>, n: u64) {
    let _ = CompactFormatter.write_u64(out, n);
}

fn int(out: &mut Vec<u8>, n: i64) {
    let _ = CompactFormatter.write_i64(out, n);
}

fn opt_uint(out: &mut Vec<u8>, n: Option<u64>) {
    match n {
        Some(n) => uint(out, n),
        None => out.extend_from_slice(b"null"),
    }
}

/// serde_json's `serialize_f64`: `null` for NaN and infinities.
fn opt_float(out: &mut Vec<u8>, x: Option<f64>) {
    match x {
        Some(x) if x.is_finite() => {
            let _ = CompactFormatter.write_f64(out, x);
        }
        _ => out.extend_from_slice(b"null"),
    }
}

fn boolean(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

fn strings(out: &mut Vec<u8>, items: &[String]) {
    out.push(b'[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        string(out, s);
    }
    out.push(b']');
}

fn evidence(out: &mut Vec<u8>, items: &[EvidenceRecord]) {
    out.push(b'[');
    for (i, e) in items.iter().enumerate() {
        let EvidenceRecord {
            doc_id,
            start,
            end,
            text,
        } = e;
        out.extend_from_slice(if i > 0 { b",{" } else { b"{" });
        out.extend_from_slice(b"\"doc_id\":");
        string(out, doc_id);
        out.extend_from_slice(b",\"start\":");
        uint(out, *start as u64);
        out.extend_from_slice(b",\"end\":");
        uint(out, *end as u64);
        out.extend_from_slice(b",\"text\":");
        string(out, text);
        out.push(b'}');
    }
    out.push(b']');
}

/// Appends an event record as one JSON object (no newline).
pub(crate) fn event(out: &mut Vec<u8>, r: &EventRecord) {
    let EventRecord {
        kind,
        doc_id,
        event_id_cnty,
        event_date,
        year,
        time_precision,
        disorder_type,
        event_type,
        sub_event_type,
        actor1,
        assoc_actor_1,
        inter1,
        actor2,
        assoc_actor_2,
        inter2,
        interaction,
        civilian_targeting,
        iso,
        region,
        country,
        admin1,
        admin2,
        admin3,
        location,
        latitude,
        longitude,
        geo_precision,
        source,
        source_scale,
        notes,
        fatalities,
        tags,
        timestamp,
        date_earliest,
        date_latest,
        cameo,
        plover,
        plover_mode,
        injured,
        hedged,
        hedges,
        evidence: evidence_records,
        source_code,
        target_code,
    } = r;
    out.extend_from_slice(b"{\"kind\":");
    string(out, kind);
    out.extend_from_slice(b",\"doc_id\":");
    string(out, doc_id);
    out.extend_from_slice(b",\"event_id_cnty\":");
    string(out, event_id_cnty);
    out.extend_from_slice(b",\"event_date\":");
    string(out, event_date);
    out.extend_from_slice(b",\"year\":");
    int(out, i64::from(*year));
    out.extend_from_slice(b",\"time_precision\":");
    uint(out, u64::from(*time_precision));
    out.extend_from_slice(b",\"disorder_type\":");
    string(out, disorder_type);
    out.extend_from_slice(b",\"event_type\":");
    string(out, event_type);
    out.extend_from_slice(b",\"sub_event_type\":");
    string(out, sub_event_type);
    out.extend_from_slice(b",\"actor1\":");
    string(out, actor1);
    out.extend_from_slice(b",\"assoc_actor_1\":");
    string(out, assoc_actor_1);
    out.extend_from_slice(b",\"inter1\":");
    uint(out, u64::from(*inter1));
    out.extend_from_slice(b",\"actor2\":");
    string(out, actor2);
    out.extend_from_slice(b",\"assoc_actor_2\":");
    string(out, assoc_actor_2);
    out.extend_from_slice(b",\"inter2\":");
    uint(out, u64::from(*inter2));
    out.extend_from_slice(b",\"interaction\":");
    uint(out, u64::from(*interaction));
    out.extend_from_slice(b",\"civilian_targeting\":");
    string(out, civilian_targeting);
    out.extend_from_slice(b",\"iso\":");
    uint(out, u64::from(*iso));
    out.extend_from_slice(b",\"region\":");
    string(out, region);
    out.extend_from_slice(b",\"country\":");
    string(out, country);
    out.extend_from_slice(b",\"admin1\":");
    string(out, admin1);
    out.extend_from_slice(b",\"admin2\":");
    string(out, admin2);
    out.extend_from_slice(b",\"admin3\":");
    string(out, admin3);
    out.extend_from_slice(b",\"location\":");
    string(out, location);
    out.extend_from_slice(b",\"latitude\":");
    opt_float(out, *latitude);
    out.extend_from_slice(b",\"longitude\":");
    opt_float(out, *longitude);
    out.extend_from_slice(b",\"geo_precision\":");
    opt_uint(out, geo_precision.map(u64::from));
    out.extend_from_slice(b",\"source\":");
    string(out, source);
    out.extend_from_slice(b",\"source_scale\":");
    string(out, source_scale);
    out.extend_from_slice(b",\"notes\":");
    string(out, notes);
    out.extend_from_slice(b",\"fatalities\":");
    opt_uint(out, fatalities.map(u64::from));
    out.extend_from_slice(b",\"tags\":");
    string(out, tags);
    out.extend_from_slice(b",\"timestamp\":");
    int(out, *timestamp);
    out.extend_from_slice(b",\"date_earliest\":");
    string(out, date_earliest);
    out.extend_from_slice(b",\"date_latest\":");
    string(out, date_latest);
    out.extend_from_slice(b",\"cameo\":");
    string(out, cameo);
    out.extend_from_slice(b",\"plover\":");
    string(out, plover);
    out.extend_from_slice(b",\"plover_mode\":");
    opt_string(out, plover_mode.as_deref());
    out.extend_from_slice(b",\"injured\":");
    opt_uint(out, injured.map(u64::from));
    out.extend_from_slice(b",\"hedged\":");
    boolean(out, *hedged);
    out.extend_from_slice(b",\"hedges\":");
    strings(out, hedges);
    out.extend_from_slice(b",\"evidence\":");
    evidence(out, evidence_records);
    out.extend_from_slice(b",\"source_code\":");
    opt_string(out, source_code.as_deref());
    out.extend_from_slice(b",\"target_code\":");
    opt_string(out, target_code.as_deref());
    out.push(b'}');
}

/// Appends a claim record as one JSON object (no newline).
pub(crate) fn claim(out: &mut Vec<u8>, r: &ClaimRecord) {
    let ClaimRecord {
        kind,
        claim_type,
        actor,
        actor1,
        actor2,
        relation,
        low,
        high,
        as_of,
        territory,
        country,
        admin1,
        location,
        latitude,
        longitude,
        doc_id,
        hedged,
        evidence: evidence_records,
    } = r;
    out.extend_from_slice(b"{\"kind\":");
    string(out, kind);
    out.extend_from_slice(b",\"claim_type\":");
    string(out, claim_type);
    out.extend_from_slice(b",\"actor\":");
    opt_string(out, actor.as_deref());
    out.extend_from_slice(b",\"actor1\":");
    opt_string(out, actor1.as_deref());
    out.extend_from_slice(b",\"actor2\":");
    opt_string(out, actor2.as_deref());
    out.extend_from_slice(b",\"relation\":");
    opt_string(out, *relation);
    out.extend_from_slice(b",\"low\":");
    opt_uint(out, *low);
    out.extend_from_slice(b",\"high\":");
    opt_uint(out, *high);
    out.extend_from_slice(b",\"as_of\":");
    opt_string(out, as_of.as_deref());
    out.extend_from_slice(b",\"territory\":");
    opt_string(out, territory.as_deref());
    out.extend_from_slice(b",\"country\":");
    opt_string(out, country.as_deref());
    out.extend_from_slice(b",\"admin1\":");
    opt_string(out, admin1.as_deref());
    out.extend_from_slice(b",\"location\":");
    opt_string(out, location.as_deref());
    out.extend_from_slice(b",\"latitude\":");
    opt_float(out, *latitude);
    out.extend_from_slice(b",\"longitude\":");
    opt_float(out, *longitude);
    out.extend_from_slice(b",\"doc_id\":");
    string(out, doc_id);
    out.extend_from_slice(b",\"hedged\":");
    boolean(out, *hedged);
    out.extend_from_slice(b",\"evidence\":");
    evidence(out, evidence_records);
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings with every byte that is escaped, at every position a
    /// word-at-a-time scan could miss it, and non-ASCII text.
    fn tricky_strings() -> Vec<String> {
        let mut out = vec![
            String::new(),
            "plain".to_string(),
            "exactly8".to_string(),
            "Kabul, \"Afghanistan\" \\ C:\\path".to_string(),
            "Mosul — الموصل — Μοσούλη — 摩苏尔 — 🙂".to_string(),
            "\u{2028}\u{2029}\u{7f}\u{80}\u{ff}".to_string(),
        ];
        for b in (0u8..0x20).chain([b'"', b'\\', b'/', 0x7f]) {
            for pos in 0..17 {
                let mut s = "abcdefghijklmnopq".to_string();
                s.insert(pos, char::from(b));
                out.push(s);
            }
        }
        out
    }

    fn event_record(s: &str, x: Option<f64>) -> EventRecord {
        EventRecord {
            kind: "event",
            doc_id: s.to_string(),
            event_id_cnty: "AFG12".to_string(),
            event_date: "2018-05-01".to_string(),
            year: -12,
            time_precision: 2,
            disorder_type: s.to_string(),
            actor1: s.to_string(),
            inter1: 255,
            iso: 65535,
            latitude: x,
            longitude: x.map(|v| -v),
            geo_precision: Some(3),
            notes: s.to_string(),
            fatalities: Some(u32::MAX),
            timestamp: i64::MIN,
            plover_mode: Some(s.to_string()),
            injured: None,
            hedged: true,
            hedges: vec![s.to_string(), "reportedly".to_string()],
            evidence: vec![
                EvidenceRecord {
                    doc_id: s.to_string(),
                    start: 0,
                    end: usize::MAX,
                    text: s.to_string(),
                },
                EvidenceRecord {
                    doc_id: "d".to_string(),
                    start: 3,
                    end: 9,
                    text: String::new(),
                },
            ],
            source_code: Some("AFGREB".to_string()),
            ..EventRecord::default()
        }
    }

    const FLOATS: [Option<f64>; 14] = [
        None,
        Some(0.0),
        Some(-0.0),
        Some(1.0),
        Some(34.5167),
        Some(-69.1833),
        Some(1e-7),
        Some(0.0001),
        Some(123_456_789.0),
        Some(1e21),
        Some(f64::MAX),
        Some(f64::NAN),
        Some(f64::INFINITY),
        Some(f64::NEG_INFINITY),
    ];

    #[test]
    fn events_are_encoded_as_serde_json_encodes_them() {
        let mut buf = Vec::new();
        for s in tricky_strings() {
            for x in FLOATS {
                let r = event_record(&s, x);
                buf.clear();
                event(&mut buf, &r);
                let want = serde_json::to_vec(&r).unwrap();
                assert_eq!(
                    String::from_utf8_lossy(&buf),
                    String::from_utf8_lossy(&want)
                );
            }
        }
        let empty = EventRecord::default();
        buf.clear();
        event(&mut buf, &empty);
        assert_eq!(buf, serde_json::to_vec(&empty).unwrap());
    }

    #[test]
    fn claims_are_encoded_as_serde_json_encodes_them() {
        let mut buf = Vec::new();
        for s in tricky_strings() {
            for x in FLOATS {
                for filled in [false, true] {
                    let some = |v: &str| filled.then(|| v.to_string());
                    let r = ClaimRecord {
                        kind: "claim",
                        claim_type: "control",
                        actor: some(&s),
                        actor1: some("Taliban"),
                        actor2: None,
                        relation: filled.then_some("hostile"),
                        low: filled.then_some(1_000),
                        high: Some(u64::MAX),
                        as_of: some("2018-05-01"),
                        territory: some(&s),
                        country: some(&s),
                        admin1: None,
                        location: some(&s),
                        latitude: x,
                        longitude: x,
                        doc_id: s.clone(),
                        hedged: filled,
                        evidence: Vec::new(),
                    };
                    buf.clear();
                    claim(&mut buf, &r);
                    let want = serde_json::to_vec(&r).unwrap();
                    assert_eq!(
                        String::from_utf8_lossy(&buf),
                        String::from_utf8_lossy(&want)
                    );
                }
            }
        }
    }

    /// The word test against the byte table, on every byte in every lane.
    #[test]
    fn word_test_agrees_with_the_table() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let mut word = *b"abcdefgh";
                word[lane] = b;
                let want = word.iter().any(|&c| ESCAPE[usize::from(c)] != 0);
                assert_eq!(
                    needs_escape(u64::from_le_bytes(word)),
                    want,
                    "{b:#x} in {lane}"
                );
            }
        }
    }

    fn encoded(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        f(&mut out);
        String::from_utf8(out).expect("UTF-8")
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]

        /// Any string, and strings made mostly of what is escaped (and of
        /// what serde_json leaves alone: `/`, U+2028, U+2029, DEL, non-ASCII).
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(
            any in proptest::prelude::any::<String>(),
            hostile in "[\\x00-\\x1f\"\\\\/a-h \\x7f\u{80}\u{2028}\u{2029}é🙂]{0,40}",
        ) {
            for s in [&any, &hostile] {
                proptest::prop_assert_eq!(
                    encoded(|o| string(o, s)),
                    serde_json::to_string(s).expect("json")
                );
            }
        }

        /// Any float (NaN, infinities and subnormals included) and integer.
        #[test]
        fn numbers_are_written_as_serde_json_writes_them(
            bits in proptest::prelude::any::<u64>(),
            x in proptest::prelude::any::<f64>(),
            n in proptest::prelude::any::<i64>(),
        ) {
            for v in [x, f64::from_bits(bits)] {
                proptest::prop_assert_eq!(
                    encoded(|o| opt_float(o, Some(v))),
                    serde_json::to_string(&v).expect("json")
                );
            }
            proptest::prop_assert_eq!(encoded(|o| uint(o, bits)), bits.to_string());
            proptest::prop_assert_eq!(encoded(|o| int(o, n)), serde_json::to_string(&n).expect("json"));
        }
    }
}
