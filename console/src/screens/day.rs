use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{BlockWire, BookingStatus, Outcome, OwnerBooking, OwnerBookings};
use shared::date::CalendarDate;
use shared::paths::ApiPath;

use crate::api::{self, ApiFailure};
use crate::components::{
    rove, BlockForm, BookingDialog, Heading, Modal, NavLink, NewBookingForm, Problem,
};
use crate::route::Page;
use crate::state::{Console, Salon};
use crate::texts::TEXTS;
use crate::timeline::{
    instant_of, parse_stamp, visible_range, wall_clock, Axis, Stamp, PX_TENTHS_PER_MINUTE,
};
use crate::zone;

/// Minutes between the empty times one can tap to book.
const SLOT_MINUTES: i64 = 30;

/// What a dialog over the day shows.
#[derive(Debug, Clone, PartialEq)]
enum DayDialog {
    Booking(Box<OwnerBooking>),
    New { staff: String, minutes: u16 },
    Block { staff: String, minutes: u16 },
    BlockInfo(BlockWire),
}

/// A length on the axis in CSS pixels, written with integers: float formatting would add kilobytes.
fn px(minutes: i64) -> String {
    let tenths = minutes * PX_TENTHS_PER_MINUTE;
    format!("{}.{}px", tenths / 10, (tenths % 10).abs())
}

/// The day view: a column per staff member (only their own for a staff member; one at a time on a
/// phone, with a switcher), the salon's hours, bookings and blocks placed by time, a line at the
/// current time on today. A booking opens its details; an empty time opens a new booking there;
/// "Block time" takes a staff member's time out of availability.
///
/// - `salon`: the loaded salon.
/// - `date`: the salon's local date shown.
#[component]
pub fn DayScreen(console: Console, salon: Salon, date: CalendarDate) -> impl IntoView {
    let slug = salon.profile.slug.clone();
    let own = console.own_staff(&slug);
    let columns: Vec<(String, String)> = salon
        .profile
        .staff
        .iter()
        .filter(|s| own.as_ref().is_none_or(|o| *o == s.key))
        .map(|s| (s.key.clone(), s.name.clone()))
        .collect();
    let today = salon.today();
    let salon = StoredValue::new(salon);
    let columns = StoredValue::new(columns);
    let active = RwSignal::new(
        columns.with_value(|c| c.first().map(|(k, _)| k.clone()).unwrap_or_default()),
    );
    let url = ApiPath::AdminBookings { slug: &slug }.with_query(format!("from={date}&to={date}"));
    let data = api::Loaded::<OwnerBookings>::new(url);
    Effect::new(move |_| {
        if let Some(Err(e)) = data.get() {
            console.check(&e);
        }
    });
    let dialog = RwSignal::new(None::<DayDialog>);
    let close = Callback::new(move |_| dialog.set(None));
    let changed = Callback::new(move |_| data.refetch());
    let done = Callback::new(move |_| {
        dialog.set(None);
        data.refetch();
    });
    let open_at = move || {
        // The next half hour today, else the day's first hour.
        salon.with_value(|s| {
            let (open, _) = visible_range(s.hours_on(date), &[]);
            if date == today {
                let now = zone::now();
                wall_clock(now, zone::offset_at(s.zone(), now))
                    .map_or(open, |(_, m)| ((m / 30 + 1) * 30).min(23 * 60 + 30))
            } else {
                open
            }
        })
    };
    let day = |d: Option<CalendarDate>| {
        let slug = salon.with_value(|s| s.profile.slug.clone());
        Signal::derive(move || Page::Day {
            salon: slug.clone(),
            date: d.unwrap_or(date),
        })
    };
    let title = if date == today {
        format!("{} · {}", TEXTS.today, zone::long_date(date))
    } else {
        zone::long_date(date)
    };
    let grid = move || match data.get() {
        None => view! { <div class="ct-skeleton" aria-busy="true" data-testid="loading"></div> }
            .into_any(),
        Some(Err(e)) => {
            let message = e.message();
            view! {
                <Problem message=Some(message) />
                <button type="button" class="ct-secondary" on:click=move |_| data.refetch()>{TEXTS.retry}</button>
            }
            .into_any()
        }
        Some(Ok(d)) => day_grid(
            console,
            salon,
            columns,
            active,
            date,
            date == today,
            d,
            dialog,
        )
        .into_any(),
    };
    let dialog_view = move || {
        dialog.get().map(|d| match d {
            DayDialog::Booking(b) => view! {
                <BookingDialog console salon booking=*b on_changed=changed on_close=close />
            }
            .into_any(),
            DayDialog::New { staff, minutes } => view! {
                <Modal title=TEXTS.new_booking.to_owned() on_close=close>
                    <NewBookingForm console salon date minutes staff on_done=done />
                </Modal>
            }
            .into_any(),
            DayDialog::Block { staff, minutes } => view! {
                <Modal title=TEXTS.block_time.to_owned() on_close=close>
                    <BlockForm console salon date minutes staff on_done=done />
                </Modal>
            }
            .into_any(),
            DayDialog::BlockInfo(block) => {
                view! { <BlockInfo console salon block on_done=done on_close=close /> }.into_any()
            }
        })
    };
    let switcher = move || {
        let columns = columns.get_value();
        (columns.len() > 1).then(|| {
            view! {
                <div class="ct-switch" role="group" aria-label=TEXTS.staff_shown>
                    {columns.into_iter().map(|(key, name)| {
                        let k = key.clone();
                        view! {
                            <button type="button" class="ct-chip" aria-pressed=move || (active.get() == k).to_string()
                                on:click=move |_| active.set(key.clone())>{name}</button>
                        }
                    }).collect_view()}
                </div>
            }
        })
    };
    view! {
        <main id="main" class="ct-main ct-wide" data-testid="day">
            <Heading console text=title />
            <div class="ct-toolbar">
                <nav class="ct-pager" aria-label=TEXTS.days>
                    <NavLink console page=day(date.add_days(-1)) class="ct-secondary" text=TEXTS.previous_day.to_owned() />
                    <NavLink console page=day(Some(today)) class="ct-secondary" current=Signal::derive(move || date == today) text=TEXTS.today.to_owned() />
                    <NavLink console page=day(date.add_days(1)) class="ct-secondary" text=TEXTS.next_day.to_owned() />
                </nav>
                <div class="ct-tools">
                    <button type="button" class="ct-primary" data-testid="new-booking"
                        on:click=move |_| dialog.set(Some(DayDialog::New { staff: active.get_untracked(), minutes: open_at() }))>
                        {TEXTS.new_booking}
                    </button>
                    <button type="button" class="ct-secondary" data-testid="block-time"
                        on:click=move |_| dialog.set(Some(DayDialog::Block { staff: active.get_untracked(), minutes: open_at() }))>
                        {TEXTS.block_time}
                    </button>
                </div>
            </div>
            {switcher}
            {grid}
            {dialog_view}
        </main>
    }
}

/// The grid of one loaded day.
#[allow(clippy::too_many_arguments)]
fn day_grid(
    console: Console,
    salon: StoredValue<Salon>,
    columns: StoredValue<Vec<(String, String)>>,
    active: RwSignal<String>,
    date: CalendarDate,
    is_today: bool,
    data: OwnerBookings,
    dialog: RwSignal<Option<DayDialog>>,
) -> impl IntoView {
    let zone_name = salon.with_value(|s| s.zone().to_owned());
    let offsets = zone::offsets(&zone_name);
    let stamps = |start: &str, end: &str| Some((parse_stamp(start)?, parse_stamp(end)?));
    let bookings: Vec<(OwnerBooking, Stamp, Stamp)> = data
        .bookings
        .into_iter()
        .filter(|b| b.booking.status == BookingStatus::Confirmed)
        .filter_map(|b| {
            let (s, e) = stamps(&b.booking.start, &b.booking.end)?;
            Some((b, s, e))
        })
        .collect();
    let blocks: Vec<(BlockWire, Stamp, Stamp)> = data
        .blocks
        .into_iter()
        .filter_map(|b| {
            let (s, e) = stamps(&b.start, &b.end)?;
            Some((b, s, e))
        })
        .collect();
    // Everything on the day widens the range shown.
    let on_day = |s: &Stamp, e: &Stamp| {
        let from = if s.date < date { 0 } else { s.minutes };
        let to = if e.date > date { 1440 } else { e.minutes };
        (from, to)
    };
    let items: Vec<(u16, u16)> = bookings
        .iter()
        .map(|(_, s, e)| on_day(s, e))
        .chain(blocks.iter().map(|(_, s, e)| on_day(s, e)))
        .collect();
    let (open, close) = visible_range(salon.with_value(|s| s.hours_on(date)), &items);
    let axis = Axis::new(date, open, close, &offsets);
    let height = px(axis.minutes());
    let marks = axis
        .marks
        .iter()
        .map(|m| view! { <span class="ct-mark" style:top=px(m.offset_minutes)>{zone::clock(m.label)}</span> })
        .collect_view();
    let weekday = (date.days_since_epoch() + 3).rem_euclid(7) as usize;
    let axis = StoredValue::new(axis);
    let bookings = StoredValue::new(bookings);
    let blocks = StoredValue::new(blocks);
    let zone_name = StoredValue::new(zone_name.clone());

    let col_height = height.clone();
    let column = move |key: String, name: String| {
        let col_id = format!("ct-col-{key}");
        let label_id = col_id.clone();
        let k = key.clone();
        let is_active = move || (active.get() == k).to_string();
        // Time outside the staff member's hours is shaded.
        let off = salon.with_value(|s| {
            let Some(week) = s.hours.get(&key) else {
                return Vec::new();
            };
            let offsets = zone::offsets(s.zone());
            let mut edges = vec![0u16];
            for &(a, b) in &week[weekday] {
                edges.push(a);
                edges.push(b);
            }
            edges.push(1440);
            edges
                .chunks(2)
                .filter_map(|gap| {
                    let from = instant_of(date, gap[0], &offsets);
                    let to = match gap[1] {
                        1440.. => date
                            .add_days(1)
                            .map_or(from, |n| instant_of(n, 0, &offsets)),
                        m => instant_of(date, m, &offsets),
                    };
                    axis.with_value(|a| a.place(from, to)).filter(|_| to > from)
                })
                .collect::<Vec<_>>()
        });
        let off = off
            .into_iter()
            .map(|(top, h)| view! { <div class="ct-off" aria-hidden="true" style:top=px(top) style:height=px(h)></div> })
            .collect_view();
        let staff_name = name.clone();
        let slots = axis.with_value(|a| {
            (0..a.minutes() / SLOT_MINUTES)
                .map(|i| {
                    let top = i * SLOT_MINUTES;
                    let at = a.at(top);
                    let zone_name = zone_name.get_value();
                    let label = zone::time(&zone_name, at);
                    let minutes = wall_clock(at, zone::offset_at(&zone_name, at)).map_or(0, |(_, m)| m);
                    let key = key.clone();
                    let aria = format!("{} {label}, {staff_name}", TEXTS.new_booking_at);
                    view! {
                        <button type="button" class="ct-slot" tabindex=if i == 0 { "0" } else { "-1" }
                            style:top=px(top) style:height=px(SLOT_MINUTES) aria-label=aria
                            on:click=move |_| dialog.set(Some(DayDialog::New { staff: key.clone(), minutes }))>
                            <span class="ct-slot-label" aria-hidden="true">"+ "{label.clone()}</span>
                        </button>
                    }
                })
                .collect_view()
        });
        let zone_now = zone_name.get_value();
        let blocks_view = blocks.with_value(|all| {
            all.iter()
                .filter(|(b, _, _)| b.staff == key)
                .filter_map(|(b, s, e)| {
                    let (top, h) = axis.with_value(|a| a.place(s.secs, e.secs))?;
                    let when = format!("{}–{}", zone::time(&zone_now, s.secs), zone::time(&zone_now, e.secs));
                    let block = b.clone();
                    let note = b.note.clone();
                    Some(view! {
                        <button type="button" class="ct-block" data-testid="block" style:top=px(top) style:height=px(h)
                            on:click=move |_| dialog.set(Some(DayDialog::BlockInfo(block.clone())))>
                            <span class="ct-b-time">{when}</span>
                            <span class="ct-b-name">{TEXTS.blocked_label}{(!note.is_empty()).then(|| format!(": {note}"))}</span>
                        </button>
                    })
                })
                .collect_view()
        });
        let bookings_view = bookings.with_value(|all| {
            all.iter()
                .filter(|(b, _, _)| b.booking.staff == key)
                .filter_map(|(b, s, e)| {
                    let (top, h) = axis.with_value(|a| a.place(s.secs, e.secs))?;
                    let when = format!("{}–{}", zone::time(&zone_now, s.secs), zone::time(&zone_now, e.secs));
                    let service = salon.with_value(|x| x.service_name(&b.booking.service));
                    let outcome = match b.outcome {
                        Some(Outcome::Completed) => Some(TEXTS.completed),
                        Some(Outcome::NoShow) => Some(TEXTS.no_show),
                        None => None,
                    };
                    let booking = b.clone();
                    Some(view! {
                        <button type="button" class="ct-booking" data-testid="booking"
                            data-outcome=b.outcome.map(|o| o.as_str())
                            style:top=px(top) style:height=px(h)
                            on:click=move |_| dialog.set(Some(DayDialog::Booking(Box::new(booking.clone()))))>
                            <span class="ct-b-time">{when}</span>
                            <span class="ct-b-name">{b.booking.client.name.clone()}</span>
                            <span class="ct-b-svc">{service}</span>
                            {outcome.map(|o| view! { <span class="ct-b-outcome">{o}</span> })}
                        </button>
                    })
                })
                .collect_view()
        });
        let now_line = move || {
            if !is_today {
                return None;
            }
            let now = console.now.get();
            axis.with_value(|a| a.place(now, now))
                .map(|(top, _)| view! { <div class="ct-now" style:top=px(top)><span class="ct-sr">{TEXTS.now}</span></div> })
        };
        view! {
            <section class="ct-col" data-active=is_active aria-labelledby=label_id data-testid="column">
                <h2 class="ct-col-name" id=col_id>{name}</h2>
                <div class="ct-col-body" style:height=col_height.clone()>
                    {off}
                    <div class="ct-slots" role="group" aria-label=format!("{} {}", TEXTS.empty_times, staff_label(&key, &columns))
                        on:keydown=move |ev| rove(&ev, ".ct-slot")>
                        {slots}
                    </div>
                    {blocks_view}
                    {bookings_view}
                    {now_line}
                </div>
            </section>
        }
    };
    let count = bookings.with_value(Vec::len);
    let summary = match count {
        0 => TEXTS.no_bookings.to_owned(),
        1 => TEXTS.one_booking.to_owned(),
        n => TEXTS.n_bookings.replace("{n}", &n.to_string()),
    };
    view! {
        <p class="ct-sub" data-testid="day-summary">{summary}</p>
        <div class="ct-day" data-testid="grid">
            <div class="ct-axis" aria-hidden="true">
                <div class="ct-col-name"></div>
                <div class="ct-axis-body" style:height=height.clone()>{marks}</div>
            </div>
            <div class="ct-cols">
                {columns.get_value().into_iter().map(|(k, n)| column(k, n)).collect_view()}
            </div>
        </div>
    }
}

fn staff_label(key: &str, columns: &StoredValue<Vec<(String, String)>>) -> String {
    columns.with_value(|c| {
        c.iter()
            .find(|(k, _)| k == key)
            .map_or_else(|| key.to_owned(), |(_, n)| n.clone())
    })
}

/// A block's details and its removal.
#[component]
fn BlockInfo(
    console: Console,
    salon: StoredValue<Salon>,
    block: BlockWire,
    on_done: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let zone_name = salon.with_value(|s| s.zone().to_owned());
    let when = match (parse_stamp(&block.start), parse_stamp(&block.end)) {
        (Some(s), Some(e)) => format!(
            "{} – {}",
            zone::date_time(&zone_name, s.secs),
            zone::time(&zone_name, e.secs)
        ),
        _ => block.start.clone(),
    };
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let slug = salon.with_value(|s| s.profile.slug.clone());
    let url = ApiPath::AdminBlock {
        slug: &slug,
        id: &block.id,
    }
    .to_string();
    let remove = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let url = url.clone();
        spawn_local(async move {
            let result = api::act::<()>("DELETE", &url, None).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    console.announce.set(TEXTS.block_removed.to_owned());
                    on_done.run(());
                }
                Err(e) => {
                    if e == ApiFailure::SignedOut {
                        console.check(&e);
                    }
                    problem.set(Some(e.message()));
                }
            }
        });
    };
    view! {
        <Modal title=TEXTS.blocked_title.to_owned() on_close>
            <Problem message=problem />
            <dl class="ct-facts">
                <div class="ct-fact"><dt>{TEXTS.staff}</dt><dd>{salon.with_value(|s| s.staff_name(&block.staff))}</dd></div>
                <div class="ct-fact"><dt>{TEXTS.time}</dt><dd>{when}</dd></div>
                {(!block.note.is_empty()).then(|| view! { <div class="ct-fact"><dt>{TEXTS.block_note}</dt><dd>{block.note.clone()}</dd></div> })}
            </dl>
            <div class="ct-actions">
                <button type="button" class="ct-secondary ct-danger" aria-disabled=move || busy.get().to_string() on:click=remove>
                    {TEXTS.remove_block}
                </button>
            </div>
        </Modal>
    }
}
