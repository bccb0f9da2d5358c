//! Small pure helpers shared by the emulator: Cattle id formatting/parsing, deterministic UUIDs,
//! ISO-8601 timestamps without a date crate, a base64 decoder for basic auth and glob matching
//! for fault patterns.

use std::time::{SystemTime, UNIX_EPOCH};

/// `"1" + prefix + n`, e.g. `fmt_id("st", 7) == "1st7"` (`rancher-api-semantics.md` §1.4).
pub(super) fn fmt_id(prefix: &str, n: u64) -> String {
    format!("1{prefix}{n}")
}

/// Parse `"1st7"` with the expected prefix into 7. Anything else (bare numbers, other types) is None.
pub(super) fn parse_id(prefix: &str, id: &str) -> Option<u64> {
    let rest = id.strip_prefix('1')?.strip_prefix(prefix)?;
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.parse().ok()
}

/// SplitMix64: a tiny, well-distributed mixer used to derive UUIDs and fault decisions from counters.
pub(super) fn mix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A version-4-shaped UUID derived from a counter, so runs are reproducible.
pub(super) fn uuid_from(counter: u64) -> String {
    let a = mix64(counter);
    let b = mix64(a ^ counter.rotate_left(17));
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        (a >> 32) as u32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        (b >> 48) & 0xfff,
        b & 0xffff_ffff_ffff
    )
}

/// A 64-hex-digit Docker-like id.
pub(super) fn docker_id(counter: u64) -> String {
    let mut s = String::with_capacity(64);
    let mut x = counter;
    for _ in 0..4 {
        x = mix64(x);
        s.push_str(&format!("{x:016x}"));
    }
    s
}

/// Milliseconds since the Unix epoch.
pub(super) fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// Current UTC time as `2017-04-01T12:00:00Z`.
pub(super) fn now_iso() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    iso_from_secs(secs)
}

pub(super) fn iso_from_secs(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, (rem / 60) % 60, rem % 60)
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Standard base64 decoding (padding optional); None on invalid input.
pub(super) fn base64_decode(input: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    let mut buf = 0u32;
    let mut bits = 0u32;
    for c in input.trim().bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        buf = (buf << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Glob match with `*` (any run) and `?` (one char), used for fault image patterns.
pub(super) fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let (mut star, mut mark) = (None::<usize>, 0usize);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        assert_eq!(fmt_id("st", 7), "1st7");
        assert_eq!(parse_id("st", "1st7"), Some(7));
        assert_eq!(parse_id("s", "1st7"), None);
        assert_eq!(parse_id("s", "12"), None);
        assert_eq!(parse_id("s", "1s"), None);
        assert_eq!(parse_id("i", "1i30"), Some(30));
    }

    #[test]
    fn dates() {
        assert_eq!(iso_from_secs(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_from_secs(1_491_048_000), "2017-04-01T12:00:00Z");
        assert_eq!(iso_from_secs(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn base64() {
        assert_eq!(base64_decode("dXNlcjpwYXNz").as_deref(), Some(&b"user:pass"[..]));
        assert_eq!(base64_decode("YQ==").as_deref(), Some(&b"a"[..]));
        assert!(base64_decode("!!").is_none());
    }

    #[test]
    fn globs() {
        assert!(glob_match("docker:bad*", "docker:bad:1.0"));
        assert!(glob_match("*never*", "docker:x-never-healthy"));
        assert!(!glob_match("bad", "docker:bad"));
        assert!(glob_match("a?c", "abc"));
    }

    #[test]
    fn uuids_are_deterministic_and_distinct() {
        assert_eq!(uuid_from(1), uuid_from(1));
        assert_ne!(uuid_from(1), uuid_from(2));
        assert_eq!(uuid_from(3).len(), 36);
    }
}
