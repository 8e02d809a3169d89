use leptos::prelude::*;
use shared::api::ServiceProfile;

use crate::format;

/// The salon's services grouped by category, each with its duration and price.
///
/// - `services`: in the salon's order; categories appear in order of first use.
/// - `currency`, `locale`: for prices.
/// - `on_select`: called with the chosen service.
#[component]
pub fn ServiceList(
    services: Vec<ServiceProfile>,
    currency: String,
    locale: String,
    on_select: Callback<ServiceProfile>,
) -> impl IntoView {
    let mut categories: Vec<(String, Vec<ServiceProfile>)> = Vec::new();
    for s in services {
        match categories.iter_mut().find(|(c, _)| *c == s.category) {
            Some((_, list)) => list.push(s),
            None => categories.push((s.category.clone(), vec![s])),
        }
    }
    view! {
        <div class="ct-services" data-testid="services">
            {categories
                .into_iter()
                .map(|(category, list)| {
                    view! {
                        <h4 class="ct-category">{category}</h4>
                        <ul class="ct-list">
                            {list
                                .into_iter()
                                .map(|s| {
                                    let price = format::price(s.price_cents, &currency, &locale);
                                    let duration = format::duration(s.duration_minutes);
                                    let key = s.key.clone();
                                    let name = s.name.clone();
                                    view! {
                                        <li>
                                            <button type="button" class="ct-row" data-testid="service" data-key=key on:click=move |_| on_select.run(s.clone())>
                                                <span class="ct-row-main">{name}</span>
                                                <span class="ct-row-meta">{duration}" · "{price}</span>
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })
                .collect_view()}
        </div>
    }
}
