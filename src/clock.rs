//! Hybrid logical clock (HLC) and the stamps that version every field.
//!
//! Invariants:
//! - Every [`Hlc`] this clock issues is strictly greater than every one it issued before.
//! - After [`HybridClock::observe`], the next issued value is greater than the observed one,
//!   unless the observed value is more than [`MAX_FORWARD_DRIFT_MS`] ahead of the physical
//!   clock: then the local clock only moves to `physical + MAX_FORWARD_DRIFT_MS`, and the
//!   caller receives a [`ClockWarning`] to show. One laptop with a wrong date must not drag
//!   every other replica's clock hours into the future. The exception is an explicit edit
//!   of a field stamped in the future ([`HybridClock::tick_after`]): the edit must win over
//!   what it replaced.
//! - A [`Stamp`] is `(hlc, device)`; its 16-byte big-endian encoding sorts like the pair, so
//!   SQLite can compare stamps with plain `>` on BLOBs (memcmp order).
//! - A [`DeviceId`] is 8 bytes: 8 random bytes for a device set up by this build; for one set
//!   up when device ids were 16-byte UUIDs (schema version 3 and before), the first 8 bytes
//!   of its UUID, so every stamp keeps its order. Only the tie-break between two writes with
//!   the same HLC relies on device ids differing; those first 8 bytes hold 60 random bits
//!   (4 are the UUID version), so among `n` devices two share an id with a probability below
//!   `n² / 2^61` (about 4·10⁻¹⁵ for a hundred devices).
//! - A field's [`FieldStamp`] appends the HLC of the version the write replaced. Two
//!   different writes never share a `(hlc, device)`, so the appended part never changes how
//!   field stamps compare; it lets a merge tell a sequential edit (its writer had seen the
//!   other version) from a concurrent one.

use std::fmt;

/// How far ahead of the physical clock an observed timestamp may pull the local clock.
pub const MAX_FORWARD_DRIFT_MS: u64 = 60 * 60 * 1000;

/// The physical time source, passed in so that logic is deterministic in tests.
pub trait PhysicalClock {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> u64;
}

/// The operating system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl PhysicalClock for SystemClock {
    fn now_ms(&self) -> u64 {
        let since_epoch =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        u64::try_from(since_epoch.as_millis()).unwrap_or(u64::MAX)
    }
}

/// A clock that returns what it is told; for tests and reproducible generation.
#[derive(Debug, Default)]
pub struct FixedClock {
    now_ms: std::cell::Cell<u64>,
}

impl FixedClock {
    pub fn at(now_ms: u64) -> Self {
        Self { now_ms: std::cell::Cell::new(now_ms) }
    }
    pub fn set(&self, now_ms: u64) {
        self.now_ms.set(now_ms);
    }
    pub fn advance(&self, by_ms: u64) {
        self.now_ms.set(self.now_ms.get() + by_ms);
    }
}

impl PhysicalClock for FixedClock {
    fn now_ms(&self) -> u64 {
        self.now_ms.get()
    }
}

/// A hybrid logical clock value: 48 bits of physical milliseconds, 16 bits of counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc(u64);

impl Hlc {
    const COUNTER_BITS: u32 = 16;
    const MAX_COUNTER: u64 = (1 << Self::COUNTER_BITS) - 1;

    pub fn new(physical_ms: u64, counter: u16) -> Self {
        Self((physical_ms << Self::COUNTER_BITS) | u64::from(counter))
    }
    pub fn physical_ms(self) -> u64 {
        self.0 >> Self::COUNTER_BITS
    }
    pub fn counter(self) -> u16 {
        // Masked to 16 bits, so the conversion cannot fail.
        u16::try_from(self.0 & Self::MAX_COUNTER).unwrap_or(u16::MAX)
    }
    pub fn as_u64(self) -> u64 {
        self.0
    }
    pub fn from_u64(raw: u64) -> Self {
        Self(raw)
    }
    /// The smallest value greater than `self`; a full counter rolls into the next millisecond.
    fn successor(self) -> Self {
        Self(self.0 + 1)
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:05}", self.physical_ms(), self.counter())
    }
}

/// The identity of one installation of the app (one working store). Ordered as its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeviceId(pub [u8; DEVICE_ID_LEN]);

/// Size of a device id.
pub const DEVICE_ID_LEN: usize = 8;

impl DeviceId {
    /// The id of a device set up when device ids were UUIDs: its first 8 bytes, as the
    /// migration to 8-byte ids cut every stamp.
    pub fn from_uuid(uuid: uuid::Uuid) -> Self {
        let mut bytes = [0u8; DEVICE_ID_LEN];
        bytes.copy_from_slice(&uuid.as_bytes()[..DEVICE_ID_LEN]);
        Self(bytes)
    }

    /// Reads the lowercase hexadecimal form written by [`fmt::Display`].
    pub fn parse_hex(text: &str) -> Option<Self> {
        if text.len() != 2 * DEVICE_ID_LEN {
            return None;
        }
        let mut bytes = [0u8; DEVICE_ID_LEN];
        for (index, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(text.get(2 * index..2 * index + 2)?, 16).ok()?;
        }
        Some(Self(bytes))
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
    }
}

/// The version of one field write: its HLC, then the writing device to break ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    pub hlc: Hlc,
    pub device: DeviceId,
}

/// Size of a stamp stored as a BLOB.
pub const STAMP_LEN: usize = 8 + DEVICE_ID_LEN;

impl Stamp {
    pub fn to_bytes(self) -> [u8; STAMP_LEN] {
        let mut out = [0u8; STAMP_LEN];
        out[..8].copy_from_slice(&self.hlc.as_u64().to_be_bytes());
        out[8..].copy_from_slice(&self.device.0);
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        if bytes.len() != STAMP_LEN {
            return None;
        }
        let hlc = u64::from_be_bytes(bytes[..8].try_into().ok()?);
        let device = bytes[8..].try_into().ok()?;
        Some(Self { hlc: Hlc::from_u64(hlc), device: DeviceId(device) })
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.hlc, self.device)
    }
}

impl rusqlite::ToSql for Stamp {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::Owned(rusqlite::types::Value::Blob(self.to_bytes().to_vec())))
    }
}

impl rusqlite::types::FromSql for Stamp {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let bytes = value.as_blob()?;
        Stamp::from_bytes(bytes).ok_or(rusqlite::types::FromSqlError::InvalidBlobSize {
            expected_size: STAMP_LEN,
            blob_size: bytes.len(),
        })
    }
}

/// What a field's `<field>_stamp` column holds: who wrote it when, and what it replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldStamp {
    pub stamp: Stamp,
    /// The HLC of the version this write replaced; zero for a record's first write.
    pub replaced: Hlc,
}

/// Size of a field stamp stored as a BLOB.
pub const FIELD_STAMP_LEN: usize = STAMP_LEN + 8;

impl FieldStamp {
    pub fn to_bytes(self) -> [u8; FIELD_STAMP_LEN] {
        let mut out = [0u8; FIELD_STAMP_LEN];
        out[..STAMP_LEN].copy_from_slice(&self.stamp.to_bytes());
        out[STAMP_LEN..].copy_from_slice(&self.replaced.as_u64().to_be_bytes());
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        if bytes.len() != FIELD_STAMP_LEN {
            return None;
        }
        let stamp = Stamp::from_bytes(&bytes[..STAMP_LEN])?;
        let replaced = u64::from_be_bytes(bytes[STAMP_LEN..].try_into().ok()?);
        Some(Self { stamp, replaced: Hlc::from_u64(replaced) })
    }

    /// Whether this write's author had seen `other` (or something newer) when writing.
    /// Never says "seen" for a write made without knowing `other`'s version or a later one.
    pub fn had_seen(self, other: Stamp) -> bool {
        self.replaced >= other.hlc
    }
}

impl rusqlite::ToSql for FieldStamp {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::Owned(rusqlite::types::Value::Blob(self.to_bytes().to_vec())))
    }
}

impl rusqlite::types::FromSql for FieldStamp {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let bytes = value.as_blob()?;
        FieldStamp::from_bytes(bytes).ok_or(rusqlite::types::FromSqlError::InvalidBlobSize {
            expected_size: FIELD_STAMP_LEN,
            blob_size: bytes.len(),
        })
    }
}

/// Said when an observed timestamp was too far ahead to be followed entirely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockWarning {
    /// How far the observed timestamp was ahead of the local physical clock.
    pub ahead_by_ms: u64,
}

impl fmt::Display for ClockWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let minutes = self.ahead_by_ms / 60_000;
        write!(
            f,
            "des modifications sont datées de {} h {:02} min dans le futur : l'horloge d'un ordinateur est probablement mal réglée",
            minutes / 60,
            minutes % 60
        )
    }
}

/// The state of a hybrid logical clock for one device.
#[derive(Debug, Clone)]
pub struct HybridClock {
    device: DeviceId,
    last: Hlc,
}

impl HybridClock {
    /// A clock for `device` that resumes after `last`, the greatest value it ever issued or
    /// observed (persisted by the store so that a restart never goes back in time).
    pub fn new(device: DeviceId, last: Hlc) -> Self {
        Self { device, last }
    }

    pub fn device(&self) -> DeviceId {
        self.device
    }

    pub fn last(&self) -> Hlc {
        self.last
    }

    /// A new stamp for a local write, greater than every one issued or observed before.
    pub fn tick<C: PhysicalClock + ?Sized>(&mut self, physical: &C) -> Stamp {
        let wall = Hlc::new(physical.now_ms(), 0);
        self.last = if wall > self.last { wall } else { self.last.successor() };
        Stamp { hlc: self.last, device: self.device }
    }

    /// A stamp for a local edit of a value stamped `replaced`: greater than it even when that
    /// version came from a clock far ahead, so a person's correction always beats what they
    /// corrected. An explicit edit is the one thing that moves the clock past the drift
    /// bound, and only as far as the version edited.
    pub fn tick_after<C: PhysicalClock + ?Sized>(&mut self, replaced: Hlc, physical: &C) -> Stamp {
        if replaced > self.last {
            self.last = replaced;
        }
        self.tick(physical)
    }

    /// Takes a remote timestamp into account. Follows it entirely when it is within
    /// [`MAX_FORWARD_DRIFT_MS`] of the physical clock; otherwise moves only to the bound and
    /// returns a warning.
    pub fn observe<C: PhysicalClock + ?Sized>(&mut self, remote: Hlc, physical: &C) -> Option<ClockWarning> {
        let now_ms = physical.now_ms();
        let bound = Hlc::new(now_ms.saturating_add(MAX_FORWARD_DRIFT_MS), u16::MAX);
        if remote > bound {
            if bound > self.last {
                self.last = bound;
            }
            return Some(ClockWarning { ahead_by_ms: remote.physical_ms().saturating_sub(now_ms) });
        }
        if remote > self.last {
            self.last = remote;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn device(n: u64) -> DeviceId {
        DeviceId(n.to_be_bytes())
    }

    #[test]
    fn ticks_are_strictly_increasing_even_when_the_wall_clock_stands_still_or_goes_back() {
        let wall = FixedClock::at(1_000);
        let mut clock = HybridClock::new(device(1), Hlc::default());
        let a = clock.tick(&wall);
        let b = clock.tick(&wall);
        wall.set(500);
        let c = clock.tick(&wall);
        assert!(a < b && b < c, "a stopped or backward wall clock must not repeat stamps: {a} {b} {c}");
        assert_eq!(c.hlc.physical_ms(), 1_000, "going back in wall time keeps the higher physical part");
    }

    #[test]
    fn a_full_counter_rolls_into_the_next_millisecond() {
        let wall = FixedClock::at(7);
        let mut clock = HybridClock::new(device(1), Hlc::new(7, u16::MAX));
        let next = clock.tick(&wall);
        assert_eq!(
            (next.hlc.physical_ms(), next.hlc.counter()),
            (8, 0),
            "the successor of a full counter is the next ms"
        );
    }

    #[test]
    fn observing_a_later_timestamp_moves_past_it() {
        let wall = FixedClock::at(1_000);
        let mut clock = HybridClock::new(device(1), Hlc::default());
        let remote = Hlc::new(1_000 + 5 * 60_000, 3);
        assert_eq!(clock.observe(remote, &wall), None, "five minutes ahead is within the bound");
        let next = clock.tick(&wall);
        assert!(next.hlc > remote, "a write after seeing {remote} must be later than it, got {}", next.hlc);
    }

    #[test]
    fn a_timestamp_hours_ahead_is_accepted_with_a_warning_and_bounded() {
        let now = 1_700_000_000_000;
        let wall = FixedClock::at(now);
        let mut clock = HybridClock::new(device(1), Hlc::default());
        let three_hours = 3 * 60 * 60 * 1000;
        let warning = clock.observe(Hlc::new(now + three_hours, 0), &wall);
        assert_eq!(warning, Some(ClockWarning { ahead_by_ms: three_hours }), "hours ahead must warn");
        let next = clock.tick(&wall);
        assert!(
            next.hlc.physical_ms() <= now + MAX_FORWARD_DRIFT_MS + 1,
            "the local clock must not be dragged beyond the bound, got {}",
            next.hlc
        );
        assert!(next.hlc.physical_ms() >= now + MAX_FORWARD_DRIFT_MS, "but it follows up to the bound");
        assert!(warning.unwrap().to_string().contains("3 h 00 min"), "the warning says how far ahead");
    }

    #[test]
    fn stamps_encode_to_bytes_that_sort_like_the_stamps() {
        let low = Stamp { hlc: Hlc::new(5, 1), device: device(u64::MAX) };
        let high = Stamp { hlc: Hlc::new(5, 2), device: device(0) };
        assert!(low < high);
        assert!(low.to_bytes() < high.to_bytes(), "byte order must follow (hlc, device) order");
        assert_eq!(Stamp::from_bytes(&high.to_bytes()), Some(high), "decoding inverts encoding");
        assert_eq!(Stamp::from_bytes(&[0; 3]), None, "a short blob is not a stamp");
    }

    #[test]
    fn a_device_id_is_written_and_read_back_as_16_hexadecimal_digits() {
        let id = DeviceId([0x00, 0x9c, 0xff, 0x10, 0x42, 0x07, 0xab, 0x01]);
        assert_eq!(id.to_string(), "009cff104207ab01", "lowercase, two digits a byte, zeros kept");
        assert_eq!(DeviceId::parse_hex(&id.to_string()), Some(id), "reading inverts writing");
        assert_eq!(DeviceId::parse_hex("009cff104207ab"), None, "a short id is refused");
        assert_eq!(DeviceId::parse_hex("009cff104207ab0g"), None, "so is one that is not hexadecimal");
    }

    proptest! {
        #[test]
        fn clock_is_monotonic_and_passes_every_observed_timestamp_within_the_bound(
            events in prop::collection::vec((0u64..10_000_000, prop::option::of(0u64..20_000_000)), 1..200)
        ) {
            let wall = FixedClock::at(0);
            let mut clock = HybridClock::new(device(9), Hlc::default());
            let mut previous = Hlc::default();
            for (now, remote_ms) in events {
                wall.set(now);
                let mut must_exceed = None;
                if let Some(ms) = remote_ms {
                    let remote = Hlc::new(ms, 0);
                    let before = clock.last();
                    let warned = clock.observe(remote, &wall).is_some();
                    prop_assert_eq!(warned, ms > now + MAX_FORWARD_DRIFT_MS, "warn exactly beyond the bound");
                    if !warned { must_exceed = Some(remote); }
                    let bound = Hlc::new(now + MAX_FORWARD_DRIFT_MS, u16::MAX);
                    prop_assert!(clock.last() <= before.max(bound), "observing never drags the clock beyond the bound");
                }
                let stamp = clock.tick(&wall);
                prop_assert!(stamp.hlc > previous, "monotonic: {} after {}", stamp.hlc, previous);
                if let Some(remote) = must_exceed {
                    prop_assert!(stamp.hlc > remote, "past every observed timestamp within the bound");
                }
                previous = stamp.hlc;
            }
        }

        #[test]
        fn stamp_byte_order_matches_stamp_order(a in any::<(u64, u64)>(), b in any::<(u64, u64)>()) {
            let sa = Stamp { hlc: Hlc::from_u64(a.0), device: device(a.1) };
            let sb = Stamp { hlc: Hlc::from_u64(b.0), device: device(b.1) };
            prop_assert_eq!(sa.cmp(&sb), sa.to_bytes().cmp(&sb.to_bytes()));
        }

        #[test]
        fn stamps_of_devices_set_up_with_uuids_keep_their_order_once_cut(
            a in any::<(u64, u128)>(), b in any::<(u64, u128)>()
        ) {
            let [ua, ub] = [a.1, b.1].map(uuid::Uuid::from_u128);
            prop_assume!(ua.as_bytes()[..DEVICE_ID_LEN] != ub.as_bytes()[..DEVICE_ID_LEN]);
            let wide = |hlc: u64, device: uuid::Uuid| [&hlc.to_be_bytes()[..], device.as_bytes()].concat();
            let sa = Stamp { hlc: Hlc::from_u64(a.0), device: DeviceId::from_uuid(ua) };
            let sb = Stamp { hlc: Hlc::from_u64(b.0), device: DeviceId::from_uuid(ub) };
            prop_assert_eq!(wide(a.0, ua).cmp(&wide(b.0, ub)), sa.to_bytes().cmp(&sb.to_bytes()));
        }

        #[test]
        fn field_stamp_byte_order_follows_the_write_stamp_alone(
            a in any::<(u64, u64, u64)>(), b in any::<(u64, u64, u64)>()
        ) {
            let fa = FieldStamp { stamp: Stamp { hlc: Hlc::from_u64(a.0), device: device(a.1) }, replaced: Hlc::from_u64(a.2) };
            let fb = FieldStamp { stamp: Stamp { hlc: Hlc::from_u64(b.0), device: device(b.1) }, replaced: Hlc::from_u64(b.2) };
            prop_assume!(fa.stamp != fb.stamp);
            prop_assert_eq!(fa.stamp.cmp(&fb.stamp), fa.to_bytes().cmp(&fb.to_bytes()), "SQLite compares field stamps by write");
            prop_assert_eq!(FieldStamp::from_bytes(&fa.to_bytes()), Some(fa));
        }
    }
}
