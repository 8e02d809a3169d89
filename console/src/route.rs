//! The console's addresses. Every screen is a real URL under `/console`, so reload, back and a link
//! shared with a colleague open the same screen: [`Page::parse`] reads a path, [`Page::href`] writes
//! one, and a test keeps the two directions together. Pure: no DOM, no clock.

use shared::date::CalendarDate;

/// One screen of the console and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// `/console`: the first salon's today once signed in, else the sign-in page.
    Home,
    /// `/console/sign-in`, where the emailed link lands (`#token=…`).
    SignIn,
    /// One local date of a salon, a column per staff member.
    Day { salon: String, date: CalendarDate },
    /// The week (Monday to Sunday) holding `date`.
    Week { salon: String, date: CalendarDate },
    /// Everyone who booked, searchable.
    Clients { salon: String },
    /// One client's history and the salon's note.
    Client { salon: String, id: String },
    /// `/console/sign-up`: a new owner asks for a link.
    SignUp,
    /// `/console/new`: a signed-in user creates a salon.
    NewSalon,
    /// What the salon still needs before it takes bookings, and every set-up screen.
    Setup { salon: String },
    /// One part of the salon's configuration.
    Settings { salon: String, section: Section },
    /// The script tag for the salon's site, with a preview.
    Embed { salon: String },
    /// Who may use the console for the salon.
    Team { salon: String },
    /// The salon's API keys.
    Keys { salon: String },
    /// An address under `/console` that names no screen.
    NotFound,
}

/// A part of the configuration with a screen of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Name, where it is, its language, and how clients reach it.
    Details,
    Policy,
    Services,
    Staff,
    Notifications,
    /// The sites whose pages may take bookings.
    Sites,
}

impl Section {
    /// Every section, in the order the set-up screen lists them.
    pub const ALL: [Section; 6] = [
        Section::Details,
        Section::Services,
        Section::Staff,
        Section::Policy,
        Section::Notifications,
        Section::Sites,
    ];

    /// Its segment of the address.
    pub fn segment(self) -> &'static str {
        match self {
            Section::Details => "details",
            Section::Policy => "policy",
            Section::Services => "services",
            Section::Staff => "staff",
            Section::Notifications => "notifications",
            Section::Sites => "sites",
        }
    }

    fn parse(segment: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.segment() == segment)
    }
}

impl Page {
    /// The screen a path names (without query or fragment). A trailing slash is forgiven.
    pub fn parse(path: &str) -> Page {
        let path = path.strip_suffix('/').unwrap_or(path);
        let Some(rest) = path.strip_prefix("/console") else {
            return Page::NotFound;
        };
        if !rest.is_empty() && !rest.starts_with('/') {
            return Page::NotFound;
        }
        let segments: Vec<&str> = rest.split('/').skip(1).collect();
        let slug = |s: &str| shared::keys::Slug::parse(s).is_ok();
        let date = |s: &str| CalendarDate::parse(s).ok();
        match segments.as_slice() {
            [] => Page::Home,
            ["sign-in"] => Page::SignIn,
            [salon, "day", d] if slug(salon) => match date(d) {
                Some(date) => Page::Day {
                    salon: (*salon).to_owned(),
                    date,
                },
                None => Page::NotFound,
            },
            [salon, "week", d] if slug(salon) => match date(d) {
                Some(date) => Page::Week {
                    salon: (*salon).to_owned(),
                    date,
                },
                None => Page::NotFound,
            },
            [salon, "clients"] if slug(salon) => Page::Clients {
                salon: (*salon).to_owned(),
            },
            [salon, "clients", id] if slug(salon) && valid_id(id) => Page::Client {
                salon: (*salon).to_owned(),
                id: (*id).to_owned(),
            },
            ["sign-up"] => Page::SignUp,
            ["new"] => Page::NewSalon,
            [salon, "setup"] if slug(salon) => Page::Setup {
                salon: (*salon).to_owned(),
            },
            [salon, "settings", section] if slug(salon) => match Section::parse(section) {
                Some(section) => Page::Settings {
                    salon: (*salon).to_owned(),
                    section,
                },
                None => Page::NotFound,
            },
            [salon, "embed"] if slug(salon) => Page::Embed {
                salon: (*salon).to_owned(),
            },
            [salon, "team"] if slug(salon) => Page::Team {
                salon: (*salon).to_owned(),
            },
            [salon, "keys"] if slug(salon) => Page::Keys {
                salon: (*salon).to_owned(),
            },
            _ => Page::NotFound,
        }
    }

    /// The path of this screen.
    pub fn href(&self) -> String {
        match self {
            Page::Home | Page::NotFound => "/console".to_owned(),
            Page::SignIn => "/console/sign-in".to_owned(),
            Page::Day { salon, date } => format!("/console/{salon}/day/{date}"),
            Page::Week { salon, date } => format!("/console/{salon}/week/{date}"),
            Page::Clients { salon } => format!("/console/{salon}/clients"),
            Page::Client { salon, id } => format!("/console/{salon}/clients/{id}"),
            Page::SignUp => "/console/sign-up".to_owned(),
            Page::NewSalon => "/console/new".to_owned(),
            Page::Setup { salon } => format!("/console/{salon}/setup"),
            Page::Settings { salon, section } => {
                format!("/console/{salon}/settings/{}", section.segment())
            }
            Page::Embed { salon } => format!("/console/{salon}/embed"),
            Page::Team { salon } => format!("/console/{salon}/team"),
            Page::Keys { salon } => format!("/console/{salon}/keys"),
        }
    }

    /// Whether this build of the console shows this page; the other build's pages are loaded from
    /// the server (the edge serves each address its build's page).
    pub fn in_this_build(&self) -> bool {
        shared::paths::is_console_setup(&self.href()) == cfg!(feature = "setup")
    }

    /// The salon this screen belongs to, if any.
    pub fn salon(&self) -> Option<&str> {
        match self {
            Page::Day { salon, .. }
            | Page::Week { salon, .. }
            | Page::Clients { salon }
            | Page::Client { salon, .. }
            | Page::Setup { salon }
            | Page::Settings { salon, .. }
            | Page::Embed { salon }
            | Page::Team { salon }
            | Page::Keys { salon } => Some(salon),
            Page::Home | Page::SignIn | Page::SignUp | Page::NewSalon | Page::NotFound => None,
        }
    }
}

/// A client id is the API's opaque token: letters, digits, `-` and `_`, so it is written into a path
/// as it is.
fn valid_id(id: &str) -> bool {
    (1..=100).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The Monday of the week holding `date` (1970-01-01 was a Thursday).
pub fn week_start(date: CalendarDate) -> CalendarDate {
    let weekday = (date.days_since_epoch() + 3).rem_euclid(7); // 0 = Monday
    date.add_days(-weekday).unwrap_or(date)
}

/// The sign-in link's token, from the address's fragment (`#token=T`).
pub fn token_in(fragment: &str) -> Option<&str> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|part| part.strip_prefix("token="))
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> CalendarDate {
        CalendarDate::parse(text).unwrap()
    }

    #[test]
    fn every_screen_reads_back_from_its_own_address() {
        let salon = "fifi".to_owned();
        for page in [
            Page::Home,
            Page::SignIn,
            Page::Day {
                salon: salon.clone(),
                date: date("2028-02-29"),
            },
            Page::Week {
                salon: salon.clone(),
                date: date("2026-12-31"),
            },
            Page::Clients {
                salon: salon.clone(),
            },
            Page::Client {
                salon: salon.clone(),
                id: "c_0b6c1b7e-52b0".to_owned(),
            },
            Page::SignUp,
            Page::NewSalon,
            Page::Setup {
                salon: salon.clone(),
            },
            Page::Embed {
                salon: salon.clone(),
            },
            Page::Team {
                salon: salon.clone(),
            },
            Page::Keys {
                salon: salon.clone(),
            },
        ]
        .into_iter()
        .chain(Section::ALL.map(|section| Page::Settings {
            salon: salon.clone(),
            section,
        })) {
            assert_eq!(Page::parse(&page.href()), page, "{}", page.href());
        }
    }

    #[test]
    fn the_set_up_pages_are_the_set_up_build_s_and_the_others_the_day_to_day_one() {
        let salon = || "fifi".to_owned();
        let setup = [
            Page::SignUp,
            Page::NewSalon,
            Page::Setup { salon: salon() },
            Page::Settings {
                salon: salon(),
                section: Section::Staff,
            },
            Page::Embed { salon: salon() },
            Page::Team { salon: salon() },
            Page::Keys { salon: salon() },
        ];
        let day = [
            Page::Home,
            Page::SignIn,
            Page::Day {
                salon: salon(),
                date: date("2026-12-31"),
            },
            Page::Clients { salon: salon() },
            Page::NotFound,
        ];
        for page in setup {
            assert_eq!(page.in_this_build(), cfg!(feature = "setup"), "{page:?}");
        }
        for page in day {
            assert_eq!(page.in_this_build(), !cfg!(feature = "setup"), "{page:?}");
        }
    }

    #[test]
    fn addresses_that_name_no_screen_are_not_found() {
        for path in [
            "/",
            "/consoles",
            "/console/fifi",
            "/console/fifi/day",
            "/console/fifi/day/2026-02-30",
            "/console/fifi/day/today",
            "/console/fifi/month/2026-02-01",
            "/console/Fifi Salon/day/2026-02-01",
            "/console/fifi/clients/a%2Fb",
            "/console/fifi/clients/x/y",
            "/console/fifi/settings",
            "/console/fifi/settings/branding",
            "/console/fifi/setup/x",
        ] {
            assert_eq!(Page::parse(path), Page::NotFound, "{path}");
        }
    }

    #[test]
    fn a_trailing_slash_is_forgiven() {
        assert_eq!(Page::parse("/console/"), Page::Home);
        assert_eq!(
            Page::parse("/console/fifi/clients/"),
            Page::Clients {
                salon: "fifi".to_owned()
            }
        );
    }

    #[test]
    fn weeks_start_on_monday_across_month_and_year_ends() {
        assert_eq!(week_start(date("2026-12-02")), date("2026-11-30"));
        assert_eq!(week_start(date("2026-11-30")), date("2026-11-30"));
        assert_eq!(week_start(date("2027-01-03")), date("2026-12-28"));
        assert_eq!(week_start(date("2028-03-01")), date("2028-02-28"));
        assert_eq!(week_start(date("1970-01-01")), date("1970-01-01"));
    }

    #[test]
    fn the_sign_in_token_is_read_from_the_fragment() {
        assert_eq!(token_in("#token=abc_123"), Some("abc_123"));
        assert_eq!(token_in("#x=1&token=t"), Some("t"));
        assert_eq!(token_in("#token="), None);
        assert_eq!(token_in(""), None);
    }
}
