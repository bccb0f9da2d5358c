//! Emulator tests: a plain HTTP client drives an in-process emulator (instant timing unless a
//! test needs visible transitions).

mod common;
mod driver_services;
mod environments;
mod errors;
mod fidelity;
mod host_ports;
mod local_clock;
mod nested_types;
mod operations;
mod reliability;
mod scenarios;
mod selector_links;
mod transform;
mod wire;
