//! CLI integration tests: one test binary, one module per area. Every test runs the real
//! `rancher-compose` binary with a cleared environment.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod api;
mod broken;
mod catalog;
mod compat;
mod config;
mod corpus;
mod deploy;
mod generated;
mod hardening;
mod logs;
mod support;
mod upgrade;
