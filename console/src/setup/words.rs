//! Every sentence of the set-up screens (only this build carries them). Validation messages are
//! `shared`'s, word for word the API's.

pub const SET_UP: &str = "Set-up";
pub const NOT_A_NUMBER: &str = "Enter a number.";
pub const ONE_PROBLEM: &str = "One field needs fixing before this can be saved.";
pub const N_PROBLEMS: &str = "{n} fields need fixing before this can be saved.";
pub const SAVED: &str = "Saved.";
pub const SAVE: &str = "Save";
pub const UNSAVED: &str = "Unsaved changes";
pub const ALL_SAVED: &str = "All changes saved";
pub const RELOADED: &str =
    "Loaded the latest settings; what you typed on this screen is kept. Check it and save.";
pub const CONFLICT: &str = "These settings were changed somewhere else (another tab or a colleague) since you opened them.";
pub const RELOAD_KEEP: &str = "Load the latest and keep what I typed here";
pub const REMOVE: &str = "Remove";
pub const MOVE_UP: &str = "Move up";
pub const MOVE_DOWN: &str = "Move down";
pub const SECTIONS: &str = "Settings";

// Sections.
pub const DETAILS: &str = "Salon details";
pub const SERVICES: &str = "Services";
pub const STAFF: &str = "Staff and hours";
pub const POLICY: &str = "Booking rules";
pub const NOTIFICATIONS: &str = "Notifications";
pub const SITES: &str = "Websites";
pub const EMBED: &str = "Booking on your website";
pub const TEAM: &str = "Team";
pub const KEYS: &str = "API keys";

// Details.
pub const SALON_NAME: &str = "Salon name";
pub const TIMEZONE: &str = "Time zone";
pub const CURRENCY: &str = "Currency";
pub const CURRENCY_HINT: &str = "Three letters, such as EUR, GBP or USD.";
pub const COUNTRY: &str = "Country";
pub const COUNTRY_HINT: &str =
    "Two letters, such as FR, GB or US: clients' phone numbers are read as this country's.";
pub const LANGUAGE: &str = "Language of messages to clients";
/// The languages Chairtime writes to clients in, by tag.
pub const LANGUAGES: [(&str, &str); 4] = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("de", "Deutsch"),
];
pub const CONTACT: &str = "How clients reach you";
pub const PHONE: &str = "Phone";
pub const EMAIL: &str = "Email";
pub const ADDRESS: &str = "Address";

// Services.
pub const ADD_SERVICE: &str = "Add a service";
pub const NEW_SERVICE: &str = "New service";
pub const NO_SERVICES: &str = "No services yet. Add what clients can book.";
pub const SERVICE_NAME: &str = "Name";
pub const CATEGORY: &str = "Category";
pub const CATEGORY_HINT: &str = "Services with the same category are shown together.";
pub const DESCRIPTION: &str = "Description";
pub const DURATION: &str = "Duration, in minutes";
pub const BUFFER_BEFORE: &str = "Preparation before, in minutes";
pub const BUFFER_AFTER: &str = "Clean-up after, in minutes";
pub const PRICE: &str = "Price";

// Staff.
pub const ADD_STAFF: &str = "Add a staff member";
pub const NEW_STAFF: &str = "New staff member";
pub const NO_STAFF: &str = "No staff yet. Add the people clients book with.";
pub const STAFF_NAME: &str = "Name";
pub const PERFORMS: &str = "Services they do";
pub const NO_SERVICES_YET: &str = "Add services first; then choose who does them.";
pub const HOURS: &str = "Weekly hours";
pub const WORKS_ON: &str = "Works on {day}";
pub const FROM: &str = "From";
pub const UNTIL: &str = "Until";
pub const ADD_BREAK: &str = "Add a break";
pub const COPY_DAY: &str = "Copy to the other working days";
pub const COPIED: &str = "Copied to the other working days.";
pub const TIME_OFF: &str = "Time off";
pub const TIME_OFF_HINT: &str =
    "Holidays and training: no bookings in these periods, whatever the weekly hours say.";
pub const ADD_TIME_OFF: &str = "Add time off";
pub const OFF_FROM: &str = "Off from";
pub const BACK_ON: &str = "Back on";
pub const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

// Policy.
pub const SLOT_STEP: &str = "Start times every";
pub const MINUTES: &str = "{n} minutes";
pub const MIN_NOTICE: &str = "Minimum notice, in minutes";
pub const MIN_NOTICE_HINT: &str =
    "How long before its start a booking must be made: 60 is an hour, 1440 a day.";
pub const MAX_ADVANCE: &str = "Bookable ahead, in days";
pub const CANCEL_CUTOFF: &str = "Clients may cancel or move until, in minutes before the start";
pub const CANCEL_CUTOFF_HINT: &str = "1440 is a day. After that, they call you.";

// Notifications.
pub const OWNER_EMAILS: &str = "Who hears about every booking";
pub const OWNER_EMAILS_HINT: &str = "Email addresses, one per line.";
pub const REPLY_TO: &str = "Clients' replies go to";
pub const REPLY_TO_HINT: &str = "An email address; the first address above when empty.";
pub const REMINDERS: &str = "Remind clients";
pub const SMS: &str = "Also remind by text message clients who gave a phone number";
pub const LEADS: [(u32, &str); 6] = [
    (10_080, "A week before"),
    (2_880, "Two days before"),
    (1_440, "A day before"),
    (180, "Three hours before"),
    (120, "Two hours before"),
    (60, "An hour before"),
];

// Sites.
pub const SITES_HINT: &str = "The addresses of your own websites, such as https://salon.example, whose pages may take bookings. Your Chairtime page always may.";
pub const ADD_SITE: &str = "Add a website";
pub const SITE: &str = "Website";
pub const NO_SITES: &str = "None yet: bookings are taken on your Chairtime page only.";

// The set-up overview.
pub const READY: &str = "Your salon can take bookings.";
pub const NOT_READY: &str = "Before clients can book";
pub const STEP_SERVICE: &str = "Add a service";
pub const STEP_STAFF: &str = "Add a staff member with working hours";
pub const STEP_ASSIGN: &str = "Choose which services each staff member does";
pub const STEP_EMBED: &str = "Put booking on your website";
pub const DONE: &str = "Done";
pub const TO_DO: &str = "To do";
pub const OPTIONAL: &str = "When you are ready";
pub const YOUR_PAGE: &str = "Your booking page";
pub const EVERYTHING: &str = "Everything you can set";

// A new salon.
pub const NEW_SALON: &str = "Your salon";
pub const NEW_SALON_HINT: &str = "A name and where it is. Services, staff and hours come next.";
pub const SLUG: &str = "Address";
pub const SLUG_HINT: &str = "Your booking page will be {origin}/s/{slug}.";
pub const SLUG_FREE: &str = "Available.";
pub const SLUG_TAKEN: &str = "Already taken: try another.";
pub const CREATE: &str = "Create the salon";
pub const CREATING: &str = "Creating…";

// Embed.
pub const EMBED_HINT: &str = "Paste this tag into your website's HTML where the booking should appear. It works on any site builder that accepts HTML.";
pub const MODE: &str = "How it shows";
pub const MODES: [(&str, &str); 3] = [
    ("inline", "In the page"),
    ("popup", "A dialog opened by your own button"),
    (
        "floating",
        "A \u{201c}Book now\u{201d} button in the corner",
    ),
];
pub const PRESELECT_SERVICE: &str = "Open on a service";
pub const PRESELECT_STAFF: &str = "Open on a staff member";
pub const NONE_CHOSEN: &str = "Let the client choose";
pub const ANYONE: &str = "Anyone available";
pub const ACCENT: &str = "Accent colour";
pub const THEME: &str = "Theme";
pub const THEMES: [(&str, &str); 3] = [
    ("light", "Light"),
    ("dark", "Dark"),
    ("auto", "As the visitor's device"),
];
pub const BUTTON_LABEL: &str = "Button text";
pub const TAG: &str = "Your tag";
pub const COPY: &str = "Copy";
pub const COPIED_TAG: &str = "Copied. Paste it into your website.";
pub const COPY_FAILED: &str = "Select the tag and copy it.";
pub const POPUP_HINT: &str = "Any element with data-chairtime-open opens the booking, for example:";
pub const PREVIEW: &str = "Preview";
pub const PREVIEW_HINT: &str =
    "This is the real booking widget: a booking made here is a real booking.";
pub const SITES_NEEDED: &str =
    "Bookings from your website are accepted once its address is listed under Websites.";

// Team and keys.
pub const TEAM_HINT: &str = "Owners can change everything; staff see and book their own calendar.";
pub const INVITE: &str = "Invite someone";
pub const INVITE_SEND: &str = "Send the invitation";
pub const INVITED: &str = "Invitation sent to {email}.";
pub const ROLE: &str = "Role";
pub const OWNER: &str = "Owner";
pub const STAFF_MEMBER: &str = "Staff";
pub const IS_STAFF: &str = "Who they are in the calendar";
pub const CHANGE_ROLE: &str = "Role of {email}";
pub const REMOVED: &str = "{email} no longer has access.";
pub const YOU: &str = "(you)";
pub const KEYS_HINT: &str = "For your own tools and automations: a key acts as an owner through the API. Anyone with a key can do what an owner can; revoke a key you no longer use.";
pub const KEY_NAME: &str = "Name of the key";
pub const CREATE_KEY: &str = "Create a key";
pub const KEY_ONCE: &str = "Copy this key now: it is shown only once.";
pub const REVOKE: &str = "Revoke";
pub const REVOKED: &str = "Revoked";
pub const NO_KEYS: &str = "No keys.";
pub const CREATED_ON: &str = "Created {date}";
