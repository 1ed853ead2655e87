//! Dates as RFC 3339 text in UTC, to the second (`2026-11-27T05:00:00Z`): what the manifest
//! and envelopes record, and the arithmetic the health checks need.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds in a day.
pub const DAY: u64 = 86_400;

/// Seconds since the Unix epoch, now. `SEEDSAFE_NOW` (RFC 3339) overrides the clock, so tests
/// and drills of "a year from now" can run without waiting.
pub fn now_secs() -> u64 {
    if let Some(t) = std::env::var("SEEDSAFE_NOW").ok().and_then(|s| parse(&s)) {
        return t;
    }
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Now, as RFC 3339 text.
pub fn now_rfc3339() -> String {
    rfc3339(now_secs())
}

/// Formats seconds since the Unix epoch (civil-from-days, proleptic Gregorian calendar).
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / DAY) as i64;
    let rem = secs % DAY;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem / 60 % 60, rem % 60)
}

/// Parses what [`rfc3339`] writes (a `Z` time to the second; a fraction is ignored).
pub fn parse(text: &str) -> Option<u64> {
    let b = text.trim().as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !text.trim().ends_with('Z') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> { std::str::from_utf8(&b[r]).ok()?.parse().ok() };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // days-from-civil, the inverse of the formula above.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * DAY as i64 + hh * 3600 + mm * 60 + ss).ok()
}

/// Whole days from `earlier` to `later` (0 when `later` is not later).
pub fn days_between(earlier: u64, later: u64) -> u64 {
    later.saturating_sub(earlier) / DAY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates_round_trip() {
        for (secs, text) in [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_795_755_600, "2026-11-27T05:00:00Z"),
        ] {
            assert_eq!(rfc3339(secs), text);
            assert_eq!(parse(text), Some(secs));
        }
        assert_eq!(parse("2026-13-01T00:00:00Z"), None);
        assert_eq!(parse("yesterday"), None);
        assert_eq!(days_between(0, 3 * DAY + 5), 3);
    }
}
