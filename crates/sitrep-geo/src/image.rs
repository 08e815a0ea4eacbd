//! What the build script that writes the gazetteer image (`compile.rs`)
//! and the library that reads it (`load.rs`) must agree on: the format's
//! constants and the hash behind its tables. Both must hash a key to the
//! same slot, so the hash is a fixed function of the key's bytes, not
//! `std`'s randomly seeded one; the keys come from our own data, so hash
//! flooding is no concern.

use std::hash::{BuildHasherDefault, Hasher};

/// The image starts with these bytes; the number changes with the layout.
pub(crate) const MAGIC: &[u8; 8] = b"SGAZ0002";

/// Feature kinds as stored in the image (`FeatureKind` in the library).
pub(crate) const KIND_COUNTRY: u8 = 0;
pub(crate) const KIND_ADMIN1: u8 = 1;
pub(crate) const KIND_ADMIN2: u8 = 2;
pub(crate) const KIND_PLACE: u8 = 3;

/// Marks an absent link (admin division, list end, empty slot).
pub(crate) const NONE: u32 = u32::MAX;

/// A posting's place id has this bit set when the name form is an acronym
/// ("US", "DRC"), which only matches capitals in text.
pub(crate) const ACRONYM_BIT: u32 = 1 << 31;

/// A posting's place id has this bit set when the name form is only an
/// abbreviation of a division ("Va.", "Calif.", "VA"), which `find.rs`
/// takes only where news uses one: after "Town, " or in a party label.
pub(crate) const ABBREVIATION_BIT: u32 = 1 << 30;

/// With [`ABBREVIATION_BIT`]: every abbreviation of this key is written
/// with a final period ("Mass."), which the text must have too.
pub(crate) const PERIOD_BIT: u32 = 1 << 29;

/// The posting bits above; the rest of a posting is the place id.
pub(crate) const POSTING_FLAGS: u32 = ACRONYM_BIT | ABBREVIATION_BIT | PERIOD_BIT;

/// The multiply-rotate hash of rustc's `FxHasher`, on 8-byte words.
///
/// `sitrep-lexicon` has the same thirty lines. They are not shared through
/// `sitrep-model` because this file is also compiled into the build script,
/// which would then need `sitrep-model` (and jiff and serde) built a second
/// time for the host; and the gazetteer image stores these hashes, so this
/// copy must not change without rebuilding it.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Hash maps and sets keyed by our own words use [`FxHasher`]: a few
/// nanoseconds per word instead of SipHash's tens.
pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;

/// The hash of a key (a name key, or a spelling skeleton). The length is
/// mixed in, as `Hash for str` does, so that trailing zero bytes of the
/// last word cannot hide; the final multiply spreads the high bits, which
/// the table uses, over the low ones.
pub(crate) fn key_hash(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    let x = h.finish();
    (x ^ (x >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (x >> 32)
}
