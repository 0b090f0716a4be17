//! Just enough positional astronomy to see a new crescent: true new moons, the apparent
//! positions of the Sun and the Moon, and sunset. After Meeus, *Astronomical Algorithms*
//! (2nd ed.), chapters 25 (Sun, low accuracy), 47 (Moon, the larger periodic terms) and 49
//! (phases). The Moon's truncated series is good to a few hundredths of a degree, far inside
//! what a visibility criterion of 5° and 8° needs.

use std::f64::consts::PI;

/// Julian Day of the Unix epoch.
const JD_UNIX: f64 = 2_440_587.5;
const J2000: f64 = 2_451_545.0;

fn rad(deg: f64) -> f64 {
    deg * PI / 180.0
}

fn norm360(x: f64) -> f64 {
    x.rem_euclid(360.0)
}

/// Julian Day from seconds since the Unix epoch (UTC; ΔT is ignored, a minute at most).
pub fn jd_from_unix(secs: f64) -> f64 {
    JD_UNIX + secs / 86_400.0
}

pub fn unix_from_jd(jd: f64) -> f64 {
    (jd - JD_UNIX) * 86_400.0
}

fn centuries(jd: f64) -> f64 {
    (jd - J2000) / 36_525.0
}

/// The instant (Julian Day) of the true new moon of lunation `k`, where `k = 0` is the new
/// moon of 6 January 2000 (Meeus ch. 49).
pub fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let (t2, t3, t4) = (t * t, t * t * t, t * t * t * t);
    let jde = 2_451_550.097_66 + 29.530_588_861 * k + 0.000_154_37 * t2 - 0.000_000_150 * t3
        + 0.000_000_000_73 * t4;
    let e = 1.0 - 0.002_516 * t - 0.000_007_4 * t2;
    let m = rad(2.5534 + 29.105_356_70 * k - 0.000_001_4 * t2 - 0.000_000_11 * t3);
    let mp = rad(
        201.5643 + 385.816_935_28 * k + 0.010_758_2 * t2 + 0.000_012_38 * t3 - 0.000_000_058 * t4,
    );
    let f = rad(
        160.7108 + 390.670_502_84 * k - 0.001_611_8 * t2 - 0.000_002_27 * t3 + 0.000_000_011 * t4,
    );
    let om = rad(124.7746 - 1.563_755_88 * k + 0.002_067_2 * t2 + 0.000_002_15 * t3);
    let corr = -0.40720 * mp.sin()
        + 0.17241 * e * m.sin()
        + 0.01608 * (2.0 * mp).sin()
        + 0.01039 * (2.0 * f).sin()
        + 0.00739 * e * (mp - m).sin()
        - 0.00514 * e * (mp + m).sin()
        + 0.00208 * e * e * (2.0 * m).sin()
        - 0.00111 * (mp - 2.0 * f).sin()
        - 0.00057 * (mp + 2.0 * f).sin()
        + 0.00056 * e * (2.0 * mp + m).sin()
        - 0.00042 * (3.0 * mp).sin()
        + 0.00042 * e * (m + 2.0 * f).sin()
        + 0.00038 * e * (m - 2.0 * f).sin()
        - 0.00024 * e * (2.0 * mp - m).sin()
        - 0.00017 * om.sin()
        - 0.00007 * (mp + 2.0 * m).sin()
        + 0.00004 * (2.0 * mp - 2.0 * f).sin()
        + 0.00004 * (3.0 * m).sin()
        + 0.00003 * (mp + m - 2.0 * f).sin()
        + 0.00003 * (2.0 * mp + 2.0 * f).sin()
        - 0.00003 * (mp + m + 2.0 * f).sin()
        + 0.00003 * (mp - m + 2.0 * f).sin()
        - 0.00002 * (mp - m - 2.0 * f).sin()
        - 0.00002 * (3.0 * mp + m).sin()
        + 0.00002 * (4.0 * mp).sin();
    // The planetary arguments add at most a minute; the largest is kept.
    let a1 = rad(299.77 + 0.107_408 * k - 0.009_173 * t2);
    jde + corr + 0.000_325 * a1.sin()
}

/// Apparent geocentric equatorial position: right ascension and declination in radians,
/// distance in km.
#[derive(Debug, Clone, Copy)]
pub struct Position {
    pub ra: f64,
    pub dec: f64,
    pub distance_km: f64,
    /// Ecliptic longitude and latitude, radians (for the elongation).
    pub lon: f64,
    pub lat: f64,
}

fn nutation_and_obliquity(t: f64) -> (f64, f64) {
    let om = rad(125.04 - 1934.136 * t);
    let eps0 = 23.439_291 - 0.013_004_2 * t;
    // Δψ ≈ −17.20″ sin Ω; the obliquity's nutation ≈ 9.20″ cos Ω.
    (-0.004_78 * om.sin(), rad(eps0 + 0.002_56 * om.cos()))
}

fn equatorial(lon: f64, lat: f64, eps: f64, distance_km: f64) -> Position {
    let ra = (lon.sin() * eps.cos() - lat.tan() * eps.sin()).atan2(lon.cos());
    let dec = (lat.sin() * eps.cos() + lat.cos() * eps.sin() * lon.sin()).asin();
    Position {
        ra,
        dec,
        distance_km,
        lon,
        lat,
    }
}

/// The Sun's apparent position (Meeus ch. 25, about 0.01°).
pub fn sun(jd: f64) -> Position {
    let t = centuries(jd);
    let l0 = 280.466_46 + 36_000.769_83 * t + 0.000_303_2 * t * t;
    let m = rad(357.529_11 + 35_999.050_29 * t - 0.000_153_7 * t * t);
    let c = (1.914_602 - 0.004_817 * t - 0.000_014 * t * t) * m.sin()
        + (0.019_993 - 0.000_101 * t) * (2.0 * m).sin()
        + 0.000_289 * (3.0 * m).sin();
    let om = rad(125.04 - 1934.136 * t);
    let lon = norm360(l0 + c - 0.005_69 - 0.004_78 * om.sin());
    let (_, eps) = nutation_and_obliquity(t);
    equatorial(rad(lon), 0.0, eps, 149_597_870.0)
}

/// (coefficient of sin for longitude, of cos for distance; multiples of D, M, M', F).
const MOON_LR: &[(f64, f64, [i8; 4])] = &[
    (6_288_774.0, -20_905_355.0, [0, 0, 1, 0]),
    (1_274_027.0, -3_699_111.0, [2, 0, -1, 0]),
    (658_314.0, -2_955_968.0, [2, 0, 0, 0]),
    (213_618.0, -569_925.0, [0, 0, 2, 0]),
    (-185_116.0, 48_888.0, [0, 1, 0, 0]),
    (-114_332.0, -3_149.0, [0, 0, 0, 2]),
    (58_793.0, 246_158.0, [2, 0, -2, 0]),
    (57_066.0, -152_138.0, [2, -1, -1, 0]),
    (53_322.0, -170_733.0, [2, 0, 1, 0]),
    (45_758.0, -204_586.0, [2, -1, 0, 0]),
    (-40_923.0, -129_620.0, [0, 1, -1, 0]),
    (-34_720.0, 108_743.0, [1, 0, 0, 0]),
    (-30_383.0, 104_755.0, [0, 1, 1, 0]),
    (15_327.0, 10_321.0, [2, 0, 0, -2]),
    (-12_528.0, 0.0, [0, 0, 1, 2]),
    (10_980.0, 79_661.0, [0, 0, 1, -2]),
    (10_675.0, -34_782.0, [4, 0, -1, 0]),
    (10_034.0, -23_210.0, [0, 0, 3, 0]),
    (8_548.0, -21_636.0, [4, 0, -2, 0]),
    (-7_888.0, 24_208.0, [2, 1, -1, 0]),
    (-6_766.0, 30_824.0, [2, 1, 0, 0]),
    (-5_163.0, -8_379.0, [1, 0, -1, 0]),
    (4_987.0, -16_675.0, [1, 1, 0, 0]),
    (4_036.0, -12_831.0, [2, -1, 1, 0]),
    (3_994.0, -10_445.0, [2, 0, 2, 0]),
    (3_861.0, -11_650.0, [4, 0, 0, 0]),
    (3_665.0, 14_403.0, [2, 0, -3, 0]),
    (-2_689.0, -7_003.0, [0, 1, -2, 0]),
    (-2_602.0, 0.0, [2, 0, -1, 2]),
    (2_390.0, 10_056.0, [2, -1, -2, 0]),
    (-2_348.0, 6_322.0, [1, 0, 1, 0]),
    (2_236.0, -9_884.0, [2, -2, 0, 0]),
    (-2_120.0, 5_751.0, [0, 1, 2, 0]),
    (-2_069.0, 0.0, [0, 2, 0, 0]),
    (2_048.0, -4_950.0, [2, -2, -1, 0]),
    (-1_773.0, 4_130.0, [2, 0, 1, -2]),
    (-1_595.0, 0.0, [2, 0, 0, 2]),
    (1_215.0, -3_958.0, [4, -1, -1, 0]),
    (-1_110.0, 0.0, [0, 0, 2, 2]),
    (-892.0, 3_258.0, [3, 0, -1, 0]),
    (-810.0, 2_616.0, [2, 1, 1, 0]),
    (759.0, -1_897.0, [4, -1, -2, 0]),
    (-713.0, -2_117.0, [0, 2, -1, 0]),
    (-700.0, 2_354.0, [2, 2, -1, 0]),
];

/// (coefficient of sin for latitude; multiples of D, M, M', F).
const MOON_B: &[(f64, [i8; 4])] = &[
    (5_128_122.0, [0, 0, 0, 1]),
    (280_602.0, [0, 0, 1, 1]),
    (277_693.0, [0, 0, 1, -1]),
    (173_237.0, [2, 0, 0, -1]),
    (55_413.0, [2, 0, -1, 1]),
    (46_271.0, [2, 0, -1, -1]),
    (32_573.0, [2, 0, 0, 1]),
    (17_198.0, [0, 0, 2, 1]),
    (9_266.0, [2, 0, 1, -1]),
    (8_822.0, [0, 0, 2, -1]),
    (8_216.0, [2, -1, 0, -1]),
    (4_324.0, [2, 0, -2, -1]),
    (4_200.0, [2, 0, 1, 1]),
    (-3_359.0, [2, 1, 0, -1]),
    (2_463.0, [2, -1, -1, 1]),
    (2_211.0, [2, -1, 0, 1]),
    (2_065.0, [2, -1, -1, -1]),
    (-1_870.0, [0, 1, -1, -1]),
    (1_828.0, [4, 0, -1, -1]),
    (-1_794.0, [0, 1, 0, 1]),
    (-1_749.0, [0, 0, 0, 3]),
    (-1_565.0, [0, 1, -1, 1]),
    (-1_491.0, [1, 0, 0, 1]),
    (-1_475.0, [0, 1, 1, 1]),
    (-1_410.0, [0, 1, 1, -1]),
    (-1_344.0, [0, 1, 0, -1]),
    (-1_335.0, [1, 0, 0, -1]),
    (1_107.0, [0, 0, 3, 1]),
    (1_021.0, [4, 0, 0, -1]),
    (833.0, [4, 0, -1, 1]),
];

/// The Moon's apparent position (Meeus ch. 47, the larger terms).
pub fn moon(jd: f64) -> Position {
    let t = centuries(jd);
    let lp = norm360(218.316_447_7 + 481_267.881_234_21 * t);
    let d = rad(norm360(297.850_192_1 + 445_267.111_403_4 * t));
    let m = rad(norm360(357.529_109_2 + 35_999.050_290_9 * t));
    let mp = rad(norm360(134.963_396_4 + 477_198.867_505_5 * t));
    let f = rad(norm360(93.272_095_0 + 483_202.017_523_3 * t));
    let a1 = rad(norm360(119.75 + 131.849 * t));
    let a2 = rad(norm360(53.09 + 479_264.290 * t));
    let a3 = rad(norm360(313.45 + 481_266.484 * t));
    let e = 1.0 - 0.002_516 * t - 0.000_007_4 * t * t;
    let arg = |k: &[i8; 4]| -> (f64, f64) {
        let a =
            f64::from(k[0]) * d + f64::from(k[1]) * m + f64::from(k[2]) * mp + f64::from(k[3]) * f;
        let ecc = match k[1].abs() {
            1 => e,
            2 => e * e,
            _ => 1.0,
        };
        (a, ecc)
    };
    let (mut sl, mut sr) = (0.0, 0.0);
    for (l, r, k) in MOON_LR {
        let (a, ecc) = arg(k);
        sl += l * ecc * a.sin();
        sr += r * ecc * a.cos();
    }
    let mut sb = 0.0;
    for (b, k) in MOON_B {
        let (a, ecc) = arg(k);
        sb += b * ecc * a.sin();
    }
    let lpr = rad(lp);
    sl += 3958.0 * a1.sin() + 1962.0 * (lpr - f).sin() + 318.0 * a2.sin();
    sb += -2235.0 * lpr.sin()
        + 382.0 * a3.sin()
        + 175.0 * (a1 - f).sin()
        + 175.0 * (a1 + f).sin()
        + 127.0 * (lpr - mp).sin()
        - 115.0 * (lpr + mp).sin();
    let (dpsi, eps) = nutation_and_obliquity(t);
    let lon = norm360(lp + sl / 1e6 + dpsi);
    let lat = sb / 1e6;
    equatorial(rad(lon), rad(lat), eps, 385_000.56 + sr / 1000.0)
}

/// Greenwich apparent sidereal time, radians (mean time is close enough here).
fn sidereal(jd: f64) -> f64 {
    let t = centuries(jd);
    rad(norm360(
        280.460_618_37 + 360.985_647_366_29 * (jd - J2000) + 0.000_387_933 * t * t,
    ))
}

/// Altitude (radians) of a body above the horizon at latitude/longitude (radians, east
/// positive).
pub fn altitude(p: &Position, jd: f64, lat: f64, lon: f64) -> f64 {
    let h = sidereal(jd) + lon - p.ra;
    (lat.sin() * p.dec.sin() + lat.cos() * p.dec.cos() * h.cos()).asin()
}

/// The Moon's topocentric altitude: the geocentric one lowered by its parallax.
pub fn moon_altitude(p: &Position, jd: f64, lat: f64, lon: f64) -> f64 {
    let h = altitude(p, jd, lat, lon);
    let parallax = (6378.14 / p.distance_km).asin();
    h - parallax * h.cos()
}

/// Geocentric elongation between the Sun and the Moon, radians.
pub fn elongation(sun: &Position, moon: &Position) -> f64 {
    (moon.lat.cos() * (moon.lon - sun.lon).cos())
        .clamp(-1.0, 1.0)
        .acos()
}

/// The instant of sunset (upper limb, standard refraction: altitude −0.833°) nearest to
/// `guess_jd` at a place, or None where the Sun does not set that day.
pub fn sunset_near(guess_jd: f64, lat: f64, lon: f64) -> Option<f64> {
    let h0 = rad(-0.833);
    let mut jd = guess_jd;
    for _ in 0..4 {
        let s = sun(jd);
        let cos_h = (h0.sin() - lat.sin() * s.dec.sin()) / (lat.cos() * s.dec.cos());
        if !(-1.0..=1.0).contains(&cos_h) {
            return None;
        }
        let hour_angle = cos_h.acos();
        // Local hour angle now, in (−π, π]; sunset is at +hour_angle.
        let now = (sidereal(jd) + lon - s.ra + PI).rem_euclid(2.0 * PI) - PI;
        let delta = (hour_angle - now + PI).rem_euclid(2.0 * PI) - PI;
        // The Sun's hour angle runs 360.9856° per day.
        let step = delta / (2.0 * PI * 1.002_737_9);
        jd += step;
        if step.abs() < 1e-5 {
            break;
        }
    }
    Some(jd)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deg(rad: f64) -> f64 {
        rad * 180.0 / PI
    }

    #[test]
    fn new_moon_matches_meeus_example() {
        // Meeus example 49.a: the new moon of 1977 February 18, JDE 2443192.65118.
        let jde = new_moon(-283);
        assert!((jde - 2_443_192.651_18).abs() < 0.0005, "{jde}");
    }

    #[test]
    fn moon_position_matches_meeus_example() {
        // Meeus example 47.a: 1992 April 12, 0h TD: λ = 133.162655°, β = −3.229126°,
        // Δ = 368409.7 km.
        let p = moon(2_448_724.5);
        assert!((deg(p.lon) - 133.167).abs() < 0.03, "{}", deg(p.lon));
        assert!((deg(p.lat) + 3.229).abs() < 0.03, "{}", deg(p.lat));
        assert!(
            (p.distance_km - 368_409.7).abs() < 50.0,
            "{}",
            p.distance_km
        );
    }

    #[test]
    fn sun_position_matches_meeus_example() {
        // Meeus example 25.a: 1992 October 13, 0h TD: apparent λ = 199.90895°,
        // δ = −7.78507°.
        let p = sun(2_448_908.5);
        assert!((deg(p.lon) - 199.909).abs() < 0.01, "{}", deg(p.lon));
        assert!((deg(p.dec) + 7.785).abs() < 0.01, "{}", deg(p.dec));
    }
}
