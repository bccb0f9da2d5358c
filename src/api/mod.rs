//! The Rancher API (`/v2-beta`) client: URL normalisation, schema discovery, authentication,
//! timeouts and retries, and the generic resource operations every command builds on.
//! Resources are handled as JSON values; the schemas say which types, fields and actions exist.

mod client;
mod error;
pub mod events;
pub mod logs;
mod schema;
pub mod url;
mod websocket;

pub use client::{Client, ClientOptions, Credentials};
pub use error::Error;
pub use schema::Schemas;
