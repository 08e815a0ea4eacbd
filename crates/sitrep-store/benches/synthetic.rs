//! Synthetic reports for the store benchmark: deterministic, with a
//! conflict-data-like distribution.
//!
//! - 25 countries with Zipf weights (Afghanistan, Syria and Ukraine carry
//!   most events), each with its number of admin1 units, also Zipf
//!   (a few provinces see most fighting), and 40 towns per admin1;
//! - ten years of days, 85% coded to the day, 10% to a week, 5% to a month;
//! - sub-event types weighted like ACLED's global mix (clashes, shelling,
//!   attacks on civilians and protests first);
//! - per country eight named actors (state forces, police, rebel groups,
//!   militias) with Zipf weights, and the generic actors ACLED codes for
//!   the unnamed;
//! - 30% of reports retell one of the last 64 incidents, as another outlet
//!   would: sometimes with an unnamed attacker, sometimes knowing only the
//!   country, usually with another death toll. These are what merging
//!   merges.
//!
//! Each report is one document with one event (what `code_document` would
//! return), so the benchmark measures the store, not the coder. Texts carry
//! the report's number, so no two are near-duplicates, but every report
//! still pays for the near-duplicate lookup.

use sitrep_coding::Coded;
use sitrep_model::{
    ActorRef, ActorType, CameoCode, CountryCode, Date, Document, Event, EventDate, GeoPrecision,
    Place, PloverCategory, Span, SubEventType, TimePrecision,
};

/// (name, alpha-2, alpha-3, numeric, region, admin1 units)
const COUNTRIES: &[(&str, &str, &str, u16, &str, u32)] = &[
    ("Afghanistan", "AF", "AFG", 4, "South Asia", 34),
    ("Syria", "SY", "SYR", 760, "Middle East", 14),
    ("Ukraine", "UA", "UKR", 804, "Europe", 27),
    ("Yemen", "YE", "YEM", 887, "Middle East", 22),
    ("Nigeria", "NG", "NGA", 566, "Western Africa", 37),
    ("Somalia", "SO", "SOM", 706, "Eastern Africa", 18),
    ("Myanmar", "MM", "MMR", 104, "Southeast Asia", 15),
    ("Mexico", "MX", "MEX", 484, "Central America", 32),
    ("Iraq", "IQ", "IRQ", 368, "Middle East", 19),
    (
        "Democratic Republic of Congo",
        "CD",
        "COD",
        180,
        "Middle Africa",
        26,
    ),
    ("Sudan", "SD", "SDN", 729, "Northern Africa", 18),
    ("Mali", "ML", "MLI", 466, "Western Africa", 10),
    ("Burkina Faso", "BF", "BFA", 854, "Western Africa", 13),
    ("Pakistan", "PK", "PAK", 586, "South Asia", 7),
    ("India", "IN", "IND", 356, "South Asia", 36),
    ("Colombia", "CO", "COL", 170, "South America", 33),
    ("Brazil", "BR", "BRA", 76, "South America", 27),
    ("Philippines", "PH", "PHL", 608, "Southeast Asia", 17),
    ("Ethiopia", "ET", "ETH", 231, "Eastern Africa", 11),
    ("Cameroon", "CM", "CMR", 120, "Middle Africa", 10),
    ("Libya", "LY", "LBY", 434, "Northern Africa", 22),
    ("Mozambique", "MZ", "MOZ", 508, "Eastern Africa", 11),
    ("Palestine", "PS", "PSE", 275, "Middle East", 2),
    ("Lebanon", "LB", "LBN", 422, "Middle East", 8),
    ("Haiti", "HT", "HTI", 332, "Caribbean", 10),
];

const TOWNS_PER_ADMIN1: u32 = 40;
const DAYS: i64 = 3650;

/// Sub-event types with weights (per mille).
const TYPES: &[(SubEventType, u32)] = &[
    (SubEventType::ArmedClash, 260),
    (SubEventType::ShellingArtilleryMissileAttack, 140),
    (SubEventType::Attack, 140),
    (SubEventType::PeacefulProtest, 150),
    (SubEventType::AirDroneStrike, 80),
    (SubEventType::RemoteExplosiveLandmineIed, 60),
    (SubEventType::AbductionForcedDisappearance, 30),
    (SubEventType::SuicideBomb, 10),
    (SubEventType::ProtestWithIntervention, 30),
    (SubEventType::MobViolence, 20),
    (SubEventType::Arrests, 30),
    (SubEventType::LootingPropertyDestruction, 30),
    (SubEventType::NonStateActorOvertakesTerritory, 20),
];

/// xorshift64*: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

/// Cumulative Zipf weights (exponent 1.1) over `n` ranks.
fn zipf(n: usize) -> Vec<f64> {
    let mut acc = 0.0;
    (0..n)
        .map(|i| {
            acc += 1.0 / ((i + 1) as f64).powf(1.1);
            acc
        })
        .collect()
}

fn pick(rng: &mut Rng, cumulative: &[f64]) -> usize {
    let total = cumulative.last().copied().unwrap_or(1.0);
    let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
    cumulative
        .partition_point(|&c| c < x)
        .min(cumulative.len() - 1)
}

#[derive(Clone)]
struct Seed {
    country: usize,
    admin1: u32,
    town: u32,
    day: i64,
    precision: TimePrecision,
    sub: SubEventType,
    actor1: usize,
    actor2: Option<usize>,
    fatalities: Option<u32>,
}

pub struct Synthetic {
    rng: Rng,
    report: u64,
    recent: Vec<Seed>,
    country_weights: Vec<f64>,
    admin1_weights: Vec<Vec<f64>>,
    town_weights: Vec<f64>,
    actor_weights: Vec<f64>,
    epoch: Date,
}

impl Synthetic {
    pub fn new(seed: u64) -> Synthetic {
        Synthetic {
            rng: Rng(seed | 1),
            report: 0,
            recent: Vec::new(),
            country_weights: zipf(COUNTRIES.len()),
            admin1_weights: COUNTRIES.iter().map(|c| zipf(c.5 as usize)).collect(),
            town_weights: zipf(TOWNS_PER_ADMIN1 as usize),
            actor_weights: zipf(8),
            epoch: Date::constant(2015, 1, 1),
        }
    }

    fn new_seed(&mut self) -> Seed {
        let country = pick(&mut self.rng, &self.country_weights);
        let admin1 = pick(&mut self.rng, &self.admin1_weights[country]) as u32;
        let town = pick(&mut self.rng, &self.town_weights) as u32;
        let day = self.rng.below(DAYS as u64) as i64;
        let precision = match self.rng.below(100) {
            0..85 => TimePrecision::Day,
            85..95 => TimePrecision::Week,
            _ => TimePrecision::Month,
        };
        let total: u32 = TYPES.iter().map(|t| t.1).sum();
        let mut x = self.rng.below(u64::from(total)) as u32;
        let sub = TYPES
            .iter()
            .find(|(_, w)| {
                if x < *w {
                    true
                } else {
                    x -= w;
                    false
                }
            })
            .map_or(SubEventType::ArmedClash, |t| t.0);
        let actor1 = pick(&mut self.rng, &self.actor_weights);
        let actor2 = (!self.rng.chance(400)).then(|| {
            let a = pick(&mut self.rng, &self.actor_weights);
            if a == actor1 { (a + 1) % 8 } else { a }
        });
        let fatalities = (!self.rng.chance(350)).then(|| {
            let r = self.rng.below(1000) as u32;
            if r < 500 {
                r % 4
            } else if r < 900 {
                r % 20
            } else {
                r % 200
            }
        });
        Seed {
            country,
            admin1,
            town,
            day,
            precision,
            sub,
            actor1,
            actor2,
            fatalities,
        }
    }

    /// The next report: a document and what the coder would read from it.
    pub fn next_report(&mut self) -> (Document, Coded) {
        self.report += 1;
        let n = self.report;
        let retell = !self.recent.is_empty() && self.rng.chance(300);
        let (seed, generic_attacker, country_only) = if retell {
            let i = self.rng.below(self.recent.len() as u64) as usize;
            let mut s = self.recent[i].clone();
            if let Some(f) = s.fatalities.as_mut()
                && self.rng.chance(600)
            {
                *f += self.rng.below(5) as u32;
            }
            (s, self.rng.chance(200), self.rng.chance(100))
        } else {
            let s = self.new_seed();
            if self.recent.len() < 64 {
                self.recent.push(s.clone());
            } else {
                let i = self.rng.below(64) as usize;
                self.recent[i] = s.clone();
            }
            (s, false, false)
        };
        let (name, alpha2, iso3, numeric, region, _) = COUNTRIES[seed.country];
        let code = CountryCode::new(alpha2);
        let named = [
            (format!("Military Forces of {name}"), ActorType::StateForces),
            (format!("Police Forces of {name}"), ActorType::StateForces),
            (format!("{name} Liberation Front"), ActorType::RebelGroups),
            (format!("{name} National Army"), ActorType::RebelGroups),
            (
                format!("{name} Defence Militia"),
                ActorType::PoliticalMilitias,
            ),
            (
                format!("Northern Tribal Militia ({name})"),
                ActorType::IdentityMilitias,
            ),
            (format!("Islamic State ({name})"), ActorType::RebelGroups),
            (
                format!("Southern Movement ({name})"),
                ActorType::PoliticalMilitias,
            ),
        ];
        let actor = |i: usize| ActorRef::new(named[i].0.clone(), named[i].1, code);
        let generic = |what: &str, inter| ActorRef::new(format!("{what} ({name})"), inter, code);
        let et = seed.sub.event_type();
        use sitrep_model::EventType as E;
        let (actor1, actor2) = match et {
            E::Protests => (generic("Protesters", ActorType::Protesters), None),
            E::Riots => (
                generic("Rioters", ActorType::Rioters),
                Some(generic("Civilians", ActorType::Civilians)),
            ),
            E::ViolenceAgainstCivilians => (
                if generic_attacker {
                    generic("Unidentified Armed Group", ActorType::PoliticalMilitias)
                } else {
                    actor(seed.actor1)
                },
                Some(generic("Civilians", ActorType::Civilians)),
            ),
            _ => (
                if generic_attacker {
                    generic("Unidentified Armed Group", ActorType::PoliticalMilitias)
                } else {
                    actor(seed.actor1)
                },
                seed.actor2.map(actor),
            ),
        };
        let admin1 = format!("{iso3} Province {:02}", seed.admin1 + 1);
        let town = format!("{admin1} Town {}", seed.town + 1);
        let geonames = (seed.country as u32 * 100 + seed.admin1) * 100 + seed.town;
        let place = if country_only {
            Place {
                country: name.into(),
                country_code: code.expect("valid"),
                iso3: iso3.into(),
                iso_numeric: numeric,
                region: region.into(),
                admin1: None,
                admin2: None,
                admin3: None,
                location: name.into(),
                latitude: 0.0,
                longitude: 0.0,
                geo_precision: GeoPrecision::Region,
                geonames_id: Some(seed.country as u32),
            }
        } else {
            Place {
                country: name.into(),
                country_code: code.expect("valid"),
                iso3: iso3.into(),
                iso_numeric: numeric,
                region: region.into(),
                admin1: Some(admin1.clone()),
                admin2: None,
                admin3: None,
                location: town.clone(),
                latitude: f64::from(seed.admin1) * 0.3,
                longitude: f64::from(seed.town) * 0.1,
                geo_precision: GeoPrecision::Exact,
                geonames_id: Some(10_000_000 + geonames),
            }
        };
        let day = self
            .epoch
            .checked_add(jiff::Span::new().days(seed.day))
            .unwrap_or(self.epoch);
        let date = match seed.precision {
            TimePrecision::Day => EventDate::day(day),
            TimePrecision::Week => EventDate::window(
                day.checked_sub(jiff::Span::new().days(3)).unwrap_or(day),
                day.checked_add(jiff::Span::new().days(3)).unwrap_or(day),
                TimePrecision::Week,
            ),
            TimePrecision::Month => EventDate::window(
                day.first_of_month(),
                day.last_of_month(),
                TimePrecision::Month,
            ),
        };
        let outlet = format!("Outlet {}", 1 + self.rng.below(50));
        let toll = seed
            .fatalities
            .map_or("no figure".to_string(), |f| format!("{f} killed"));
        let filler: Vec<String> = (0..10)
            .map(|_| format!("w{}", self.rng.below(400)))
            .collect();
        let text = format!(
            "{outlet} report {n}: {} against {} near {town}, {name}, on {day}: {toll}. {}",
            actor1.name,
            actor2.as_ref().map_or("nobody", |a| a.name.as_str()),
            filler.join(" ")
        );
        let mut doc = Document::new(format!("syn-{n}"), text.clone());
        doc.published = day.checked_add(jiff::Span::new().days(1)).ok();
        doc.source = Some(outlet.clone());
        let event = Event {
            doc_id: doc.id.clone(),
            sub_event_type: seed.sub,
            actor1,
            assoc_actor_1: Vec::new(),
            actor2,
            assoc_actor_2: Vec::new(),
            civilian_targeting: et == E::ViolenceAgainstCivilians,
            place: Some(place),
            date,
            fatalities: seed.fatalities,
            injured: None,
            cameo: CameoCode::new("190").expect("valid"),
            plover: match et {
                E::Protests | E::Riots => PloverCategory::Protest,
                _ => PloverCategory::Assault,
            },
            plover_mode: None,
            hedged: false,
            hedges: Vec::new(),
            evidence: vec![Span::new(0, text.len())],
            notes: text,
            source: Some(outlet),
            source_scale: None,
            tags: Vec::new(),
        };
        let coded = Coded {
            events: vec![event],
            ..Coded::default()
        };
        (doc, coded)
    }
}
