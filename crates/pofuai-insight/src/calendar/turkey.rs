//! The days that move Turkish online demand. The two feasts move about 11 days earlier each
//! year and are computed (see `hijri`); the rest follow fixed or weekday rules.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;

use super::hijri;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The week of shopping before the Ramazan Bayramı eve.
    RamazanShopping,
    /// Eve and the three days of Ramazan Bayramı.
    RamazanBayrami,
    /// The week of shopping before the Kurban Bayramı eve.
    KurbanShopping,
    /// Eve and the four days of Kurban Bayramı.
    KurbanBayrami,
    /// Efsane Cuma: the Friday after the fourth Thursday of November, through Monday.
    EfsaneCuma,
    /// 11.11 sales.
    ElevenEleven,
    /// Gift shopping from 20 to 31 December.
    NewYearShopping,
    /// 1 January.
    NewYear,
    /// The week before Anneler Günü (second Sunday of May).
    MothersDay,
    /// The week before Babalar Günü (third Sunday of June).
    FathersDay,
    /// 7–14 February.
    Valentines,
    /// Three weeks before schools open (the second Monday of September).
    BackToSchool,
    /// National holidays: 23 April, 1 May, 19 May, 15 July, 30 August, 29 October.
    NationalHoliday,
}

impl EventKind {
    pub const ALL: [EventKind; 13] = [
        EventKind::RamazanShopping,
        EventKind::RamazanBayrami,
        EventKind::KurbanShopping,
        EventKind::KurbanBayrami,
        EventKind::EfsaneCuma,
        EventKind::ElevenEleven,
        EventKind::NewYearShopping,
        EventKind::NewYear,
        EventKind::MothersDay,
        EventKind::FathersDay,
        EventKind::Valentines,
        EventKind::BackToSchool,
        EventKind::NationalHoliday,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::RamazanShopping => "ramazan_shopping",
            EventKind::RamazanBayrami => "ramazan_bayrami",
            EventKind::KurbanShopping => "kurban_shopping",
            EventKind::KurbanBayrami => "kurban_bayrami",
            EventKind::EfsaneCuma => "efsane_cuma",
            EventKind::ElevenEleven => "eleven_eleven",
            EventKind::NewYearShopping => "new_year_shopping",
            EventKind::NewYear => "new_year",
            EventKind::MothersDay => "mothers_day",
            EventKind::FathersDay => "fathers_day",
            EventKind::Valentines => "valentines",
            EventKind::BackToSchool => "back_to_school",
            EventKind::NationalHoliday => "national_holiday",
        }
    }

    /// The name a Turkish seller knows it by.
    pub fn name_tr(self) -> &'static str {
        match self {
            EventKind::RamazanShopping => "Ramazan Bayramı alışverişi",
            EventKind::RamazanBayrami => "Ramazan Bayramı",
            EventKind::KurbanShopping => "Kurban Bayramı alışverişi",
            EventKind::KurbanBayrami => "Kurban Bayramı",
            EventKind::EfsaneCuma => "Efsane Cuma",
            EventKind::ElevenEleven => "11.11 indirimleri",
            EventKind::NewYearShopping => "Yılbaşı alışverişi",
            EventKind::NewYear => "Yılbaşı",
            EventKind::MothersDay => "Anneler Günü",
            EventKind::FathersDay => "Babalar Günü",
            EventKind::Valentines => "Sevgililer Günü",
            EventKind::BackToSchool => "Okula dönüş",
            EventKind::NationalHoliday => "Resmî tatil",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Event {
    pub date: NaiveDate,
    pub kind: EventKind,
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn nth_weekday(y: i32, m: u32, weekday: Weekday, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(y, m, weekday, n)
}

fn span(out: &mut Vec<Event>, kind: EventKind, first: NaiveDate, days: u64) {
    for i in 0..days {
        if let Some(date) = first.checked_add_days(Days::new(i)) {
            out.push(Event { date, kind });
        }
    }
}

fn year_events(y: i32) -> Vec<Event> {
    let mut out = Vec::new();
    let day_before = |d: NaiveDate, n: u64| d.checked_sub_days(Days::new(n));
    let ramazan = hijri::ramazan_bayrami(y);
    let kurban = hijri::kurban_bayrami(y);
    if let Some(eve) = day_before(ramazan, 1) {
        span(&mut out, EventKind::RamazanBayrami, eve, 4);
        if let Some(first) = day_before(eve, 7) {
            span(&mut out, EventKind::RamazanShopping, first, 7);
        }
    }
    if let Some(eve) = day_before(kurban, 1) {
        span(&mut out, EventKind::KurbanBayrami, eve, 5);
        if let Some(first) = day_before(eve, 7) {
            span(&mut out, EventKind::KurbanShopping, first, 7);
        }
    }
    if let Some(thursday) = nth_weekday(y, 11, Weekday::Thu, 4)
        && let Some(friday) = thursday.succ_opt()
    {
        span(&mut out, EventKind::EfsaneCuma, friday, 4);
    }
    if let Some(d) = ymd(y, 11, 11) {
        out.push(Event {
            date: d,
            kind: EventKind::ElevenEleven,
        });
    }
    if let Some(d) = ymd(y, 12, 20) {
        span(&mut out, EventKind::NewYearShopping, d, 12);
    }
    if let Some(d) = ymd(y, 1, 1) {
        out.push(Event {
            date: d,
            kind: EventKind::NewYear,
        });
    }
    if let Some(sunday) = nth_weekday(y, 5, Weekday::Sun, 2)
        && let Some(first) = day_before(sunday, 7)
    {
        span(&mut out, EventKind::MothersDay, first, 7);
    }
    if let Some(sunday) = nth_weekday(y, 6, Weekday::Sun, 3)
        && let Some(first) = day_before(sunday, 7)
    {
        span(&mut out, EventKind::FathersDay, first, 7);
    }
    if let Some(d) = ymd(y, 2, 7) {
        span(&mut out, EventKind::Valentines, d, 8);
    }
    if let Some(monday) = nth_weekday(y, 9, Weekday::Mon, 2)
        && let Some(first) = day_before(monday, 21)
    {
        span(&mut out, EventKind::BackToSchool, first, 21);
    }
    for (m, d) in [(4, 23), (5, 1), (5, 19), (7, 15), (8, 30), (10, 29)] {
        if let Some(date) = ymd(y, m, d) {
            out.push(Event {
                date,
                kind: EventKind::NationalHoliday,
            });
        }
    }
    out
}

/// Every event day in `[from, to]`, sorted by date. A day may carry more than one kind (a
/// national holiday inside a feast, say); where kinds overlap, each is listed.
pub fn events_between(from: NaiveDate, to: NaiveDate) -> Vec<Event> {
    let mut out: Vec<Event> = (from.year()..=to.year())
        .flat_map(year_events)
        .filter(|e| e.date >= from && e.date <= to)
        .collect();
    out.sort_by_key(|e| (e.date, e.kind));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn days_of(kind: EventKind, year: i32) -> Vec<NaiveDate> {
        events_between(d(year, 1, 1), d(year, 12, 31))
            .into_iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.date)
            .collect()
    }

    #[test]
    fn floating_shopping_days_follow_their_rules() {
        // Efsane Cuma 2024 was 29 November, 2025 28 November.
        assert_eq!(days_of(EventKind::EfsaneCuma, 2024)[0], d(2024, 11, 29));
        assert_eq!(days_of(EventKind::EfsaneCuma, 2025)[0], d(2025, 11, 28));
        // Anneler Günü 2025 was 11 May: the week before it.
        let mothers = days_of(EventKind::MothersDay, 2025);
        assert_eq!((mothers[0], mothers[6]), (d(2025, 5, 4), d(2025, 5, 10)));
        // Schools opened on 8 September 2025.
        let school = days_of(EventKind::BackToSchool, 2025);
        assert_eq!(*school.last().unwrap_or(&d(1, 1, 1)), d(2025, 9, 7));
    }

    #[test]
    fn feasts_carry_their_eve_and_days() {
        let kurban = days_of(EventKind::KurbanBayrami, 2026);
        assert_eq!(kurban, (26..=30).map(|x| d(2026, 5, x)).collect::<Vec<_>>());
        let ramazan = days_of(EventKind::RamazanBayrami, 2026);
        assert_eq!(
            ramazan,
            (19..=22).map(|x| d(2026, 3, x)).collect::<Vec<_>>()
        );
    }
}
