//! From what a clause says to ACLED's sub-event type, with the CAMEO code and
//! PLOVER category beside it.
//!
//! The decision follows ACLED's codebook (see `CODEBOOK.md` in the shared
//! material): the means decides first (chemical, suicide, air, shelling,
//! grenade, remote explosive), then who was hit (an armed, organised target
//! makes a battle; unarmed civilians make violence against civilians), then
//! the crowd events and strategic developments. The order of the checks is
//! the precedence between trigger classes, with three exceptions the
//! codebook makes: weapons seized or defused with nobody hurt are disrupted
//! weapons use, not a bombing; sexual violence is sexual violence wherever it
//! happens; and a crowd event is told apart by who used force on whom
//! (demonstrators throwing stones make a violent demonstration, police
//! beating peaceful marchers excessive force).
//!
//! [`Facts`] say what the clause itself names; a [`Background`] says what the
//! sentence around it adds (context cues, the subject, crowd violence in
//! another clause), read by [`nonevents`](crate::nonevents).

use sitrep_lexicon::{Context, TriggerClass, VictimKind, Weapon};
use sitrep_model::{ActorType, PloverCategory, SubEventType};

use crate::analysis::is_armed;

/// The frame reader's entry point: a clause coded against its sentence's
/// background, non-events dropped.
pub(crate) use crate::nonevents::code_clause;

/// Which kinds of people or targets a clause names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Kinds {
    pub civilian: bool,
    pub security: bool,
    pub combatant: bool,
    pub official: bool,
    pub person: bool,
}

impl Kinds {
    pub fn add(&mut self, k: VictimKind) {
        match k {
            VictimKind::Civilian => self.civilian = true,
            VictimKind::Security => self.security = true,
            VictimKind::Combatant => self.combatant = true,
            VictimKind::Official => self.official = true,
            VictimKind::Person => self.person = true,
        }
    }

    pub fn armed(&self) -> bool {
        self.security || self.combatant
    }

    pub fn unarmed(&self) -> bool {
        self.civilian || self.official || self.person
    }
}

/// What the coder knows about a clause when it classifies it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Facts {
    /// Trigger classes in the clause (strong ones; weak ones when there are
    /// no strong ones).
    pub classes: Vec<TriggerClass>,
    pub weapons: Vec<Weapon>,
    /// Lower-cased trigger words, for the finer CAMEO codes ("roadside").
    pub surface: String,
    pub actor1: Option<ActorType>,
    pub actor2: Option<ActorType>,
    /// Whose people were killed, hurt or named as targets.
    pub victims: Kinds,
    /// Whose places or things were attacked.
    pub targets: Kinds,
    pub killed: Option<u32>,
    /// The clause names a territory (a place) as the object of a capture.
    pub territory: bool,
    /// Protesters or demonstrators are named in the sentence.
    pub protesters: bool,
    /// A mob or rioters are named in the sentence.
    pub rioters: bool,
}

/// What the sentence around a clause adds to its facts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Background {
    /// Context cues named anywhere in the sentence.
    sentence: Vec<Context>,
    /// Context cues named in the clause itself.
    clause: Vec<Context>,
    /// A reaction word ("condemned", "mourned") comes before the predicate.
    pub reaction_before: bool,
    /// The clause says people were hurt.
    pub injured: bool,
    /// Another clause of the sentence tells crowd violence (stones thrown,
    /// windows smashed, cars torched).
    pub crowd_violence: bool,
    /// The clause's subject is state forces ("Syrian army and allied
    /// fighters captured ...").
    pub state_subject: bool,
    /// The clause's subject is a non-state armed group.
    pub non_state_subject: bool,
    /// A non-state armed group is named in the sentence.
    pub armed_group_named: bool,
    /// The sentence says someone did harm on purpose: a bomb, a gun, an
    /// attack, an armed group, a claim of responsibility.
    pub deliberate: bool,
    /// The clause names ground as its object (a place, "the town", "the
    /// base"); for a withdrawal, anywhere in the clause.
    pub territory: bool,
    /// The sentence tells fighting that is not denied ("without clashes").
    pub fighting: bool,
    /// A withdrawal in the clause names the ground given up.
    pub transfer_ground: bool,
    /// Fighting (a clash trigger) is told in the sentence or its
    /// neighbours.
    pub clash: bool,
    /// The clause tells of a protest someone tried to hold.
    pub protest_attempted: bool,
    /// Another clause of the sentence tells the authorities breaking up a
    /// crowd ("rallies in Tampa and St. Petersburg took a turn when police
    /// used smoke grenades").
    pub intervention_elsewhere: bool,
    /// A word for something ahead stands next to the predicate ("calls for
    /// protests", "a rally scheduled for Friday").
    pub prospect: bool,
}

impl Background {
    /// A background naming these contexts in the clause (for tests).
    #[cfg(test)]
    pub fn with(contexts: &[Context]) -> Background {
        let mut b = Background::default();
        for &k in contexts {
            b.add_sentence(k);
            b.add_clause(k);
        }
        b
    }

    pub fn add_sentence(&mut self, k: Context) {
        if !self.sentence.contains(&k) {
            self.sentence.push(k);
        }
    }

    pub fn add_clause(&mut self, k: Context) {
        if !self.clause.contains(&k) {
            self.clause.push(k);
        }
    }

    /// The sentence names this context.
    pub fn has(&self, k: Context) -> bool {
        self.sentence.contains(&k)
    }

    /// The clause itself names this context.
    pub fn has_in_clause(&self, k: Context) -> bool {
        self.clause.contains(&k)
    }
}

/// The codes for one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Coding {
    pub sub_event_type: SubEventType,
    pub cameo: &'static str,
    pub plover: PloverCategory,
    pub mode: Option<&'static str>,
}

fn coding(
    sub_event_type: SubEventType,
    cameo: &'static str,
    plover: PloverCategory,
    mode: Option<&'static str>,
) -> Option<Coding> {
    Some(Coding {
        sub_event_type,
        cameo,
        plover,
        mode,
    })
}

/// Classifies a clause on its own facts, or `None` when its cues do not
/// make an ACLED event.
#[cfg(test)]
pub(crate) fn classify(f: &Facts) -> Option<Coding> {
    let bg = Background {
        territory: f.territory,
        ..Background::default()
    };
    classify_with(f, &bg)
}

/// Classifies a clause told against a background, or `None` when its cues
/// do not make an ACLED event.
pub(crate) fn classify_with(f: &Facts, bg: &Background) -> Option<Coding> {
    use PloverCategory::*;
    use SubEventType::*;
    use TriggerClass as T;
    let has = |c: TriggerClass| f.classes.contains(&c);
    let weapon = |w: Weapon| f.weapons.contains(&w);
    let violent = [
        T::Kill,
        T::Attack,
        T::Clash,
        T::Shooting,
        T::Stab,
        T::Massacre,
        T::Execute,
        T::Assassinate,
        T::Explosion,
        T::Blast,
    ]
    .iter()
    .any(|&c| has(c));
    let hurt = f.killed.is_some_and(|k| k > 0) || bg.injured;
    let explosion = has(T::Explosion) || has(T::Blast);

    // The means first: a suicide bomber at a protest is a suicide bombing.
    if has(T::Chemical) {
        return coding(ChemicalWeapon, "2041", Assault, Some("unconventional"));
    }
    if has(T::Suicide) {
        return coding(SuicideBomb, "1831", Assault, Some("suicide-attack"));
    }
    // Aircraft destroying things ("warplanes destroyed an arms depot") is
    // an air strike; a drone shot down is not.
    let air_destroys = has(T::Loot) || (has(T::Disrupt) && f.surface.contains("destroy"));
    let air_means = weapon(Weapon::Aircraft) || weapon(Weapon::Drone);
    if has(T::Air)
        || (air_means
            && (explosion || has(T::Attack) || has(T::Kill) || has(T::Shelling) || air_destroys))
    {
        let mode = if weapon(Weapon::Drone) || f.surface.contains("drone") {
            "drone"
        } else {
            "aerial"
        };
        return coding(AirDroneStrike, "195", Assault, Some(mode));
    }
    // Weapons seized, found, intercepted or defused with nobody hurt: the
    // bomb or missile named beside them was never used.
    let used = [
        T::Kill,
        T::Stab,
        T::Massacre,
        T::Execute,
        T::Assassinate,
        T::Clash,
    ]
    .iter()
    .any(|&c| has(c));
    if has(T::Disrupt) && !hurt && !used {
        return coding(DisruptedWeaponsUse, "1711", Coerce, Some("seize"));
    }
    if has(T::Shelling) || (weapon(Weapon::Artillery) && (has(T::Attack) || has(T::Kill))) {
        return coding(
            ShellingArtilleryMissileAttack,
            "194",
            Assault,
            Some("heavy-weapons"),
        );
    }
    if has(T::Grenade) {
        return coding(Grenade, "183", Assault, Some("explosives"));
    }
    if explosion || (weapon(Weapon::Explosive) && (has(T::Attack) || has(T::Kill))) {
        let cameo = if f.surface.contains("car bomb")
            || f.surface.contains("vehicle")
            || f.surface.contains("truck bomb")
        {
            "1832"
        } else if f.surface.contains("roadside")
            || f.surface.contains("landmine")
            || f.surface.contains("mine")
        {
            "1833"
        } else {
            "183"
        };
        return coding(
            RemoteExplosiveLandmineIed,
            cameo,
            Assault,
            Some("explosives"),
        );
    }

    // Sexual violence is coded as such wherever it happens ("raped women as
    // they dispersed the protesters").
    if has(T::Sexual) {
        return coding(SexualViolence, "1821", Assault, Some("sexual"));
    }

    // Crowd events: a protest that turns violent is still a crowd event,
    // whatever the violence words (but a bombing during a protest is a
    // bombing, decided above). Troops "marching" on a town are no protest.
    let state_agent = (is_state(f.actor1) || bg.state_subject) && !bg.non_state_subject;
    let marching_troops = (bg.state_subject || bg.non_state_subject)
        && !f.protesters
        && !has(T::Intervention)
        && !has(T::Arrest)
        && f.surface.contains("march");
    let protest = (has(T::Protest) && !marching_troops)
        || (f.protesters && (has(T::Intervention) || violent));
    if protest {
        // Demonstrators using force make a violent demonstration, whoever
        // else used force too; "clashes" at a protest take two sides.
        let crowd_is_actor1 = matches!(f.actor1, Some(ActorType::Protesters | ActorType::Rioters));
        let crowd_agent = !state_agent;
        let crowd_violent = has(T::Riot)
            || bg.crowd_violence
            || has(T::Clash)
            || (crowd_agent && (has(T::Arson) || has(T::Loot)))
            || (has(T::Attack) && crowd_is_actor1);
        if crowd_violent {
            return coding(ViolentDemonstration, "145", Protest, Some("riot"));
        }
        // Force against the crowd: deaths, shooting, beatings, or people
        // hurt when the authorities broke it up.
        let lethal = f.killed.is_some_and(|k| k > 0)
            || has(T::Shooting)
            || (has(T::Kill) && f.victims.civilian);
        // Beating or attacking a crowd, force said to be brutal or
        // excessive, people hurt as it was broken up.
        let beaten = !crowd_is_actor1 && (has(T::Attack) || has(T::Kill) || has(T::Stab));
        let forceful = bg.has_in_clause(Context::Force);
        let harsh = (forceful && !crowd_is_actor1) || (bg.injured && has(T::Intervention));
        if (lethal
            && (has(T::Intervention)
                || state_agent
                || is_state(f.actor2)
                || has(T::Shooting)
                || forceful))
            || beaten
            || harsh
        {
            return coding(
                ExcessiveForceAgainstProtesters,
                "175",
                Assault,
                Some("crowd-control"),
            );
        }
        if has(T::Intervention) || has(T::Arrest) || bg.intervention_elsewhere {
            return coding(ProtestWithIntervention, "141", Protest, Some("demo"));
        }
        return coding(PeacefulProtest, "141", Protest, Some("demo"));
    }
    // Arrests of people trying to demonstrate: the protest was stopped.
    if bg.protest_attempted && (has(T::Arrest) || has(T::Intervention)) {
        return coding(ProtestWithIntervention, "141", Protest, Some("demo"));
    }
    // Rioters using force; a mob or communal violence with no
    // demonstration is mob violence.
    if has(T::Riot) || (f.rioters && (violent || has(T::Arson) || has(T::Loot)) && !state_agent) {
        let mob = [
            "mob",
            "lynch",
            "communal",
            "sectarian",
            "ethnic",
            "brawl",
            "vigilante",
        ]
        .iter()
        .any(|w| f.surface.contains(w));
        if mob {
            return coding(MobViolence, "145", Protest, Some("riot"));
        }
        return coding(ViolentDemonstration, "145", Protest, Some("riot"));
    }

    // Harm to people.
    if has(T::Abduct) {
        return coding(AbductionForcedDisappearance, "181", Assault, Some("abduct"));
    }

    // Territory. Ground taken without a fight, or after the other side
    // withdrew, changes hands without violence.
    let territory = bg.territory;
    if (has(T::Regain) || has(T::Capture)) && territory {
        if bg.has_in_clause(Context::Unopposed) || (bg.transfer_ground && !bg.fighting) {
            return coding(
                NonViolentTransferOfTerritory,
                "0874",
                Retreat,
                Some("withdraw"),
            );
        }
        // The subject says who took the ground; without one, the actor
        // read for the clause. "Recaptured", "liberated", "freed" are said
        // of the government unless a group is named as the one taking the
        // ground back.
        let non_state = bg.non_state_subject
            || (!bg.state_subject
                && !has(T::Regain)
                && matches!(
                    f.actor1,
                    Some(
                        ActorType::RebelGroups
                            | ActorType::PoliticalMilitias
                            | ActorType::IdentityMilitias
                    )
                ));
        if (state_agent || has(T::Regain)) && !non_state {
            return coding(GovernmentRegainsTerritory, "190", Assault, None);
        }
        if has(T::Capture) || f.actor1.is_some() || non_state {
            return coding(
                NonStateActorOvertakesTerritory,
                "192",
                Coerce,
                Some("seize"),
            );
        }
    }

    if violent {
        let armed_target = is_armed_opt(f.actor2)
            || (f.actor2.is_none()
                && (f.victims.armed() || f.targets.armed())
                && !f.victims.unarmed());
        let civilian_target = f.actor2 == Some(ActorType::Civilians)
            || (f.actor2.is_none() && (f.victims.unarmed() || f.targets.civilian));
        let (cameo, mode) = if has(T::Massacre) {
            ("202", Some("massacre"))
        } else if has(T::Execute) {
            ("180", Some("execute"))
        } else if has(T::Assassinate) {
            ("186", Some("assassinate"))
        } else if has(T::Stab) || weapon(Weapon::Blade) {
            ("180", Some("primitive"))
        } else if has(T::Shooting) || weapon(Weapon::Firearm) {
            ("180", Some("firearms"))
        } else {
            ("180", None)
        };
        if has(T::Clash) && !civilian_target {
            return coding(ArmedClash, clash_cameo(f), Assault, clash_mode(f));
        }
        if armed_target && !has(T::Massacre) && !has(T::Execute) && !weapon(Weapon::Vehicle) {
            return coding(ArmedClash, clash_cameo(f), Assault, clash_mode(f));
        }
        if civilian_target || has(T::Massacre) || has(T::Execute) || has(T::Stab) {
            return coding(Attack, cameo, Assault, mode);
        }
        // Nobody named on the receiving end: an armed actor on each side
        // is a battle; otherwise ACLED's default for an attack by an armed
        // group on unnamed people is violence against civilians.
        if is_armed_opt(f.actor1) && is_armed_opt(f.actor2) {
            return coding(ArmedClash, clash_cameo(f), Assault, clash_mode(f));
        }
        if has(T::Clash) {
            return coding(ArmedClash, clash_cameo(f), Assault, clash_mode(f));
        }
        return coding(Attack, cameo, Assault, mode);
    }

    // Strategic developments.
    if has(T::Capture) {
        // Capturing people: state forces arrest, others abduct.
        return if is_state(f.actor1) {
            coding(Arrests, "173", Coerce, Some("arrest"))
        } else if f.victims != Kinds::default() {
            coding(AbductionForcedDisappearance, "181", Assault, Some("abduct"))
        } else {
            None
        };
    }
    if has(T::Arrest) {
        return coding(Arrests, "173", Coerce, Some("arrest"));
    }
    if has(T::Agreement) {
        return if f.surface.contains("ceasefire")
            || f.surface.contains("cease-fire")
            || f.surface.contains("truce")
        {
            coding(Agreement, "0871", Retreat, Some("ceasefire"))
        } else {
            coding(Agreement, "057", Support, None)
        };
    }
    if has(T::Disrupt) {
        return coding(DisruptedWeaponsUse, "1711", Coerce, Some("seize"));
    }
    if has(T::Arson) || has(T::Loot) {
        return coding(LootingPropertyDestruction, "1712", Assault, Some("seize"));
    }
    if has(T::Base) {
        return coding(
            HeadquartersOrBaseEstablished,
            "154",
            Mobilize,
            Some("troops"),
        );
    }
    if has(T::GroupChange) {
        return coding(ChangeToGroupActivity, "154", Mobilize, None);
    }
    if has(T::Transfer) && (territory || bg.has_in_clause(Context::Unopposed)) {
        return coding(
            NonViolentTransferOfTerritory,
            "0874",
            Retreat,
            Some("withdraw"),
        );
    }
    if has(T::Intervention) {
        // Tear gas or dispersal with nobody named as protesting: still a
        // crowd the authorities broke up, with excessive force when people
        // were hurt or the force is called brutal.
        if bg.injured || bg.has_in_clause(Context::Force) {
            return coding(
                ExcessiveForceAgainstProtesters,
                "175",
                Assault,
                Some("crowd-control"),
            );
        }
        return coding(ProtestWithIntervention, "141", Protest, Some("demo"));
    }
    None
}

fn clash_cameo(f: &Facts) -> &'static str {
    if f.weapons.contains(&Weapon::Firearm)
        || f.weapons.contains(&Weapon::Infantry)
        || f.classes.contains(&TriggerClass::Shooting)
    {
        "193"
    } else {
        "190"
    }
}

fn clash_mode(f: &Facts) -> Option<&'static str> {
    (clash_cameo(f) == "193").then_some("firearms")
}

fn is_state(a: Option<ActorType>) -> bool {
    matches!(
        a,
        Some(ActorType::StateForces | ActorType::ExternalOtherForces)
    )
}

fn is_armed_opt(a: Option<ActorType>) -> bool {
    a.is_some_and(is_armed)
}

/// How specific a sub-event type is, to pick one when merging mentions of
/// one incident ("an explosion" and "a suicide bomber blew himself up").
pub(crate) fn specificity(t: SubEventType) -> u8 {
    use SubEventType::*;
    match t {
        ChemicalWeapon | SuicideBomb | AirDroneStrike => 9,
        ShellingArtilleryMissileAttack | Grenade => 8,
        RemoteExplosiveLandmineIed => 7,
        SexualViolence | AbductionForcedDisappearance => 6,
        GovernmentRegainsTerritory | NonStateActorOvertakesTerritory => 6,
        ExcessiveForceAgainstProtesters | ViolentDemonstration | MobViolence => 5,
        ProtestWithIntervention => 4,
        ArmedClash | Attack => 3,
        PeacefulProtest => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(classes: &[TriggerClass]) -> Facts {
        Facts {
            classes: classes.to_vec(),
            ..Facts::default()
        }
    }

    #[test]
    fn sub_event_types_by_codebook_rule() {
        use ActorType as A;
        use SubEventType as S;
        use TriggerClass as T;
        let civilians = Kinds {
            civilian: true,
            ..Kinds::default()
        };
        let soldiers = Kinds {
            security: true,
            ..Kinds::default()
        };
        let table: Vec<(&str, Facts, Option<SubEventType>)> = vec![
            (
                "airstrike",
                facts(&[T::Air, T::Kill]),
                Some(S::AirDroneStrike),
            ),
            (
                "suicide beats explosion",
                facts(&[T::Explosion, T::Suicide]),
                Some(S::SuicideBomb),
            ),
            (
                "bomb",
                facts(&[T::Explosion]),
                Some(S::RemoteExplosiveLandmineIed),
            ),
            (
                "kill with aircraft",
                Facts {
                    weapons: vec![Weapon::Aircraft],
                    ..facts(&[T::Kill])
                },
                Some(S::AirDroneStrike),
            ),
            (
                "gunmen kill villagers",
                Facts {
                    victims: civilians,
                    ..facts(&[T::Kill])
                },
                Some(S::Attack),
            ),
            (
                "militants attack soldiers",
                Facts {
                    victims: soldiers,
                    actor1: Some(A::RebelGroups),
                    ..facts(&[T::Attack])
                },
                Some(S::ArmedClash),
            ),
            (
                "attack on state forces",
                Facts {
                    actor1: Some(A::RebelGroups),
                    actor2: Some(A::StateForces),
                    ..facts(&[T::Attack])
                },
                Some(S::ArmedClash),
            ),
            ("clash", facts(&[T::Clash]), Some(S::ArmedClash)),
            (
                "kidnapping",
                facts(&[T::Abduct]),
                Some(S::AbductionForcedDisappearance),
            ),
            (
                "peaceful protest",
                facts(&[T::Protest]),
                Some(S::PeacefulProtest),
            ),
            (
                "protest dispersed",
                facts(&[T::Protest, T::Intervention]),
                Some(S::ProtestWithIntervention),
            ),
            (
                "protesters shot",
                Facts {
                    killed: Some(3),
                    actor1: Some(A::StateForces),
                    ..facts(&[T::Protest, T::Shooting])
                },
                Some(S::ExcessiveForceAgainstProtesters),
            ),
            ("riot", facts(&[T::Riot]), Some(S::ViolentDemonstration)),
            (
                "a mob lynched a man",
                Facts {
                    surface: "mob".into(),
                    ..facts(&[T::Riot])
                },
                Some(S::MobViolence),
            ),
            (
                "state forces retake a town",
                Facts {
                    actor1: Some(A::StateForces),
                    territory: true,
                    ..facts(&[T::Regain])
                },
                Some(S::GovernmentRegainsTerritory),
            ),
            (
                "rebels seize a district",
                Facts {
                    actor1: Some(A::RebelGroups),
                    territory: true,
                    ..facts(&[T::Capture])
                },
                Some(S::NonStateActorOvertakesTerritory),
            ),
            ("arrest", facts(&[T::Arrest]), Some(S::Arrests)),
            (
                "ceasefire",
                Facts {
                    surface: "ceasefire".into(),
                    ..facts(&[T::Agreement])
                },
                Some(S::Agreement),
            ),
            (
                "defused",
                facts(&[T::Disrupt]),
                Some(S::DisruptedWeaponsUse),
            ),
            (
                "looting",
                facts(&[T::Loot]),
                Some(S::LootingPropertyDestruction),
            ),
            ("nothing", facts(&[]), None),
        ];
        for (name, f, want) in table {
            assert_eq!(classify(&f).map(|c| c.sub_event_type), want, "{name}");
        }
    }
}
