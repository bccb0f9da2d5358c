//! Emulator tests: a plain HTTP client drives an in-process emulator (instant timing unless a
//! test needs visible transitions).

mod common;
mod errors;
mod fidelity;
mod nested_types;
mod operations;
mod reliability;
mod scenarios;
mod transform;
mod wire;
