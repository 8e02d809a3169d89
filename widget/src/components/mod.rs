//! The pieces the steps are built from: lists, the day and time picker, the details form. Each takes
//! plain values and callbacks, not the flow, so it can be shown and tested on its own.

mod day_time_picker;
#[cfg(not(feature = "manage"))]
mod details_form;
#[cfg(not(feature = "manage"))]
mod service_list;
#[cfg(not(feature = "manage"))]
mod staff_picker;

pub use day_time_picker::DayTimePicker;
#[cfg(not(feature = "manage"))]
pub use details_form::DetailsForm;
#[cfg(not(feature = "manage"))]
pub use service_list::ServiceList;
#[cfg(not(feature = "manage"))]
pub use staff_picker::StaffPicker;

use wasm_bindgen::JsCast;

/// Moves a roving tabindex among `selector` elements inside the event's current target, following the
/// WAI-ARIA listbox pattern: arrows move, Home and End jump. Returns the newly focused element.
pub fn rove(
    ev: &leptos::ev::KeyboardEvent,
    selector: &str,
    vertical: bool,
) -> Option<web_sys::HtmlElement> {
    let step: isize = match ev.key().as_str() {
        "ArrowRight" => 1,
        "ArrowLeft" => -1,
        "ArrowDown" if vertical => 1,
        "ArrowUp" if vertical => -1,
        "Home" => isize::MIN,
        "End" => isize::MAX,
        _ => return None,
    };
    ev.prevent_default();
    let list = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
    let items = list.query_selector_all(selector).ok()?;
    let count = items.length() as isize;
    if count == 0 {
        return None;
    }
    let active = web_sys::window()?.document()?.active_element();
    let shadow_active = list
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .and_then(|r| r.active_element())
        .or(active);
    let current = (0..count)
        .find(|&i| {
            items
                .item(i as u32)
                .map(|n| n.unchecked_into::<web_sys::Element>())
                == shadow_active
        })
        .unwrap_or(0);
    let next = match step {
        isize::MIN => 0,
        isize::MAX => count - 1,
        s => (current + s).clamp(0, count - 1),
    };
    for i in 0..count {
        if let Some(el) = items
            .item(i as u32)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.set_attribute("tabindex", if i == next { "0" } else { "-1" });
        }
    }
    let el = items
        .item(next as u32)?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    let _ = el.focus();
    Some(el)
}
