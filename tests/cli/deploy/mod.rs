//! The deploy commands against an in-process emulator (instant timing), one module per command:
//! what they print, their exit codes, and the state they leave on the server.

mod connection;
mod every_command;
mod pull;
mod restart;
mod stop_start_scale_rm;
mod up;
mod up_refused;
