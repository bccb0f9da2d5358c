//! Fault injection for reliability tests: a rate of 5xx answers, added latency, dropped
//! connections, and image patterns whose containers fail to start or never become healthy.
//! Decisions are derived from a request counter and a seed, so a run is reproducible.

use serde::{Deserialize, Serialize};

use super::util::{glob_match, mix64};

/// The fault configuration, settable with flags or `PUT /emulator/faults` (same JSON shape).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Faults {
    /// Fraction (0..=1) of API requests answered with a 503 error body.
    pub error_rate: f64,
    /// Fraction (0..=1) of API requests whose connection is dropped mid-response.
    pub drop_rate: f64,
    /// Latency added to every API request, in milliseconds.
    pub latency_ms: u64,
    /// Glob patterns on `imageUuid` (e.g. `docker:broken*`): such containers go to `error`.
    pub fail_images: Vec<String>,
    /// Glob patterns on `imageUuid`: such containers stay `initializing` forever.
    pub unhealthy_images: Vec<String>,
    /// Glob patterns on `imageUuid`: the first container of such an image fails to start, the
    /// ones the server starts in its place run.
    pub flaky_images: Vec<String>,
    /// The next this many API requests that change something are answered with a 503 error
    /// body before any work is done (counted down as they come).
    pub failing_writes: u32,
    /// Seed for the per-request decisions.
    pub seed: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Pass,
    Error,
    Drop,
}

impl Faults {
    pub fn decide(&self, request_no: u64) -> Decision {
        if self.error_rate <= 0.0 && self.drop_rate <= 0.0 {
            return Decision::Pass;
        }
        let r = (mix64(request_no ^ self.seed.rotate_left(32)) >> 11) as f64 / (1u64 << 53) as f64;
        if r < self.error_rate {
            Decision::Error
        } else if r < self.error_rate + self.drop_rate {
            Decision::Drop
        } else {
            Decision::Pass
        }
    }

    pub fn fails_to_start(&self, image: &str) -> bool {
        matches_any(&self.fail_images, image)
    }

    pub fn flaky(&self, image: &str) -> bool {
        matches_any(&self.flaky_images, image)
    }

    pub fn never_healthy(&self, image: &str) -> bool {
        matches_any(&self.unhealthy_images, image)
    }
}

/// Patterns match the full `imageUuid` or the image without its `docker:` prefix.
fn matches_any(patterns: &[String], image: &str) -> bool {
    let bare = image.strip_prefix("docker:").unwrap_or(image);
    patterns.iter().any(|p| glob_match(p, image) || glob_match(p, bare))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_roughly_honoured() {
        let f = Faults { error_rate: 0.2, drop_rate: 0.1, ..Faults::default() };
        let (mut e, mut d) = (0, 0);
        for i in 0..10_000 {
            match f.decide(i) {
                Decision::Error => e += 1,
                Decision::Drop => d += 1,
                Decision::Pass => {}
            }
        }
        assert!((1700..2300).contains(&e), "errors {e}");
        assert!((700..1300).contains(&d), "drops {d}");
        assert_eq!(Faults::default().decide(5), Decision::Pass);
    }

    #[test]
    fn image_patterns() {
        let f = Faults { fail_images: vec!["broken*".into()], ..Faults::default() };
        assert!(f.fails_to_start("docker:broken:1"));
        assert!(!f.fails_to_start("docker:nginx"));
    }
}
