//! Staging: documents coded by many workers, merged in the queue's order.
//!
//! `sitrep worker` processes pull documents from a work queue (NATS
//! JetStream) and code them in parallel, in whatever order they arrive. The
//! store must still end up exactly as one `sitrep ingest` of the same
//! documents in enqueue order would make it: incident ids are sequential in
//! arrival order, near-copies link to the first report, and merging is
//! order-sensitive. So coding runs anywhere, but writing follows one line:
//!
//! 1. **stage** ([`Store::stage`]): a worker puts each coded document in
//!    `staged`, keyed by its queue sequence number, and commits *before*
//!    it acknowledges the message. A redelivery stages nothing new
//!    (`ON CONFLICT DO NOTHING`), and a sequence at or below the cursor (already
//!    merged) is not staged again.
//! 2. **merge** ([`Store::merge_staged`]): under the write lock, starting
//!    at cursor + 1, while the next sequence is staged, write it through
//!    the same path as ingest (near-copy detection, incident merging),
//!    delete it from `staged` and advance the cursor, all in one
//!    transaction per batch. Stop at the first gap; whoever stages the
//!    missing sequence later (a redelivery after a worker died) merges the
//!    run.
//!
//! *Skipping a gap.* A sequence that is neither staged nor merged can be
//! skipped when it is below the queue's first sequence (the lowest message
//! still in the stream), read *before* the merge transaction starts. A
//! work-queue stream only removes a message when a worker acknowledges it,
//! and a worker only acknowledges after its staging transaction committed;
//! so a sequence gone from the stream was staged (and is then in `staged`
//! or already merged) unless it was never a document for this store: a
//! message no worker could read (acknowledged unstaged, with a warning),
//! or one an operator purged. Reading the first sequence before the
//! transaction matters: the transaction's snapshot then contains every
//! staging that preceded those acknowledgements. Once the stream is empty
//! its first sequence is one past the last, so every gap is skippable and
//! the last merge completes.
//!
//! *Which queue.* The cursor row names the queue it counts in (the
//! stream's name and creation time): a stream deleted and created again
//! numbers from 1, and would otherwise look "already merged". A store
//! moves to a new stream only when nothing is left staged from the old one.

use serde::{Deserialize, Serialize};
use sitrep_coding::Coded;
use sitrep_model::{Claim, Diagnostic, Document, Event};

use crate::db::{Conn, args};
use crate::{BATCH_DOCUMENTS, IngestOutcome, IngestSummary, Store, StoreError};

/// Schema version 4 (see `schema.rs`): the staged documents and the merge
/// cursor (one row).
pub(crate) const SCHEMA: &str = r#"
CREATE TABLE staged (
    seq           INTEGER PRIMARY KEY,
    document_json TEXT NOT NULL,
    coded_json    TEXT NOT NULL
);

CREATE TABLE stage_cursor (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    queue      TEXT NOT NULL,
    merged_seq INTEGER NOT NULL
);
"#;

/// [`SCHEMA`] on PostgreSQL.
pub(crate) const SCHEMA_PG: &str = r#"
CREATE TABLE staged (
    seq           BIGINT PRIMARY KEY,
    document_json TEXT COLLATE "C" NOT NULL,
    coded_json    TEXT COLLATE "C" NOT NULL
);

CREATE TABLE stage_cursor (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    queue      TEXT COLLATE "C" NOT NULL,
    merged_seq BIGINT NOT NULL
);
"#;

/// What staging a batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageSummary {
    /// Newly staged.
    pub staged: u64,
    /// Already staged by an earlier delivery, or already merged: nothing
    /// written.
    pub redelivered: u64,
}

/// What a merge pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeSummary {
    /// The documents written, counted as `sitrep ingest` counts them.
    pub ingest: IngestSummary,
    /// Sequences passed over because they left the queue unstaged.
    pub skipped: u64,
    /// The last merged sequence afterwards.
    pub cursor: u64,
    /// Documents still staged behind a gap.
    pub waiting: u64,
    /// Whether the pass created or moved the cursor row.
    cursor_written: bool,
}

/// One step of a merge pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Write this staged sequence.
    Merge(u64),
    /// Pass over `from..=to`: gone from the queue, never staged.
    Skip { from: u64, to: u64 },
}

/// Plans a merge pass: from `cursor + 1`, merge staged sequences and skip
/// the ones below `first_in_queue` that are not staged, stopping at the
/// first sequence that is neither (or after `max_merges` merges). `staged`
/// is ascending; entries at or below the cursor are ignored. Returns the
/// steps and the cursor after them.
pub(crate) fn plan(
    cursor: u64,
    staged: &[u64],
    first_in_queue: u64,
    max_merges: usize,
) -> (Vec<Step>, u64) {
    let mut steps = Vec::new();
    let start = cursor;
    let mut cursor = cursor;
    let mut merges = 0;
    let mut pending = staged.iter().copied().filter(|&s| s > start).peekable();
    while merges < max_merges {
        let next = cursor + 1;
        match pending.peek().copied() {
            Some(s) if s == next => {
                pending.next();
                steps.push(Step::Merge(s));
                merges += 1;
                cursor = s;
            }
            following if next < first_in_queue => {
                // Skip up to the next staged sequence or the queue's
                // first, whichever comes first.
                let to = following.map_or(first_in_queue - 1, |s| (s - 1).min(first_in_queue - 1));
                steps.push(Step::Skip { from: next, to });
                cursor = to;
            }
            _ => break,
        }
    }
    (steps, cursor)
}

/// The coding of a staged document, as stored in `coded_json`.
#[derive(Serialize)]
struct CodedRef<'a> {
    events: &'a [Event],
    claims: &'a [Claim],
    diagnostics: &'a [Diagnostic],
}

#[derive(Deserialize)]
struct CodedOwned {
    events: Vec<Event>,
    claims: Vec<Claim>,
    diagnostics: Vec<Diagnostic>,
}

fn json<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// A sequence number as the database stores it.
fn db_seq(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

fn staged_count(conn: &Conn) -> Result<u64, StoreError> {
    let n: i64 = conn.query_one("SELECT count(*) FROM staged", &[])?.get(0)?;
    Ok(n.max(0) as u64)
}

/// The cursor for `queue`, creating the row on first use. A store bound to
/// another queue moves to this one only when nothing is staged.
fn cursor(tx: &Conn, queue: &str) -> Result<u64, StoreError> {
    Ok(cursor_row(tx, queue)?.0)
}

/// [`cursor`], and whether it wrote the row (first use, or a move to
/// another queue): a merge pass that found nothing to do commits only
/// then.
fn cursor_row(tx: &Conn, queue: &str) -> Result<(u64, bool), StoreError> {
    let row = tx.query_opt(
        "SELECT queue, merged_seq FROM stage_cursor WHERE id = 1",
        &[],
    )?;
    let row: Option<(String, i64)> = match row {
        Some(r) => Some((r.get(0)?, r.get(1)?)),
        None => None,
    };
    match row {
        Some((q, seq)) if q == queue => Ok((seq.max(0) as u64, false)),
        Some((q, _)) => {
            let waiting = staged_count(tx)?;
            if waiting > 0 {
                return Err(StoreError::OtherQueue {
                    bound: q,
                    asked: queue.to_string(),
                    waiting,
                });
            }
            tx.execute(
                "UPDATE stage_cursor SET queue = ?1, merged_seq = 0 WHERE id = 1",
                args![queue],
            )?;
            Ok((0, true))
        }
        None => {
            tx.execute(
                "INSERT INTO stage_cursor (id, queue, merged_seq) VALUES (1, ?1, 0)",
                args![queue],
            )?;
            Ok((0, true))
        }
    }
}

impl Store {
    /// Stages coded documents, each under its sequence in `queue`, in one
    /// transaction. Commit this before acknowledging the messages: a
    /// worker killed in between only causes a redelivery, which stages
    /// nothing new.
    pub fn stage(
        &mut self,
        queue: &str,
        batch: &[(u64, &Document, &Coded)],
    ) -> Result<StageSummary, StoreError> {
        let tx = self.conn.write()?;
        let summary = stage_rows(&tx, queue, batch)?;
        tx.commit()?;
        Ok(summary)
    }

    /// Merges the staged run that follows the cursor, in sequence order,
    /// [`BATCH_DOCUMENTS`] to a transaction, skipping sequences below
    /// `first_in_queue` that were never staged (read the queue's first
    /// sequence *before* calling). Calls `each` for every document written,
    /// once its transaction committed.
    pub fn merge_staged(
        &mut self,
        queue: &str,
        first_in_queue: u64,
        mut each: impl FnMut(&Document, &IngestOutcome),
    ) -> Result<MergeSummary, StoreError> {
        let mut summary = MergeSummary::default();
        loop {
            let tx = self.conn.write()?;
            let Some(merged) = merge_step(&tx, queue, first_in_queue, &mut summary)? else {
                summary.waiting = staged_count(&tx)?;
                // Nothing written: a commit would still count as a change
                // of the store for PostgreSQL readers (the dashboard
                // reloads its snapshot) and wait for a disk flush.
                if summary.cursor_written {
                    tx.commit()?;
                }
                return Ok(summary);
            };
            tx.commit()?;
            for (doc, outcome) in &merged {
                summary.ingest.add(outcome);
                each(doc, outcome);
            }
        }
    }

    /// [`Store::stage`] and the first batch of [`Store::merge_staged`] in
    /// one transaction, then the rest of the merge: on a durable
    /// PostgreSQL every commit waits for a disk flush, and a worker whose
    /// batch follows the cursor (the usual case) needs only this one.
    /// `first_in_queue` may be stale (read before earlier
    /// acknowledgements): a lower first sequence only skips less.
    pub fn stage_and_merge(
        &mut self,
        queue: &str,
        batch: &[(u64, &Document, &Coded)],
        first_in_queue: u64,
        mut each: impl FnMut(&Document, &IngestOutcome),
    ) -> Result<(StageSummary, MergeSummary), StoreError> {
        let tx = self.conn.write()?;
        let staged = stage_rows(&tx, queue, batch)?;
        let mut summary = MergeSummary::default();
        let merged = merge_step(&tx, queue, first_in_queue, &mut summary)?;
        tx.commit()?;
        let Some(merged) = merged else {
            summary.waiting = staged_count(&self.conn)?;
            return Ok((staged, summary));
        };
        for (doc, outcome) in &merged {
            summary.ingest.add(outcome);
            each(doc, outcome);
        }
        let rest = self.merge_staged(queue, first_in_queue, each)?;
        summary.ingest.absorb(&rest.ingest);
        summary.skipped += rest.skipped;
        summary.cursor = summary.cursor.max(rest.cursor);
        summary.waiting = rest.waiting;
        Ok((staged, summary))
    }

    /// The queue the store is bound to, its last merged sequence and the
    /// number of documents staged (none when no worker ever ran).
    pub fn stage_status(&self) -> Result<Option<(String, u64, u64)>, StoreError> {
        let row = self.conn.query_opt(
            "SELECT queue, merged_seq FROM stage_cursor WHERE id = 1",
            &[],
        )?;
        let waiting = staged_count(&self.conn)?;
        match row {
            Some(r) => {
                let (q, s): (String, i64) = (r.get(0)?, r.get(1)?);
                Ok(Some((q, s.max(0) as u64, waiting)))
            }
            None => Ok(None),
        }
    }
}

/// Stages `batch` inside `tx` (see [`Store::stage`]).
fn stage_rows(
    tx: &Conn,
    queue: &str,
    batch: &[(u64, &Document, &Coded)],
) -> Result<StageSummary, StoreError> {
    let merged = cursor(tx, queue)?;
    let mut summary = StageSummary::default();
    for &(seq, doc, coded) in batch {
        let fresh = seq > merged
            && tx.execute(
                "INSERT INTO staged (seq, document_json, coded_json) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO NOTHING",
                args![
                    db_seq(seq),
                    json(doc)?,
                    json(&CodedRef {
                        events: &coded.events,
                        claims: &coded.claims,
                        diagnostics: &coded.diagnostics,
                    })?
                ],
            )? == 1;
        if fresh {
            summary.staged += 1;
        } else {
            summary.redelivered += 1;
        }
    }
    Ok(summary)
}

/// One batch of a merge pass inside `tx`: plans from the cursor, writes
/// the planned documents through ingest's path, and advances the cursor.
/// `None` when the plan is empty (nothing staged follows the cursor and
/// nothing can be skipped); else the documents written with their
/// outcomes, to report once `tx` has committed.
fn merge_step(
    tx: &Conn,
    queue: &str,
    first_in_queue: u64,
    summary: &mut MergeSummary,
) -> Result<Option<Vec<(Document, IngestOutcome)>>, StoreError> {
    let (start, wrote) = cursor_row(tx, queue)?;
    summary.cursor_written |= wrote;
    // Rows at or below the cursor are leftovers of nothing (staging
    // refuses them); the next batch is what the plan needs.
    let staged: Vec<u64> = tx
        .query(
            "SELECT seq FROM staged WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            args![db_seq(start), BATCH_DOCUMENTS],
        )?
        .iter()
        .map(|r| r.get::<i64>(0).map(|s| s.max(0) as u64))
        .collect::<Result<_, _>>()?;
    let (steps, end) = plan(start, &staged, first_in_queue, BATCH_DOCUMENTS);
    summary.cursor = end;
    if steps.is_empty() {
        return Ok(None);
    }
    // The plan's merges are exactly the staged rows in (start, end]: read
    // them and delete them with one statement each (round trips count on
    // PostgreSQL).
    let mut merges = 0usize;
    for step in &steps {
        match *step {
            Step::Skip { from, to } => summary.skipped += to - from + 1,
            Step::Merge(_) => merges += 1,
        }
    }
    let docs = load_staged(tx, start, end)?;
    if docs.len() != merges {
        return Err(StoreError::Corrupt(format!(
            "staged sequences {}..={end}: {} rows, the plan merges {merges}",
            start + 1,
            docs.len()
        )));
    }
    tx.execute(
        "DELETE FROM staged WHERE seq > ?1 AND seq <= ?2",
        args![db_seq(start), db_seq(end)],
    )?;
    let batch = docs.iter().map(|(d, c)| (d, c.clone())).collect();
    let outcomes = crate::ingest::write_coded_batch(tx, batch)?;
    tx.execute(
        "UPDATE stage_cursor SET merged_seq = ?1 WHERE id = 1",
        args![db_seq(end)],
    )?;
    Ok(Some(
        docs.into_iter().map(|(d, _)| d).zip(outcomes).collect(),
    ))
}

/// The staged documents with sequences in `(after, upto]`, in order.
fn load_staged(tx: &Conn, after: u64, upto: u64) -> Result<Vec<(Document, Coded)>, StoreError> {
    let rows = tx.query(
        "SELECT seq, document_json, coded_json FROM staged WHERE seq > ?1 AND seq <= ?2 ORDER BY seq",
        args![db_seq(after), db_seq(upto)],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let (seq, doc, coded): (i64, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let corrupt =
            |e: serde_json::Error| StoreError::Corrupt(format!("staged sequence {seq}: {e}"));
        let doc: Document = serde_json::from_str(&doc).map_err(corrupt)?;
        let coded: CodedOwned = serde_json::from_str(&coded).map_err(corrupt)?;
        out.push((
            doc,
            Coded {
                events: coded.events,
                claims: coded.claims,
                diagnostics: coded.diagnostics,
            },
        ));
    }
    Ok(out)
}

/// The distinct staged sequences, for tests.
#[cfg(test)]
fn staged_seqs(store: &Store) -> std::collections::BTreeSet<u64> {
    store
        .conn
        .query("SELECT seq FROM staged", &[])
        .map(|rows| {
            rows.iter()
                .filter_map(|r| r.get::<i64>(0).ok())
                .map(|s| s as u64)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Step::{Merge, Skip};

    /// The merge rules as a table: (cursor, staged, first sequence still in
    /// the queue, at most this many merges) → (steps, cursor after).
    #[test]
    fn plan_follows_the_cursor_rules() {
        /// (name, cursor, staged, first in queue, max merges, steps, cursor after).
        type Case = (
            &'static str,
            u64,
            &'static [u64],
            u64,
            usize,
            &'static [Step],
            u64,
        );
        #[rustfmt::skip]
        let cases: &[Case] = &[
            ("nothing staged, queue not past the cursor",
             0, &[], 1, 32, &[], 0),
            ("a fresh stream reports first sequence 0",
             0, &[], 0, 32, &[], 0),
            ("a contiguous run merges in order",
             0, &[1, 2, 3], 1, 32, &[Merge(1), Merge(2), Merge(3)], 3),
            ("stop at the first gap that is still in the queue",
             0, &[1, 2, 4, 5], 3, 32, &[Merge(1), Merge(2)], 2),
            ("the gap's message left the queue unstaged: skip it",
             0, &[1, 2, 4, 5], 6, 32, &[Merge(1), Merge(2), Skip { from: 3, to: 3 }, Merge(4), Merge(5)], 5),
            ("a gap before the first staged sequence waits for its redelivery",
             2, &[4, 5], 3, 32, &[], 2),
            ("an empty queue past the end: skip to its end",
             5, &[], 11, 32, &[Skip { from: 6, to: 10 }], 10),
            ("a store joining an old stream skips what left it before",
             0, &[1001, 1002], 1001, 32, &[Skip { from: 1, to: 1000 }, Merge(1001), Merge(1002)], 1002),
            ("rows at or below the cursor are ignored",
             3, &[2, 3, 4], 4, 32, &[Merge(4)], 4),
            ("a run longer than one batch stops after the batch",
             0, &[1, 2, 3, 4], 1, 2, &[Merge(1), Merge(2)], 2),
            ("a skip ends before the next staged sequence, not at the queue's first",
             0, &[3, 9], 20, 32, &[Skip { from: 1, to: 2 }, Merge(3), Skip { from: 4, to: 8 }, Merge(9), Skip { from: 10, to: 19 }], 19),
        ];
        for &(name, cursor, staged, first, max, steps, after) in cases {
            let (got, end) = plan(cursor, staged, first, max);
            assert_eq!(got, steps, "{name}");
            assert_eq!(end, after, "{name}");
        }
    }

    fn doc(id: &str, text: &str) -> Document {
        let mut d = Document::new(id, text);
        d.published = "2018-07-10".parse().ok();
        d
    }

    /// Staging then merging, in arrival orders a set of workers can
    /// produce: (name, deliveries in order as (seq, doc index), first
    /// sequence in the queue at each merge, expected cursor and staged set
    /// after each merge).
    #[test]
    fn staging_and_merging_follow_the_queue_order() {
        let docs = [
            doc(
                "a",
                "Taliban fighters attacked a police checkpoint in Ghor province on Monday, killing four policemen.",
            ),
            doc(
                "b",
                "A roadside bomb killed two civilians in Kandahar city on Tuesday, officials said.",
            ),
            doc(
                "c",
                "Government forces clashed with Taliban militants in Helmand province on Wednesday.",
            ),
        ];
        let knowledge = sitrep_coding::Knowledge::embedded().expect("knowledge");
        let coded: Vec<Coded> = docs
            .iter()
            .map(|d| sitrep_coding::code_document(&knowledge, d))
            .collect();
        type Round = (&'static [u64], u64, u64, &'static [u64]);
        #[rustfmt::skip]
        let cases: &[(&str, &[Round])] = &[
            ("in order", &[(&[1, 2, 3], 4, 3, &[])]),
            ("out of order: 3 and 2 wait for 1", &[
                (&[3], 1, 0, &[3]),
                (&[2], 1, 0, &[2, 3]),
                (&[1], 4, 3, &[]),
            ]),
            ("a redelivery of a staged or merged message changes nothing", &[
                (&[2, 2], 1, 0, &[2]),
                (&[1, 1, 2], 3, 2, &[]),
                (&[1, 3, 3], 4, 3, &[]),
            ]),
        ];
        let mut reference = Store::open_in_memory().expect("store");
        for (d, c) in docs.iter().zip(&coded) {
            reference.ingest_coded(d, c.clone()).expect("ingest");
        }
        let expected = reference.canonical_dump().expect("dump");
        // Each case twice: staging and merging in two transactions, and in
        // one (`stage_and_merge`, what workers call).
        for (&(name, rounds), together) in cases.iter().flat_map(|c| [(c, false), (c, true)]) {
            let mut store = Store::open_in_memory().expect("store");
            for &(deliveries, first, cursor_after, staged_after) in rounds {
                let batch: Vec<(u64, &Document, &Coded)> = deliveries
                    .iter()
                    .map(|&s| (s, &docs[s as usize - 1], &coded[s as usize - 1]))
                    .collect();
                let merged = if together {
                    store
                        .stage_and_merge("q@1", &batch, first, |_, _| {})
                        .expect("stage and merge")
                        .1
                } else {
                    store.stage("q@1", &batch).expect("stage");
                    store.merge_staged("q@1", first, |_, _| {}).expect("merge")
                };
                let name = format!("{name} (one transaction: {together})");
                assert_eq!(merged.cursor, cursor_after, "{name}");
                let staged: Vec<u64> = staged_seqs(&store).into_iter().collect();
                assert_eq!(staged, staged_after, "{name}");
            }
            // The same store as ingesting the three in queue order, apart
            // from the cursor row.
            let dump = store.canonical_dump().expect("dump");
            let dump = dump.replace("1\t\"q@1\"\t3\n", "");
            assert_eq!(dump, expected, "{name}");
        }
    }

    /// Another queue (a stream created again) is refused while documents
    /// of the old one wait, and taken once nothing does.
    #[test]
    fn a_new_queue_is_taken_only_when_nothing_waits() {
        let d = doc(
            "a",
            "Taliban fighters attacked a checkpoint in Ghor province.",
        );
        let coded = Coded::default();
        let mut store = Store::open_in_memory().expect("store");
        store.stage("old@1", &[(2, &d, &coded)]).expect("stage");
        let err = store.stage("new@2", &[(1, &d, &coded)]).unwrap_err();
        assert!(
            matches!(err, StoreError::OtherQueue { waiting: 1, .. }),
            "{err}"
        );
        // The old stream is empty now (first sequence 3): 1 is skipped and
        // 2 merged, so the store may move on.
        let m = store.merge_staged("old@1", 3, |_, _| {}).expect("merge");
        assert_eq!((m.skipped, m.cursor, m.ingest.documents), (1, 2, 1));
        let s = store.stage("new@2", &[(1, &d, &coded)]).expect("stage");
        assert_eq!(s.staged, 1);
        assert_eq!(
            store.stage_status().expect("status"),
            Some(("new@2".to_string(), 0, 1))
        );
    }
}
