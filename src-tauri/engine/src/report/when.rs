//! The run's start as people read it: UTC for the help desk, and the user's own clock when the
//! caller knows its offset (the engine never guesses the local zone: that is the caller's).

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// When the run started, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct When {
    /// `2026-11-21 14:00:00 UTC`, or the raw text when it does not parse.
    pub utc: String,
    /// `2026-11-21 15:00:00 (UTC+01:00)`, when the offset is known.
    pub local: Option<String>,
}

impl When {
    pub(super) fn of(started_at: &str, offset_minutes: Option<i32>) -> Self {
        let Some(at) = parse(started_at) else { return Self { utc: started_at.to_owned(), local: None } };
        let utc = format!("{} UTC", stamp(at.to_offset(UtcOffset::UTC)));
        let local = offset_minutes
            .and_then(|m| UtcOffset::from_whole_seconds(m.checked_mul(60)?).ok())
            .filter(|o| !o.is_utc())
            .map(|o| {
                let (h, m, _) = o.as_hms();
                let sign = if o.is_negative() { '-' } else { '+' };
                format!("{} (UTC{sign}{:02}:{:02})", stamp(at.to_offset(o)), h.unsigned_abs(), m.unsigned_abs())
            });
        Self { utc, local }
    }
}

fn stamp(t: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Minutes from 2020-01-01 UTC to the run's start, for the incident id.
pub(super) fn minutes_since_2020(started_at: &str) -> Option<u64> {
    let at = parse(started_at)?;
    u64::try_from((at.unix_timestamp() - 1_577_836_800) / 60).ok()
}

/// RFC 3339 as the engine writes it (`2026-11-21T14:00:00.123456789Z`, or with `+hh:mm`).
/// By hand: the `time` crate's parser is a feature this workspace does not build.
pub(crate) fn parse(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    let num = |from: usize, len: usize| -> Option<i32> {
        let part = s.get(from..from + len)?;
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok()).flatten()
    };
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !matches!(s.as_bytes().get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let rest = s.get(19..)?;
    let rest = rest.strip_prefix('.').map_or(rest, |r| r.trim_start_matches(|c: char| c.is_ascii_digit()));
    let offset = match rest {
        "Z" | "z" => UtcOffset::UTC,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let hh: i32 = rest.get(1..3)?.parse().ok()?;
            let mm: i32 = rest.get(4..6)?.parse().ok()?;
            UtcOffset::from_whole_seconds(sign * (hh * 3600 + mm * 60)).ok()?
        }
    };
    let date =
        Date::from_calendar_date(year, Month::try_from(u8::try_from(month).ok()?).ok()?, u8::try_from(day).ok()?)
            .ok()?;
    let time = Time::from_hms(u8::try_from(hour).ok()?, u8::try_from(minute).ok()?, u8::try_from(second).ok()?).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_and_local_time() {
        let w = When::of("2026-11-21T14:00:00.123456789Z", Some(60));
        assert_eq!(w.utc, "2026-11-21 14:00:00 UTC");
        assert_eq!(w.local.as_deref(), Some("2026-11-21 15:00:00 (UTC+01:00)"));
        let w = When::of("2026-11-21T00:30:00Z", Some(-330));
        assert_eq!(w.local.as_deref(), Some("2026-11-20 19:00:00 (UTC-05:30)"));
        assert_eq!(When::of("2026-11-21T14:00:00Z", Some(0)).local, None);
        assert_eq!(When::of("yesterday", Some(60)), When { utc: "yesterday".into(), local: None });
        assert_eq!(When::of("2026-11-21T16:00:00+02:00", None).utc, "2026-11-21 14:00:00 UTC");
    }
}
