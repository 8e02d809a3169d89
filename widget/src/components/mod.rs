//! The steps of the booking flow, one component each.

mod confirmation;
mod details_form;
mod service_list;
mod slot_picker;

pub use confirmation::Confirmation;
pub use details_form::DetailsForm;
pub use service_list::ServiceList;
pub use slot_picker::SlotPicker;
