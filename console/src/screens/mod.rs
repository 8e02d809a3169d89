//! One component per screen. Each takes the [`crate::state::Console`] and, for a salon's screens,
//! the loaded [`crate::state::Salon`], owns its `h1` and loads its own data through a resource keyed by
//! the address's parameters.

#[cfg(not(feature = "setup"))]
mod clients;
#[cfg(not(feature = "setup"))]
mod day;
mod sign_in;
#[cfg(not(feature = "setup"))]
mod week;

#[cfg(not(feature = "setup"))]
pub use clients::{ClientScreen, ClientsScreen};
#[cfg(not(feature = "setup"))]
pub use day::DayScreen;
pub use sign_in::SignInScreen;
#[cfg(not(feature = "setup"))]
pub use week::WeekScreen;
