//! The edge's Neon client: the protocol of `neon_http` over this build's [`crate::transport::Http`].

pub use neon_http::*;

/// The client the edge uses.
pub type Neon = neon_http::Neon<crate::transport::Http>;
