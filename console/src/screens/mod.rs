//! One component per screen. Each takes the [`crate::state::Console`] and, for a salon's screens,
//! the loaded [`crate::state::Salon`], owns its `h1` and loads its own data through a resource keyed by
//! the address's parameters.

mod clients;
mod day;
mod sign_in;
mod week;

pub use clients::{ClientScreen, ClientsScreen};
pub use day::DayScreen;
pub use sign_in::SignInScreen;
pub use week::WeekScreen;
