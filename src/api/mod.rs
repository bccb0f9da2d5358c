//! The Rancher API (`/v2-beta`) client: URL normalisation, schema discovery, authentication,
//! timeouts and retries, and the generic resource operations every command builds on.
//! The resources the client reads are typed (`types`), every field the server sent kept; the
//! schemas say which types, fields and actions exist.

mod client;
#[cfg(test)]
mod contract_tests;
mod error;
pub(crate) mod events;
pub mod logs;
mod schema;
pub mod types;
pub(crate) mod url;
mod websocket;

pub use client::{Client, ClientOptions, Credentials, Lines};
pub use error::Error;
pub use schema::Schemas;
pub use types::{
    Certificate, Container, HealthState, Project, Resource, Service, Stack, State, Transitioning,
};
