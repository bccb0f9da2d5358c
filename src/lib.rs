//! rancher-compose: a drop-in successor of the Go `rancher-compose` 0.12 for Rancher 1.x.
//!
//! The binary (`src/main.rs`) is a thin shell over this library so that tests, benchmarks and the
//! emulator binary share the same code.

#![warn(unreachable_pub)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod api;
pub mod app;
pub mod catalog;
pub mod cli;
pub(crate) mod commands;
pub mod compose;
pub(crate) mod deploy;
pub mod emulator;
pub(crate) mod env;
pub mod exit;
pub(crate) mod interrupt;
pub(crate) mod limits;
pub(crate) mod locks;
pub(crate) mod parallel;
pub(crate) mod settings;
pub(crate) mod ui;
