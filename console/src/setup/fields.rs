//! Form fields bound to a path of the configuration draft: a label, the input, and the problem
//! `shared` (or the API) finds at that path, tied together for screen readers.

use leptos::prelude::*;
use shared::config::SalonConfigWire;

use super::editor::Editor;

/// Reads a value of the draft.
pub trait Getter<T>: Fn(&SalonConfigWire) -> T + Clone + Send + Sync + 'static {}
impl<T, F: Fn(&SalonConfigWire) -> T + Clone + Send + Sync + 'static> Getter<T> for F {}

/// Writes a value into the draft.
pub trait Setter<T>: Fn(&mut SalonConfigWire, T) + Clone + Send + Sync + 'static {}
impl<T, F: Fn(&mut SalonConfigWire, T) + Clone + Send + Sync + 'static> Setter<T> for F {}

/// An id for the input of `path`, usable in HTML and CSS.
pub fn id_of(path: &str) -> String {
    let mut id = String::from("f-");
    id.extend(
        path.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }),
    );
    id
}

/// How an input is presented.
#[derive(Clone, Copy, Default)]
pub struct Look {
    /// The input's `type`; `text` when empty.
    pub kind: &'static str,
    pub hint: &'static str,
    pub autocomplete: &'static str,
    pub inputmode: &'static str,
    pub required: bool,
}

/// The label, the problem under the input, and their ids.
fn frame(
    editor: Editor,
    path: String,
    label: String,
    look: Look,
    input: impl IntoView + 'static,
) -> impl IntoView {
    let id = id_of(&path);
    let error_id = format!("{id}-error");
    let shown = path.clone();
    let hint = (!look.hint.is_empty()).then(|| view! { <p class="ct-hint">{look.hint}</p> });
    view! {
        <div class="ct-field">
            <label class="ct-label" for=id>{label}{look.required.then_some(view! { <span aria-hidden="true">" *"</span> })}</label>
            {hint}
            {input}
            <p id=error_id class="ct-field-error" data-path=path>{move || editor.error(&shown)}</p>
        </div>
    }
}

/// A text input for `path`.
pub fn text(
    editor: Editor,
    path: String,
    label: impl Into<String>,
    look: Look,
    get: impl Getter<String>,
    set: impl Setter<String>,
) -> impl IntoView {
    let id = id_of(&path);
    let (p1, p2) = (path.clone(), path.clone());
    let input = view! {
        <input id=id.clone() class="ct-input" type=if look.kind.is_empty() { "text" } else { look.kind }
            autocomplete=if look.autocomplete.is_empty() { "off" } else { look.autocomplete }
            inputmode=(!look.inputmode.is_empty()).then_some(look.inputmode)
            required=look.required
            aria-invalid=move || editor.error(&p1).is_some().to_string() aria-describedby=format!("{id}-error")
            prop:value=move || editor.draft.with(&get)
            on:input=move |ev| { let v = event_target_value(&ev); editor.edit(|d| set(d, v)) }
            on:blur=move |_| editor.touch(&p2) />
    };
    frame(editor, path, label.into(), look, input)
}

/// A text area for `path`.
pub fn area(
    editor: Editor,
    path: String,
    label: impl Into<String>,
    look: Look,
    get: impl Getter<String>,
    set: impl Setter<String>,
) -> impl IntoView {
    let id = id_of(&path);
    let (p1, p2) = (path.clone(), path.clone());
    let input = view! {
        <textarea id=id.clone() class="ct-input" rows="3"
            aria-invalid=move || editor.error(&p1).is_some().to_string() aria-describedby=format!("{id}-error")
            prop:value=move || editor.draft.with(&get)
            on:input=move |ev| { let v = event_target_value(&ev); editor.edit(|d| set(d, v)) }
            on:blur=move |_| editor.touch(&p2)></textarea>
    };
    frame(editor, path, label.into(), look, input)
}

/// A number typed as text: `read` turns the text into a value, `show` a value into text. Text that
/// is not a number stays on screen, marked, and keeps the draft as it was.
#[allow(clippy::too_many_arguments)]
pub fn number<T: Send + Sync + 'static>(
    editor: Editor,
    path: String,
    label: impl Into<String>,
    look: Look,
    get: impl Getter<T>,
    set: impl Setter<T>,
    read: fn(&str) -> Option<T>,
    show: fn(T) -> String,
) -> impl IntoView {
    let id = id_of(&path);
    let local = RwSignal::new(None::<String>);
    let (p1, p2, p3) = (path.clone(), path.clone(), path.clone());
    let input = view! {
        <input id=id.clone() class="ct-input" type="text"
            inputmode=if look.inputmode.is_empty() { "numeric" } else { look.inputmode }
            autocomplete="off" required=look.required
            aria-invalid=move || editor.error(&p1).is_some().to_string() aria-describedby=format!("{id}-error")
            prop:value=move || local.get().unwrap_or_else(|| show(editor.draft.with(&get)))
            on:input=move |ev| {
                let text = event_target_value(&ev);
                match read(text.trim()) {
                    Some(value) => {
                        local.set(None);
                        editor.unreadable.update(|u| { u.remove(&p3); });
                        editor.edit(|d| set(d, value));
                    }
                    None => {
                        local.set(Some(text));
                        editor.unreadable.update(|u| { u.insert(p3.clone()); });
                    }
                }
            }
            on:blur=move |_| editor.touch(&p2) />
    };
    frame(editor, path, label.into(), look, input)
}

/// Whole minutes, hours or days.
pub fn read_u32(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A price in the currency's main unit (`35`, `35.5`, `35,50`) as minor units.
pub fn read_price(text: &str) -> Option<u64> {
    let text = text.replace(',', ".");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) || fraction.len() > 2 {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let cents: u64 = format!("{fraction:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(cents)
}

/// Minor units as `35.00`.
pub fn show_price(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// A checkbox for `path`.
pub fn check(
    editor: Editor,
    label: impl Into<String>,
    test_id: String,
    get: impl Getter<bool>,
    set: impl Setter<bool>,
) -> impl IntoView {
    let label = label.into();
    view! {
        <label class="ct-check">
            <input type="checkbox" data-testid=test_id prop:checked=move || editor.draft.with(&get)
                on:change=move |ev| { let on = event_target_checked(&ev); editor.edit(|d| set(d, on)) } />
            {label}
        </label>
    }
}

/// A choice among `options` (value, label) for `path`.
pub fn select(
    editor: Editor,
    path: String,
    label: impl Into<String>,
    look: Look,
    options: Vec<(String, String)>,
    get: impl Getter<String>,
    set: impl Setter<String>,
) -> impl IntoView {
    let id = id_of(&path);
    let p1 = path.clone();
    let input = view! {
        <select id=id.clone() class="ct-input"
            aria-invalid=move || editor.error(&p1).is_some().to_string() aria-describedby=format!("{id}-error")
            prop:value={ let get = get.clone(); move || editor.draft.with(&get) }
            on:change=move |ev| { let v = event_target_value(&ev); editor.edit(|d| set(d, v)) }>
            {options.into_iter().map(|(value, text)| {
                let (v, get) = (value.clone(), get.clone());
                view! { <option value=value selected=move || editor.draft.with(&get) == v>{text}</option> }
            }).collect_view()}
        </select>
    };
    frame(editor, path, label.into(), look, input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_read_in_the_main_unit_with_a_point_or_a_comma() {
        assert_eq!(read_price("35"), Some(3500));
        assert_eq!(read_price("35.5"), Some(3550));
        assert_eq!(read_price("35,05"), Some(3505));
        assert_eq!(read_price(".5"), Some(50));
        assert_eq!(read_price("0"), Some(0));
        for bad in ["", ".", "3.555", "-1", "1e3", "€5", "1.2.3"] {
            assert_eq!(read_price(bad), None, "{bad}");
        }
        assert_eq!(show_price(3505), "35.05");
        assert_eq!(read_price(&show_price(123_456)), Some(123_456));
    }

    #[test]
    fn whole_numbers_only() {
        assert_eq!(read_u32("90"), Some(90));
        for bad in ["", "1.5", "-3", " 4", "99999999999"] {
            assert_eq!(read_u32(bad), None, "{bad}");
        }
    }
}
