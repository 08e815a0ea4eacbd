//! One event per incident within a report.
//!
//! A report often tells one incident several times: the headline, the lede,
//! then details sentence by sentence ("the militants open fire on the ANA",
//! "the ISIS-K members exchange fire with the Afghan vehicles"). Frames are
//! merged when they agree on the event type, the place (after discourse
//! inheritance), the actors (unordered for battles, where ACLED's actor
//! order carries no meaning) and overlapping dates. A frame whose trigger is
//! a definite noun ("the attack", "the blast") refers back to the incident
//! just told, whatever its type. The headline merges into the body incident
//! it summarises, where a place in the headline may be coarser ("in
//! Afghanistan") than in the body ("in Ghor province").
//!
//! Within one report the highest toll wins (later sentences add detail;
//! figures are not from independent sources), and attackers' deaths are
//! added once.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use sitrep_actors::Role;
use sitrep_geo::PlaceId;
use sitrep_model::{
    ActorRef, ActorType, CountryCode, Date, Event, EventDate, EventType, PloverMode, SubEventType,
};

use crate::analysis::Analysis;
use crate::classify::specificity;
use crate::frames::{Frame, is_generic_name};
use crate::places::{self, PlaceChoice};

/// Merges frames into events and builds ACLED records from them.
pub(crate) fn merge_frames(a: &Analysis, frames: Vec<Frame>) -> Vec<Event> {
    let mut groups: Vec<Vec<Frame>> = Vec::new();
    let mut index = GroupIndex::default();
    let (titles, body): (Vec<Frame>, Vec<Frame>) = frames.into_iter().partition(|f| f.title);
    for mut f in body {
        index.arrive(f.sentence);
        // Attackers killed after an attack belong to its toll: "Five
        // soldiers were killed by Jamaat-ul-Ahrar militants. 10 terrorists
        // were also killed."
        if f.attackers_toll
            && !f.date_own
            && let Some(i) = index.last_recent(&groups, f.sentence, 2, |g| {
                let last = g.last().map_or(0, |x| x.sentence);
                let lead = &g[0];
                f.sentence <= last + 2
                    && a.sentences[f.sentence].paragraph == a.sentences[last].paragraph
                    && lead.actor1.as_ref().is_none_or(|x| {
                        matches!(
                            x.inter,
                            ActorType::RebelGroups
                                | ActorType::PoliticalMilitias
                                | ActorType::IdentityMilitias
                        )
                    })
                    && slot_ok(&lead.actor1, &f.actor2)
                    && !std::ptr::eq(lead, &f)
            })
        {
            f.attackers_killed = f
                .attackers_killed
                .saturating_add(f.victims_killed.take().unwrap_or(0));
            f.additive = true;
            index.push(a, &mut groups, i, f);
            continue;
        }
        let target = if f.anaphoric {
            index.last_recent(&groups, f.sentence, 1, |g| {
                let last = g.last().map_or(0, |x| x.sentence);
                f.sentence <= last + 1
                    && a.sentences[f.sentence].paragraph == a.sentences[last].paragraph
            })
        } else {
            None
        }
        .or_else(|| index.first_compatible(a, &groups, &f));
        let i = target.unwrap_or_else(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        index.push(a, &mut groups, i, f);
    }
    for f in titles {
        // The headline summarises a body incident: the one whose actor1
        // matches it best, then the first compatible one.
        let best = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.iter().any(|x| compatible(a, x, &f, true)))
            .max_by_key(|(i, g)| {
                let same_actor1 = g.iter().any(|x| x.actor1.is_some() && x.actor1 == f.actor1);
                (same_actor1, std::cmp::Reverse(*i))
            })
            .map(|(i, _)| i);
        match best {
            Some(i) => groups[i].insert(0, f),
            None => groups.push(vec![f]),
        }
    }
    let mut events: Vec<Event> = groups.iter().filter_map(|g| build_event(a, g)).collect();
    events.sort_by_key(|e| e.evidence.first().map_or(0, |s| s.start));
    events
}

/// What [`places::same_place`] compares: two body frames of one event type
/// can merge only when their keys are equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum PlaceKey {
    None,
    Mention(PlaceId),
    Country(CountryCode),
}

impl PlaceKey {
    fn of(a: &Analysis, f: &Frame) -> PlaceKey {
        match &f.place {
            None => PlaceKey::None,
            Some(PlaceChoice::Mention { index, .. }) => PlaceKey::Mention(a.places[*index].id),
            Some(PlaceChoice::Country(c)) => PlaceKey::Country(*c),
        }
    }
}

/// A date window that spans more calendar months than this is filed in a
/// bucket's `long` list (scanned for every frame) instead of under each
/// month it touches. A year ("in 2014") touches 12 or 13.
const MONTHS_FILED: i32 = 14;

/// A month number that grows with the date: windows that share a day share
/// a month.
fn month(d: Date) -> i32 {
    i32::from(d.year()) * 12 + i32::from(d.month()) - 1
}

/// The months a window touches, or `None` for a window too long to file
/// by month (or inverted, which no constructor makes).
fn months(d: &EventDate) -> Option<(i32, i32)> {
    let (first, last) = (month(d.earliest), month(d.latest));
    (d.earliest <= d.latest && last - first < MONTHS_FILED).then_some((first, last))
}

/// The body frames of one event type and one place, by month.
#[derive(Default)]
struct Bucket {
    /// Frames (group, position in group, first month) under every month
    /// their window touches.
    by_month: BTreeMap<i32, Vec<(usize, usize, i32)>>,
    /// Frames whose window is too long to file by month.
    long: Vec<(usize, usize)>,
}

/// Finds the groups a body frame may join without comparing it with every
/// frame of the report, which made merging quadratic in the frames of one
/// document (on a 1 MB single-line page, 20 million comparisons and 41% of
/// the coder's instructions, four times as many per doubling).
///
/// Two facts make the lookups exact. Frames of one event type are
/// [`compatible`] only when their places are the same and their date
/// windows overlap, so a frame need only be compared with the frames of
/// its bucket (event type and place) that share a month with it. Frames of
/// different types merge only as one complex attack, within two sentences
/// of each other; and a group that a toll or a definite noun attaches to
/// was last added to within the last two sentences. Body frames arrive in
/// sentence order, so those groups and frames are the ones pushed since
/// that sentence: a suffix of `pushed`. Should frames ever arrive out of
/// order, every lookup falls back to the full scan.
#[derive(Default)]
struct GroupIndex {
    /// (sentence, group, position in group) of every frame pushed, in
    /// push order.
    pushed: Vec<(usize, usize, usize)>,
    buckets: HashMap<(EventType, PlaceKey), Bucket>,
    out_of_order: bool,
    last_sentence: usize,
}

impl GroupIndex {
    /// Notes the sentence of the next body frame.
    fn arrive(&mut self, sentence: usize) {
        if sentence < self.last_sentence {
            self.out_of_order = true;
        }
        self.last_sentence = sentence;
    }

    /// Adds `f` to group `gi` (which exists).
    fn push(&mut self, a: &Analysis, groups: &mut [Vec<Frame>], gi: usize, f: Frame) {
        let Some(group) = groups.get_mut(gi) else {
            return;
        };
        let pos = group.len();
        self.pushed.push((f.sentence, gi, pos));
        let bucket = self
            .buckets
            .entry((f.coding.sub_event_type.event_type(), PlaceKey::of(a, &f)))
            .or_default();
        match months(&f.date) {
            Some((first, last)) => {
                for m in first..=last {
                    bucket.by_month.entry(m).or_default().push((gi, pos, first));
                }
            }
            None => bucket.long.push((gi, pos)),
        }
        group.push(f);
    }

    /// The last group satisfying `pred`, which can hold only for groups
    /// last added to at most `window` sentences before `sentence`.
    fn last_recent(
        &self,
        groups: &[Vec<Frame>],
        sentence: usize,
        window: usize,
        pred: impl Fn(&Vec<Frame>) -> bool,
    ) -> Option<usize> {
        if self.out_of_order {
            return groups.iter().rposition(pred);
        }
        let from = self
            .pushed
            .partition_point(|&(s, _, _)| s + window < sentence);
        self.pushed[from..]
            .iter()
            .map(|&(_, gi, _)| gi)
            .filter(|&gi| groups.get(gi).is_some_and(&pred))
            .max()
    }

    /// The first group holding a frame [`compatible`] with `f`.
    fn first_compatible(&self, a: &Analysis, groups: &[Vec<Frame>], f: &Frame) -> Option<usize> {
        if self.out_of_order {
            return groups
                .iter()
                .position(|g| g.iter().any(|x| compatible(a, x, f, false)));
        }
        let mut best: Option<usize> = None;
        let mut consider = |gi: usize, pos: usize| {
            if best.is_some_and(|b| gi >= b) {
                return;
            }
            if let Some(x) = groups.get(gi).and_then(|g| g.get(pos))
                && compatible(a, x, f, false)
            {
                best = Some(gi);
            }
        };
        // One complex attack told as several types: the frames of the last
        // two sentences.
        let from = self.pushed.partition_point(|&(s, _, _)| s + 2 < f.sentence);
        for &(_, gi, pos) in &self.pushed[from..] {
            consider(gi, pos);
        }
        let key = (f.coding.sub_event_type.event_type(), PlaceKey::of(a, f));
        if let Some(bucket) = self.buckets.get(&key) {
            for &(gi, pos) in &bucket.long {
                consider(gi, pos);
            }
            match months(&f.date) {
                // Each frame once: at the first month it shares with `f`.
                Some((first, last)) => {
                    for (&m, frames) in bucket.by_month.range(first..=last) {
                        for &(gi, pos, own_first) in frames {
                            if own_first.max(first) == m {
                                consider(gi, pos);
                            }
                        }
                    }
                }
                None => {
                    for (&m, frames) in &bucket.by_month {
                        for &(gi, pos, own_first) in frames {
                            if own_first == m {
                                consider(gi, pos);
                            }
                        }
                    }
                }
            }
        }
        best
    }
}

/// Whether two frames can be one incident. `headline` relaxes the place
/// rule to nesting.
fn compatible(a: &Analysis, x: &Frame, y: &Frame, headline: bool) -> bool {
    if x.coding.sub_event_type.event_type() != y.coding.sub_event_type.event_type() {
        return same_complex_attack(a, x, y);
    }
    let place_ok = match (&x.place, &y.place) {
        (Some(p), Some(q)) if headline => places::nested(a, p, q) || places::nested(a, q, p),
        (Some(p), Some(q)) => places::same_place(a, p, q),
        (None, None) => true,
        _ => headline,
    };
    if !place_ok {
        return false;
    }
    if !x.date.overlaps(&y.date) {
        return false;
    }
    let battle = x.coding.sub_event_type.event_type() == EventType::Battles;
    actors_compatible(x, y, battle)
}

/// One attack told as several kinds of violence ("The Taliban stormed a
/// court building, killing 9. A firefight broke out between them and the
/// police"; a suicide bomber opening a gun assault): political violence by
/// the same attacker, at the same place, in neighbouring sentences of one
/// paragraph. The most specific type names the merged event.
fn same_complex_attack(a: &Analysis, x: &Frame, y: &Frame) -> bool {
    let violent = |f: &Frame| {
        matches!(
            f.coding.sub_event_type.event_type(),
            EventType::Battles
                | EventType::ExplosionsRemoteViolence
                | EventType::ViolenceAgainstCivilians
        )
    };
    let near = x.sentence.abs_diff(y.sentence) <= 2
        && a.sentences[x.sentence].paragraph == a.sentences[y.sentence].paragraph;
    let place = match (&x.place, &y.place) {
        (Some(p), Some(q)) => places::same_place(a, p, q),
        _ => false,
    };
    // The attacker must be the same one: named on at least one side, and
    // not contradicted.
    let attacker =
        slot_ok(&x.actor1, &y.actor1) && (x.actor1.as_ref().or(y.actor1.as_ref())).is_some();
    violent(x) && violent(y) && near && place && attacker && x.date.overlaps(&y.date)
}

fn wildcard(a: &Option<ActorRef>) -> bool {
    a.as_ref().is_none_or(|x| is_generic_name(&x.name))
}

fn slot_ok(p: &Option<ActorRef>, q: &Option<ActorRef>) -> bool {
    wildcard(p) || wildcard(q) || p == q
}

fn actors_compatible(x: &Frame, y: &Frame, unordered: bool) -> bool {
    let ordered = slot_ok(&x.actor1, &y.actor1) && slot_ok(&x.actor2, &y.actor2);
    if ordered {
        return true;
    }
    unordered && slot_ok(&x.actor1, &y.actor2) && slot_ok(&x.actor2, &y.actor1)
}

fn build_event(a: &Analysis, g: &[Frame]) -> Option<Event> {
    // The most specific coding among the frames (ties: the first body
    // frame's).
    let lead = g.iter().max_by_key(|f| {
        (
            specificity(f.coding.sub_event_type),
            !f.title,
            std::cmp::Reverse(f.sentence),
        )
    })?;
    let coding = lead.coding;
    let sub = coding.sub_event_type;

    let named = |x: &Option<ActorRef>| x.as_ref().filter(|r| !is_generic_name(&r.name)).cloned();
    // Frames that refer back ("the blast was a response to ...") only fill
    // gaps: the frames that tell the incident name its actors first.
    let first = |pick: &dyn Fn(&Frame) -> Option<ActorRef>| {
        g.iter()
            .filter(|f| !f.anaphoric)
            .find_map(pick)
            .or_else(|| g.iter().find_map(pick))
    };
    let mut actor1 = first(&|f| named(&f.actor1)).or_else(|| first(&|f| f.actor1.clone()));
    let mut actor2 = first(&|f| named(&f.actor2).filter(|x| Some(x) != actor1.as_ref()))
        .or_else(|| first(&|f| f.actor2.clone().filter(|x| Some(x) != actor1.as_ref())));
    // In a battle told from both sides, the lead frame's order wins.
    if sub.event_type() == EventType::Battles
        && let (Some(l1), Some(x2)) = (&lead.actor1, &actor2)
        && l1 == x2
    {
        std::mem::swap(&mut actor1, &mut actor2);
    }

    let place_choice: Option<PlaceChoice> = g
        .iter()
        .filter(|f| f.place_own && !f.title)
        .find_map(|f| f.place.clone())
        .or_else(|| {
            g.iter()
                .filter(|f| f.place_own)
                .find_map(|f| f.place.clone())
        })
        .or_else(|| g.iter().find_map(|f| f.place.clone()));
    let place = place_choice.as_ref().and_then(|p| p.to_place(a));
    let country = place_choice.as_ref().and_then(|p| p.country(a)).or(a.focus);
    let date = g
        .iter()
        .filter(|f| f.date_own && !f.title)
        .map(|f| f.date)
        .next()
        .or_else(|| g.iter().find(|f| f.date_own).map(|f| f.date))
        .unwrap_or(lead.date);

    // The toll: the highest count of victims, plus attackers once.
    // Restated tolls compete (the largest wins); tolls that say "also"
    // add up.
    let restated = g
        .iter()
        .filter(|f| !f.also)
        .filter_map(|f| f.victims_killed)
        .max();
    let added: Vec<u32> = g
        .iter()
        .filter(|f| f.also)
        .filter_map(|f| f.victims_killed)
        .collect();
    let victims = if added.is_empty() {
        restated
    } else {
        Some(restated.unwrap_or(0).saturating_add(added.iter().sum()))
    };
    let attackers = g
        .iter()
        .filter(|f| !f.additive)
        .map(|f| f.attackers_killed)
        .max()
        .unwrap_or(0)
        .saturating_add(
            g.iter()
                .filter(|f| f.additive)
                .map(|f| f.attackers_killed)
                .sum(),
        );
    let fatalities = match victims {
        Some(v) => Some(v.saturating_add(attackers)),
        None if attackers > 0 => Some(attackers),
        None => None,
    };
    let injured = g.iter().filter_map(|f| f.injured).max();

    let generic = |role: Role| a.generic(role, country, date.date);
    let actor1 = match actor1 {
        Some(x) => x,
        None => match sub.event_type() {
            EventType::Protests => generic(Role::Protesters),
            EventType::Riots => generic(Role::Rioters),
            EventType::StrategicDevelopments => match sub {
                SubEventType::Arrests => generic(Role::Police),
                SubEventType::DisruptedWeaponsUse => generic(Role::Military),
                SubEventType::LootingPropertyDestruction
                | SubEventType::ChangeToGroupActivity
                | SubEventType::HeadquartersOrBaseEstablished
                | SubEventType::NonViolentTransferOfTerritory
                | SubEventType::Other => generic(Role::UnidentifiedArmedGroup),
                // An agreement with nobody named is between authorities.
                SubEventType::Agreement => generic(Role::Government),
                _ => generic(Role::UnidentifiedArmedGroup),
            },
            _ => generic(Role::UnidentifiedArmedGroup),
        },
    };
    let actor1 = sitrep_actors::code_abroad(actor1, country);
    let actor2 = actor2
        .filter(|x| *x != actor1)
        .map(|x| sitrep_actors::code_abroad(x, country));

    let mut sentences: Vec<Range<usize>> =
        g.iter().flat_map(|f| f.evidence.iter().cloned()).collect();
    sentences.sort_by_key(|r| (r.start, r.end));
    sentences.dedup();
    let evidence: Vec<_> = sentences.iter().map(|r| a.to_original(r.clone())).collect();
    // The evidence sentences with their whitespace collapsed, joined by
    // spaces, written into one string (no vector of words per sentence).
    let mut notes = String::with_capacity(
        evidence
            .iter()
            .map(|sp| sp.end.saturating_sub(sp.start) + 1)
            .sum(),
    );
    for (i, sp) in evidence.iter().enumerate() {
        if i > 0 {
            notes.push(' ');
        }
        for (j, word) in a.doc.slice(*sp).split_whitespace().enumerate() {
            if j > 0 {
                notes.push(' ');
            }
            notes.push_str(word);
        }
    }
    let hedged = g.iter().all(|f| !f.hedges.is_empty());
    let mut hedges: Vec<String> = g.iter().flat_map(|f| f.hedges.iter().cloned()).collect();
    hedges.sort();
    hedges.dedup();
    if !hedged {
        hedges.clear();
    }
    let civilian_targeting = g.iter().any(|f| f.civilian_targeting)
        || (sub.event_type() == EventType::ViolenceAgainstCivilians);
    let mut tags = Vec::new();
    if matches!(sub.event_type(), EventType::Protests | EventType::Riots) {
        tags.push("crowd size=no report".to_string());
    }

    Some(Event {
        doc_id: a.doc.id.clone(),
        sub_event_type: sub,
        actor1,
        assoc_actor_1: Vec::new(),
        actor2,
        assoc_actor_2: Vec::new(),
        civilian_targeting,
        place,
        date,
        fatalities,
        injured,
        cameo: sitrep_model::CameoCode::new(coding.cameo).ok()?,
        plover: coding.plover,
        plover_mode: coding.mode.map(PloverMode::new),
        hedged,
        hedges,
        evidence,
        notes,
        source: a.doc.source.clone(),
        source_scale: None,
        tags,
    })
}
