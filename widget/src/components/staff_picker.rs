use leptos::prelude::*;
use shared::api::StaffProfile;
use shared::client::StaffChoice;

use crate::texts::Texts;

/// "Anyone available" or one person who performs the chosen service.
///
/// - `staff`: the people who perform the service, in the salon's order.
/// - `texts`: the interface language.
/// - `on_select`: called with `any` or a staff key.
#[component]
pub fn StaffPicker(
    staff: Vec<StaffProfile>,
    texts: &'static Texts,
    on_select: Callback<String>,
) -> impl IntoView {
    view! {
        <ul class="ct-list" data-testid="staff-list">
            <li>
                <button type="button" class="ct-row" data-testid="staff" data-key=StaffChoice::ANY on:click=move |_| on_select.run(StaffChoice::ANY.to_owned())>
                    <span class="ct-row-main">{texts.anyone}</span>
                    <span class="ct-row-meta">{texts.anyone_hint}</span>
                </button>
            </li>
            {staff
                .into_iter()
                .map(|s| {
                    let key = s.key.clone();
                    view! {
                        <li>
                            <button type="button" class="ct-row" data-testid="staff" data-key=s.key.clone() on:click=move |_| on_select.run(key.clone())>
                                <span class="ct-row-main">{s.name}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
