//! CLI integration tests: one test binary, one module per area. Every test runs the real
//! `rancher-compose` binary with a cleared environment.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod api;
mod article;
mod broken;
mod catalog;
mod compat;
mod compat_0125;
mod config;
mod corpus;
mod deploy;
mod emulator_fidelity;
mod engine;
mod environments;
mod export;
mod generated;
mod hardening;
mod logs;
mod options;
mod progress;
mod stack_only;
mod support;
mod upgrade;
