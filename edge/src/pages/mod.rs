//! HTML pages the edge serves itself, each loading a build of the widget from the static assets. The
//! client's booking page is a constant document: nothing about a booking is written into it, so it can
//! hold no client data. A salon's hosted page is rendered per salon from its public profile, every
//! value escaped; it too holds nothing about any client.

use shared::api::{ContactView, SalonProfile};
use shared::paths::ApiPath;
use shared::Locale;

use crate::error::ApiError;
use crate::http::{escape_html as escape, Incoming, Reply};
use crate::routes::Services;

/// The client's booking page (`/b/{token}`): it loads the manage build (`/m/`), which reads the token
/// from the address and talks to the JSON API.
const MANAGE: &str = include_str!("manage.html");

/// The owners' and staff's console (`/console` and every address below it): it loads the console
/// (`/c/`), which routes itself from the address and talks to the JSON API with the session cookie.
const CONSOLE: &str = include_str!("console.html");

/// A salon's hosted page (`/s/{slug}`), with `{{placeholders}}` that [`fill`] replaces.
const SALON: &str = include_str!("salon.html");

/// The answer for a slug that names no salon.
const NOT_FOUND: &str = include_str!("not_found.html");

/// What a browser may do with these pages: scripts and the wasm only from this origin (no inline
/// script; `wasm-unsafe-eval` lets the wasm compile), styles from this origin, the page's own and the
/// widget's `<style>` in its shadow root, requests only to this API, and framing only by
/// `frame_ancestors`, so another site cannot put a page under a disguised button.
fn content_security_policy(frame_ancestors: &str) -> String {
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
         frame-ancestors {frame_ancestors}"
    )
}

/// An HTML answer with the headers every page sends (SPEC §12).
fn html(status: u16, body: String, frame_ancestors: &str) -> Reply {
    Reply::with_type(status, "text/html; charset=utf-8", body.into_bytes())
        .header(
            "content-security-policy",
            content_security_policy(frame_ancestors),
        )
        .header("x-content-type-options", "nosniff")
        .header(
            "permissions-policy",
            "camera=(), microphone=(), geolocation=(), payment=()",
        )
}

/// `GET /b/{token}`. The token is a secret in the address, so the page sends no `Referer` anywhere
/// and is never stored by a cache (SPEC §10).
pub fn manage() -> Reply {
    html(
        200,
        with_glue(
            MANAGE,
            "/m/chairtime.js",
            option_env!("CHAIRTIME_MANAGE_GLUE"),
        ),
        "'none'",
    )
    .header("referrer-policy", "no-referrer")
    .header("cache-control", "no-store")
}

/// A constant page with its glue module's preload pointing at this release's content-hashed file,
/// whose name `cargo xtask build` gives the Worker's build (native builds keep the plain name).
fn with_glue(page: &str, plain: &str, hashed: Option<&str>) -> String {
    match hashed {
        Some(name) => page.replacen(plain, name, 1),
        None => page.to_owned(),
    }
}

/// `GET /console` and `GET /console/…`. The same constant page for every address of a build: it
/// holds no data, and a sign-in link's token in its fragment is never sent to a server, nor, with no
/// `Referer`, anywhere else. The set-up screens ([`shared::paths::is_console_setup`]) load the
/// set-up build (`/setup.js`, its files under `/cs/`), every other address the day-to-day one. Never
/// framed, never stored by a cache.
pub fn console(path: &str) -> Reply {
    let page = if shared::paths::is_console_setup(path) {
        with_glue(
            &CONSOLE.replacen("/console.js", "/setup.js", 1),
            "/c/chairtime.js",
            Some(option_env!("CHAIRTIME_SETUP_GLUE").unwrap_or("/cs/chairtime.js")),
        )
    } else {
        with_glue(
            CONSOLE,
            "/c/chairtime.js",
            option_env!("CHAIRTIME_CONSOLE_GLUE"),
        )
    };
    html(200, page, "'none'")
        .header("referrer-policy", "no-referrer")
        .header("cache-control", "no-store")
}

/// `GET /s/{slug}`: the salon's page, or a 404 page for a slug that names no salon.
pub async fn salon(services: &Services, req: &Incoming, slug: &str) -> Result<Reply, ApiError> {
    match crate::availability::inputs(services, slug, None).await {
        Ok(inputs) => {
            let url = format!("{}{}", req.origin, ApiPath::SalonPage { slug });
            let profile = crate::availability::profile_of(&inputs.salon);
            let contact = ContactView::of(&inputs.salon.config.contact);
            Ok(salon_page(
                &profile,
                Some(&contact).filter(|c| !c.is_empty()),
                &inputs.salon.config.allowed_origins,
                &url,
            ))
        }
        Err(crate::availability::Error::NotFound(_)) => Ok(no_salon(
            crate::routes::request_locale(req, Locale::En.tag()),
        )),
        Err(e) => Err(e.into()),
    }
}

/// The hosted page of a salon. It may be framed only by the salon's own sites (`allowed_origins`, or
/// nobody), sends only its origin as a `Referer` to other sites, and is cached for a minute, so a
/// change of name or contact shows soon while a burst of visitors costs one rendering a minute.
pub fn salon_page(
    profile: &SalonProfile,
    contact_view: Option<&ContactView>,
    allowed_origins: &[String],
    url: &str,
) -> Reply {
    let locale = Locale::from_tag(&profile.locale);
    let body = fill(SALON, |key| {
        match key {
        "lang" => escape(locale.tag()),
        "name" => escape(&profile.name),
        "description" => escape(&description(profile, locale)),
        "url" => escape(url),
        "slug" => escape(&profile.slug),
        "contact" => contact_view.map_or_else(String::new, |c| {
            contact(c, locale.pick(["Contact", "Contact", "Contacto", "Kontakt"]))
        }),
        "book" => escape(locale.pick([
            "Book an appointment",
            "Prendre rendez-vous",
            "Reservar una cita",
            "Termin buchen",
        ])),
        "noscript" => escape(locale.pick([
            "Booking online needs JavaScript. You can also call or write to the salon.",
            "La réservation en ligne nécessite JavaScript. Vous pouvez aussi appeler le salon ou lui écrire.",
            "La reserva en línea necesita JavaScript. También puede llamar o escribir al salón.",
            "Die Online-Buchung braucht JavaScript. Sie können den Salon auch anrufen oder ihm schreiben.",
        ])),
        _ => String::new(),
    }
    });
    let frame_ancestors = if allowed_origins.is_empty() {
        "'none'".to_owned()
    } else {
        allowed_origins.join(" ")
    };
    html(200, body, &frame_ancestors)
        .header("referrer-policy", "strict-origin-when-cross-origin")
        .header("cache-control", "public, max-age=60")
}

/// The 404 page of `/s/{slug}`, in the visitor's language. Not stored, so a salon created a moment
/// later is found at once.
fn no_salon(locale: Locale) -> Reply {
    let body = fill(NOT_FOUND, |key| match key {
        "lang" => locale.tag().to_owned(),
        "title" => escape(locale.pick([
            "No salon here",
            "Aucun salon ici",
            "No hay ningún salón aquí",
            "Hier ist kein Salon",
        ])),
        "text" => escape(locale.pick([
            "No salon has this address. Please check the link you were given.",
            "Aucun salon n'a cette adresse. Vérifiez le lien que l'on vous a donné.",
            "Ningún salón tiene esta dirección. Compruebe el enlace que le dieron.",
            "Kein Salon hat diese Adresse. Bitte prüfen Sie den Link, den Sie bekommen haben.",
        ])),
        _ => String::new(),
    });
    html(404, body, "'none'")
        .header("referrer-policy", "strict-origin-when-cross-origin")
        .header("cache-control", "no-store")
}

/// What a link preview and a search engine say about the salon: booking online, and its first
/// services.
fn description(profile: &SalonProfile, locale: Locale) -> String {
    let name = &profile.name;
    let lead = match locale {
        Locale::En => format!("Book an appointment at {name} online"),
        Locale::Fr => format!("Prenez rendez-vous en ligne chez {name}"),
        Locale::Es => format!("Reserve su cita en línea en {name}"),
        Locale::De => format!("Termin online buchen bei {name}"),
    };
    const SHOWN: usize = 4;
    let names: Vec<&str> = profile
        .services
        .iter()
        .take(SHOWN)
        .map(|s| s.name.as_str())
        .collect();
    if names.is_empty() {
        return format!("{lead}.");
    }
    let colon = if locale == Locale::Fr { " :" } else { ":" };
    let more = if profile.services.len() > SHOWN {
        "…"
    } else {
        "."
    };
    format!("{lead}{colon} {}{more}", names.join(", "))
}

/// The salon's contact: the phone as a `tel:` link, the email as a `mailto:` link, the address on
/// its lines; parts the salon did not give are left out.
fn contact(contact: &ContactView, label: &str) -> String {
    let mut out = format!("<address aria-label=\"{}\">", escape(label));
    if let Some(phone) = &contact.phone {
        let phone = escape(phone);
        out += &format!("<p><a href=\"tel:{phone}\">{phone}</a></p>");
    }
    if let Some(email) = &contact.email {
        let email = escape(email);
        out += &format!("<p><a href=\"mailto:{email}\">{email}</a></p>");
    }
    if !contact.address.is_empty() {
        let lines: Vec<String> = contact.address.lines().map(escape).collect();
        out += &format!("<p>{}</p>", lines.join("<br>"));
    }
    out + "</address>"
}

/// `template` with each `{{key}}` replaced by `value(key)`, in one pass, so a value that itself
/// contains `{{…}}` is never read as a placeholder.
fn fill(template: &str, value: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(template.len() + 512);
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open..].find("}}") else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&value(&rest[open + 2..open + close]));
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header<'a>(reply: &'a Reply, name: &str) -> Option<&'a str> {
        reply
            .headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A constant page (the booking page, the console): no referrer, never stored, scripts only
    /// from this origin and none inline, requests only to this API, never framed.
    fn constant_page_is_locked_down(reply: Reply, script: &str) {
        assert_eq!(reply.status, 200);
        assert_eq!(header(&reply, "referrer-policy"), Some("no-referrer"));
        assert_eq!(header(&reply, "cache-control"), Some("no-store"));
        assert!(header(&reply, "permissions-policy").is_some());
        let csp = header(&reply, "content-security-policy").unwrap();
        let scripts = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        assert_eq!(
            scripts.trim(),
            "script-src 'self' 'wasm-unsafe-eval'",
            "{csp}"
        );
        assert!(csp.contains("connect-src 'self';"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        let html = String::from_utf8(reply.body).unwrap();
        // Every script is a file of this origin; none is written into the page.
        assert_eq!(html.matches("<script").count(), 1, "{html}");
        let tag = format!(r#"<script type="module" src="{script}"></script>"#);
        assert!(html.contains(&tag), "{html}");
    }

    #[test]
    fn the_manage_page_sends_no_referrer_is_never_stored_and_runs_no_inline_script() {
        constant_page_is_locked_down(manage(), "/manage.js");
    }

    #[test]
    fn the_console_sends_no_referrer_is_never_stored_or_framed_and_runs_no_inline_script() {
        constant_page_is_locked_down(console("/console/fifi/day/2026-02-28"), "/console.js");
        constant_page_is_locked_down(console("/console/fifi/settings/staff"), "/setup.js");
        let setup = String::from_utf8(console("/console/sign-up").body).unwrap();
        assert!(
            setup.contains(r#"<link rel="modulepreload" href="/cs/"#),
            "{setup}"
        );
    }

    fn profile(name: &str) -> SalonProfile {
        SalonProfile {
            slug: "fifi".into(),
            name: name.into(),
            timezone: "Europe/Paris".into(),
            currency: "EUR".into(),
            country: "FR".into(),
            locale: "en".into(),
            policy: shared::config::Policy::default(),
            services: ["Cut", "Colour", "Shave", "Beard", "Blow-dry"]
                .iter()
                .map(|name| shared::api::ServiceProfile {
                    key: name.to_ascii_lowercase(),
                    name: (*name).into(),
                    category: "Hair".into(),
                    description: String::new(),
                    duration_minutes: 30,
                    price_cents: 2000,
                })
                .collect(),
            staff: vec![],
        }
    }

    #[test]
    fn the_hosted_page_names_the_salon_for_link_previews_and_embeds_the_inline_widget() {
        let reply = salon_page(
            &profile("Maison Fifi"),
            None,
            &[],
            "https://book.example/s/fifi",
        );
        assert_eq!(reply.status, 200);
        let html = String::from_utf8(reply.body.clone()).unwrap();
        for tag in [
            r#"<meta property="og:title" content="Maison Fifi">"#,
            r#"<meta property="og:type" content="website">"#,
            r#"<meta property="og:url" content="https://book.example/s/fifi">"#,
            r#"<meta property="og:description" content="Book an appointment at Maison Fifi online: Cut, Colour, Shave, Beard…">"#,
            r#"<meta name="description" content="Book an appointment at Maison Fifi online: Cut, Colour, Shave, Beard…">"#,
            r##"<script src="/widget.js" data-salon="fifi" data-mode="inline" data-target="#chairtime" async></script>"##,
        ] {
            assert!(html.contains(tag), "{tag} in {html}");
        }
        assert_eq!(html.matches("<script").count(), 1, "{html}");
        assert!(!html.contains("<address"), "no contact, no address block");
        assert!(!html.contains("{{"), "every placeholder is filled");
        assert_eq!(header(&reply, "cache-control"), Some("public, max-age=60"));
        assert_eq!(
            header(&reply, "referrer-policy"),
            Some("strict-origin-when-cross-origin")
        );
        assert_eq!(header(&reply, "x-content-type-options"), Some("nosniff"));
        let csp = header(&reply, "content-security-policy").unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{csp}"
        );
        assert!(csp.ends_with("frame-ancestors 'none'"), "{csp}");
    }

    #[test]
    fn the_hosted_page_may_be_framed_only_by_the_salons_own_sites() {
        let origins = [
            "https://fifi.example".to_owned(),
            "http://localhost:8080".to_owned(),
        ];
        let reply = salon_page(&profile("Fifi"), None, &origins, "https://b.example/s/fifi");
        let csp = header(&reply, "content-security-policy").unwrap();
        assert!(
            csp.ends_with("frame-ancestors https://fifi.example http://localhost:8080"),
            "{csp}"
        );
    }

    #[test]
    fn every_value_on_the_hosted_page_is_escaped() {
        let contact = ContactView {
            phone: Some("+33142685300".into()),
            email: Some("a\"b@example.com".into()),
            address: "12 rue <b>des</b> Martyrs\n75009 Paris & co".into(),
        };
        let reply = salon_page(
            &profile("<script>alert('x')</script> & \"Fifi\" {{url}}"),
            Some(&contact),
            &[],
            "https://b.example/s/fifi",
        );
        let html = String::from_utf8(reply.body).unwrap();
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains(
            "<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Fifi&quot; {{url}}</h1>"
        ));
        assert!(html.contains(r#"<a href="tel:+33142685300">+33142685300</a>"#));
        assert!(html.contains(r#"<a href="mailto:a&quot;b@example.com">a&quot;b@example.com</a>"#));
        assert!(
            html.contains("<p>12 rue &lt;b&gt;des&lt;/b&gt; Martyrs<br>75009 Paris &amp; co</p>")
        );
        assert_eq!(html.matches("<script").count(), 1);
    }

    #[test]
    fn the_hosted_page_speaks_the_salons_language() {
        let mut fr = profile("Chez Fifi");
        fr.locale = "fr-FR".into();
        let html = String::from_utf8(salon_page(&fr, None, &[], "u").body).unwrap();
        assert!(html.starts_with("<!doctype html>\n<html lang=\"fr\">"));
        assert!(html.contains("Prendre rendez-vous"));
        assert!(html.contains("Prenez rendez-vous en ligne chez Chez Fifi : Cut"));
    }

    #[test]
    fn an_unknown_salon_is_a_404_page_that_is_not_stored() {
        let reply = no_salon(Locale::De);
        assert_eq!(reply.status, 404);
        assert_eq!(header(&reply, "cache-control"), Some("no-store"));
        let html = String::from_utf8(reply.body).unwrap();
        assert!(html.contains("<h1>Hier ist kein Salon</h1>"), "{html}");
        assert!(!html.contains("<script"));
    }
}
