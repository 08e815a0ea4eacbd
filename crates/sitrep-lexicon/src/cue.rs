//! What a lexicon entry says about the words it matches.

use std::fmt;
use std::str::FromStr;

use sitrep_model::Relation;

/// Implements `FromStr` and `Display` over lower-case names for the enums of
/// the lexicon file, so `class = "air"` in TOML reads as `TriggerClass::Air`.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<$name, String> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| {
                    let names: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                    format!("unknown {} {:?} (expected one of: {})", stringify!($name), s, names.join(", "))
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum! {
    /// What kind of happening a trigger word names. The coder turns a class,
    /// plus the weapon, the targets and the actors around it, into an ACLED
    /// sub-event type.
    TriggerClass {
        /// kill, slay, gun down: a violent death, type decided by the target.
        Kill => "kill",
        /// attack, raid, ambush, storm, open fire on.
        Attack => "attack",
        /// clash, fight, battle, firefight, exchange fire, wipe out.
        Clash => "clash",
        /// Shooting with firearms (shooting, gunfire, opened fire).
        Shooting => "shooting",
        /// airstrike, air raid, drone strike.
        Air => "air",
        /// shelling, artillery, mortars, rockets, missiles.
        Shelling => "shelling",
        /// A bomb or explosive device not said to be a suicide attack.
        Explosion => "explosion",
        /// An explosion or blast not said to be a weapon: a bomb, or a gas
        /// tank. The coder treats it as a bombing unless the sentence says
        /// it was an accident.
        Blast => "blast",
        /// suicide bomber, suicide attack, blew himself up.
        Suicide => "suicide",
        Grenade => "grenade",
        Chemical => "chemical",
        /// stabbing, knife attack, hacked to death.
        Stab => "stab",
        /// massacre, slaughter, mass killing.
        Massacre => "massacre",
        /// execute, behead.
        Execute => "execute",
        Assassinate => "assassinate",
        /// kidnap, abduct, take hostage, hijack.
        Abduct => "abduct",
        Sexual => "sexual",
        /// set fire to, torch, burn down, arson.
        Arson => "arson",
        /// loot, ransack, vandalise, destroy property.
        Loot => "loot",
        /// protest, demonstrate, rally, march, sit-in.
        Protest => "protest",
        /// riot, mob, stone-throwing.
        Riot => "riot",
        /// Authorities breaking up a crowd: tear gas, water cannon, disperse.
        Intervention => "intervention",
        /// arrest, detain, take into custody.
        Arrest => "arrest",
        /// capture, seize, overrun, take control of (territory or people).
        Capture => "capture",
        /// recapture, retake, regain, liberate.
        Regain => "regain",
        /// ceasefire, truce, peace deal, prisoner exchange.
        Agreement => "agreement",
        /// defuse, foil, thwart, seize weapons.
        Disrupt => "disrupt",
        /// set up a base or headquarters.
        Base => "base",
        /// formation, merger, split, new leader, allegiance.
        GroupChange => "group-change",
        /// hand over, withdraw from territory without fighting.
        Transfer => "transfer",
    }
}

named_enum! {
    /// The means of an attack, which refines the sub-event type.
    Weapon {
        Aircraft => "aircraft",
        Drone => "drone",
        Artillery => "artillery",
        Rocket => "rocket",
        Firearm => "firearm",
        Blade => "blade",
        Explosive => "explosive",
        /// A vehicle used as a weapon (ramming).
        Vehicle => "vehicle",
        /// Rocket-propelled grenades and other light infantry weapons used in
        /// a firefight: a battle, not a grenade attack.
        Infantry => "infantry",
    }
}

named_enum! {
    /// Who the people in a count are, as far as the noun tells.
    VictimKind {
        /// people, persons, individuals, victims: unknown.
        Person => "person",
        Civilian => "civilian",
        /// soldiers, police, guards, troops.
        Security => "security",
        /// fighters, militants, insurgents, leaders, commanders.
        Combatant => "combatant",
        /// officials, politicians, judges, elders.
        Official => "official",
    }
}

named_enum! {
    /// The background a clause is told against. Context words name no event;
    /// they tell the coder that an explosion was an industrial accident, a
    /// death a flood's, an "attack" a diplomatic row, or that a crowd was
    /// peaceful, so that it can drop or refine what the triggers say.
    Context {
        /// Industrial sites and mishaps: a gas plant, a warehouse, a boiler,
        /// fireworks, a crash, an accident.
        Accident => "accident",
        /// Natural hazards and epidemics: floods, an earthquake, a storm.
        Disaster => "disaster",
        /// Crime without a political aim: drugs, smuggling, counterfeit
        /// money, robbery, human trafficking.
        Crime => "crime",
        /// Relations between states: diplomats expelled, sanctions, talks.
        Diplomacy => "diplomacy",
        /// Reacting to an event rather than taking part in it: condemned,
        /// denounced, mourned.
        Reaction => "reaction",
        /// Weapons tested or exercised, not used: a nuclear test, a missile
        /// launch, a military drill.
        Test => "test",
        /// A crowd or an act said to be peaceful.
        Peaceful => "peaceful",
        /// Force said to be excessive: brutally, violently, beaten.
        Force => "force",
        /// Territory changing hands without a fight: unopposed, without
        /// resistance.
        Unopposed => "unopposed",
        /// Something ahead rather than done: scheduled, upcoming, possible.
        Prospect => "prospect",
        /// Harm said to be meant: deliberately, sabotage, perpetrators.
        Intent => "intent",
    }
}

/// What an entry of the lexicon says about the words it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    /// Names something that happened.
    Trigger(TriggerClass),
    /// Names the means of an attack.
    Weapon(Weapon),
    /// Says people died (dead, died, death toll, lives).
    Death,
    /// Says people were hurt (wounded, injured).
    Injury,
    /// Distances the writer from the claim (purported, reportedly, according to).
    Hedge,
    /// Negates what follows (not, never, failed to).
    Negation,
    /// Makes what follows hypothetical or future (could, will, plan to, threaten to).
    Irrealis,
    /// Makes what follows habitual or generic (often, numerous, routinely).
    Generic,
    /// Attributes an act to a perpetrator (claimed responsibility, blamed, behind the attack).
    Responsibility,
    /// A noun for people who can be counted as victims.
    Victim(VictimKind),
    /// A place or thing attacked that tells whose it is: a checkpoint or an
    /// army base (security), a mosque, market or bus (civilian).
    Target(VictimKind),
    /// A word about an armed group's size (fighters, members, in size, strong).
    Strength,
    /// A word about how actors stand to each other (rivalry, allies, backed by).
    Relation(Relation),
    /// A word about holding territory (control, stronghold).
    Control,
    /// A word that looks like an event word but is not one here ("attack
    /// helicopter", "heart attack"): matching it hides the shorter entry.
    Exclusion,
    /// The background a clause is told against (matched in a scan of its
    /// own, so it may overlap any other cue).
    Context(Context),
}

impl Cue {
    pub fn trigger(self) -> Option<TriggerClass> {
        match self {
            Cue::Trigger(c) => Some(c),
            _ => None,
        }
    }

    pub fn context(self) -> Option<Context> {
        match self {
            Cue::Context(c) => Some(c),
            _ => None,
        }
    }

    pub fn is_context(self) -> bool {
        matches!(self, Cue::Context(_))
    }
}
