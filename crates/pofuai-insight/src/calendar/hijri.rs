//! Hijri month starts as Turkey's Presidency of Religious Affairs (Diyanet) sets them: since
//! 2017 by the criterion of the 2016 Istanbul congress on a unified Hijri calendar. A month
//! begins on the day after the first day on which, somewhere on Earth, the new crescent is
//! seen at sunset before 24:00 UTC — the Moon at least 5° above the horizon and at least 8°
//! from the Sun. Later sightings that evening on land in the Americas count too, provided the
//! conjunction happened before dawn in New Zealand, so that no place starts the month before
//! the Moon is new.

use chrono::{DateTime, Datelike, Days, NaiveDate};

use super::astro::{self, Position};

/// Lunation 0 (the new moon of 6 January 2000) began Şevval 1420.
const SHAWWAL_1420: i64 = 1420 * 12 + 9;

/// A Hijri month, 1 = Muharrem … 9 = Ramazan, 10 = Şevval, 12 = Zilhicce.
pub fn month_start(year: i32, month: u32) -> NaiveDate {
    let index = i64::from(year) * 12 + i64::from(month) - 1;
    let k = index - SHAWWAL_1420;
    let conjunction = astro::new_moon(k);
    let mut day = utc_date(conjunction);
    // The crescent is always visible somewhere within three days of the conjunction.
    for _ in 0..3 {
        if crescent_seen(day, conjunction) {
            break;
        }
        day = day + Days::new(1);
    }
    day + Days::new(1)
}

/// Ramazan Bayramı: 1 Şevval.
pub fn ramazan_bayrami(gregorian_year: i32) -> NaiveDate {
    in_gregorian_year(gregorian_year, 10, 0)
}

/// Kurban Bayramı: 10 Zilhicce.
pub fn kurban_bayrami(gregorian_year: i32) -> NaiveDate {
    in_gregorian_year(gregorian_year, 12, 9)
}

/// The first day of Ramazan falling in the Gregorian year's feast season: the month before
/// that year's Ramazan Bayramı.
pub fn ramazan_start(gregorian_year: i32) -> NaiveDate {
    let feast = ramazan_bayrami(gregorian_year);
    let hijri_year = hijri_year_near(feast);
    month_start(hijri_year, 9)
}

/// The Hijri date `month`/1 + `offset` days whose Gregorian year is `year`. Hijri years are
/// 11 days shorter, so a Gregorian year holds one such date, rarely two (then the first).
fn in_gregorian_year(year: i32, month: u32, offset: u64) -> NaiveDate {
    let mid = NaiveDate::from_ymd_opt(year, 7, 1).unwrap_or_default();
    let guess = hijri_year_near(mid);
    for hy in [guess - 1, guess, guess + 1] {
        let d = month_start(hy, month) + Days::new(offset);
        if d.year() == year {
            return d;
        }
    }
    month_start(guess, month) + Days::new(offset)
}

/// The Hijri year in progress on a Gregorian date (to within a year: enough to pick
/// candidates).
fn hijri_year_near(date: NaiveDate) -> i32 {
    let days = (date - NaiveDate::from_ymd_opt(622, 7, 16).unwrap_or_default()).num_days();
    (days as f64 / 354.367).floor() as i32 + 1
}

fn utc_date(jd: f64) -> NaiveDate {
    let secs = astro::unix_from_jd(jd).floor() as i64;
    DateTime::from_timestamp(secs, 0)
        .map(|d| d.date_naive())
        .unwrap_or_default()
}

fn jd_of_midnight(day: NaiveDate) -> f64 {
    let secs = day
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
        .timestamp();
    astro::jd_from_unix(secs as f64)
}

/// Is the crescent seen on the evening of `day`: somewhere at a sunset before 24:00 UTC, or
/// later that evening on land in the Americas if the Moon was new before New Zealand's dawn?
fn crescent_seen(day: NaiveDate, conjunction: f64) -> bool {
    let start = jd_of_midnight(day);
    let end = start + 1.0;
    let americas_allowed = conjunction < new_zealand_dawn(day);
    let mut lat = -60.0_f64;
    while lat <= 60.0 {
        let mut lon = -180.0_f64;
        while lon < 180.0 {
            let (la, lo) = (lat.to_radians(), lon.to_radians());
            // The local evening of `day`: 18:00 mean solar time as a first guess.
            let guess = start + (18.0 - lon / 15.0) / 24.0;
            if let Some(set) = astro::sunset_near(guess, la, lo)
                && set > conjunction
                && (set < end || (americas_allowed && americas_land(lat, lon)))
                && visible(set, la, lo)
            {
                return true;
            }
            lon += 4.0;
        }
        lat += 4.0;
    }
    false
}

/// Rough boxes around the land of North (with Alaska), Central and South America.
fn americas_land(lat: f64, lon: f64) -> bool {
    let alaska = (54.0..=72.0).contains(&lat) && (-168.0..=-130.0).contains(&lon);
    let north = alaska || (15.0..=60.0).contains(&lat) && (-125.0..=-60.0).contains(&lon);
    let central = (7.0..15.0).contains(&lat) && (-92.0..=-77.0).contains(&lon);
    let south = (-55.0..7.0).contains(&lat) && (-81.0..=-35.0).contains(&lon);
    north || central || south
}

fn visible(jd: f64, lat: f64, lon: f64) -> bool {
    let s: Position = astro::sun(jd);
    let m: Position = astro::moon(jd);
    astro::elongation(&s, &m).to_degrees() >= 8.0
        && astro::moon_altitude(&m, jd, lat, lon).to_degrees() >= 5.0
}

/// Dawn (the Sun 18° below the horizon) in Wellington on the morning that begins New
/// Zealand's next civil day, which falls on UTC day `day`'s afternoon.
fn new_zealand_dawn(day: NaiveDate) -> f64 {
    let (lat, lon) = ((-41.29_f64).to_radians(), 174.78_f64.to_radians());
    let start = jd_of_midnight(day);
    // From 02:00 New Zealand standard time (14:00 UTC), step to the moment the Sun's
    // altitude crosses −18° going up.
    let mut t = start + 14.0 / 24.0;
    for _ in 0..120 {
        let alt = astro::altitude(&astro::sun(t), t, lat, lon).to_degrees();
        if alt >= -18.0 {
            break;
        }
        t += 5.0 / 1440.0;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    /// The Diyanet's published dates (first days of the feasts), 2024–2030.
    #[test]
    fn feasts_match_the_diyanet_calendar_2024_to_2030() {
        let ramazan = [
            (2024, date(2024, 4, 10)),
            (2025, date(2025, 3, 30)),
            (2026, date(2026, 3, 20)),
            (2027, date(2027, 3, 9)),
            (2028, date(2028, 2, 26)),
            (2029, date(2029, 2, 14)),
            (2030, date(2030, 2, 4)),
        ];
        let kurban = [
            (2024, date(2024, 6, 16)),
            (2025, date(2025, 6, 6)),
            (2026, date(2026, 5, 27)),
            (2027, date(2027, 5, 16)),
            (2028, date(2028, 5, 5)),
            (2029, date(2029, 4, 24)),
            (2030, date(2030, 4, 13)),
        ];
        for (year, want) in ramazan {
            assert_eq!(ramazan_bayrami(year), want, "Ramazan Bayramı {year}");
        }
        for (year, want) in kurban {
            assert_eq!(kurban_bayrami(year), want, "Kurban Bayramı {year}");
        }
    }

    #[test]
    fn ramazan_begins_a_month_before_its_feast() {
        // Diyanet: Ramazan 2026 began on 19 February, 2025 on 1 March, 2024 on 11 March.
        assert_eq!(ramazan_start(2026), date(2026, 2, 19));
        assert_eq!(ramazan_start(2024), date(2024, 3, 11));
        // And the feasts of 2023: 21 April and 28 June.
        assert_eq!(ramazan_bayrami(2023), date(2023, 4, 21));
        assert_eq!(kurban_bayrami(2023), date(2023, 6, 28));
        assert_eq!(ramazan_start(2025), date(2025, 3, 1));
    }
}
