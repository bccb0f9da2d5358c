//! CLI integration tests (one test binary).
