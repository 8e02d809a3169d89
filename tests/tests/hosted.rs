//! A salon's hosted booking page, `/s/{slug}`: for salons without a website (SPEC §10).

use chairtime_tests::{open_salon_config, Api};
use shared::api::SalonProfile;
use shared::paths::ApiPath;

fn page(api: &Api, slug: &str) -> chairtime_tests::Answer {
    api.get(&ApiPath::SalonPage { slug }.to_string())
}

#[test]
fn the_hosted_page_names_the_salon_embeds_the_widget_and_may_be_framed_by_its_sites_only() {
    let api = Api::new();
    let mut config = open_salon_config();
    config["allowed_origins"] = serde_json::json!(["https://test-salon.example"]);
    config["contact"] = serde_json::json!({
        "phone": "01 42 68 53 00", "email": "hello@test-salon.example", "address": "1 rue A\n75001 Paris"
    });
    let salon = api.create_salon(&config);
    let slug = salon.slug.as_str();

    let answer = page(&api, slug);
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(
        answer.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        answer.header("referrer-policy"),
        Some("strict-origin-when-cross-origin")
    );
    assert_eq!(answer.header("cache-control"), Some("public, max-age=60"));
    let csp = answer.header("content-security-policy").unwrap_or_default();
    let directive = |name: &str| {
        csp.split(';')
            .map(str::trim)
            .find(|d| d.starts_with(name))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        directive("script-src"),
        "script-src 'self' 'wasm-unsafe-eval'"
    );
    assert_eq!(
        directive("frame-ancestors"),
        "frame-ancestors https://test-salon.example"
    );

    let html = &answer.text;
    let url = format!("{}/s/{slug}", api.base);
    for tag in [
        "<h1>Test Salon</h1>".to_owned(),
        r#"<meta property="og:title" content="Test Salon">"#.to_owned(),
        r#"<meta property="og:type" content="website">"#.to_owned(),
        format!(r#"<meta property="og:url" content="{url}">"#),
        r#"<meta property="og:description" content="Book an appointment at Test Salon online: Cut, Colour.">"#.to_owned(),
        format!(r#"<script src="/widget.js" data-salon="{slug}" data-mode="inline""#),
        r#"<a href="tel:+33142685300">"#.to_owned(),
        r#"<a href="mailto:hello@test-salon.example">"#.to_owned(),
        "<p>1 rue A<br>75001 Paris</p>".to_owned(),
    ] {
        assert!(html.contains(&tag), "{tag} in {html}");
    }
    // The widget is the page's only script, a file of this origin.
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    assert_eq!(api.get("/widget.js").status, 200);
    // The widget's profile stays as it was: the page reads the contact from the configuration.
    let profile = api.get(&ApiPath::Salon { slug }.to_string());
    assert!(!profile.text.contains("contact"), "{}", profile.text);
    profile.json::<SalonProfile>();
}

#[test]
fn a_salon_without_sites_of_its_own_or_contact_may_not_be_framed_and_shows_none() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let answer = page(&api, &salon.slug);
    assert_eq!(answer.status, 200, "{}", answer.text);
    let csp = answer.header("content-security-policy").unwrap_or_default();
    assert!(csp.ends_with("frame-ancestors 'none'"), "{csp}");
    assert!(!answer.text.contains("<address"), "{}", answer.text);
}

#[test]
fn an_unknown_slug_is_a_404_html_page() {
    let api = Api::new();
    for slug in ["no-such-salon-anywhere", "%3Cscript%3E"] {
        let answer = api.get(&format!("/s/{slug}"));
        assert_eq!(answer.status, 404, "{slug}: {}", answer.text);
        assert_eq!(
            answer.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(answer.header("cache-control"), Some("no-store"));
        assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
        assert!(
            answer.text.contains("<h1>No salon here</h1>"),
            "{}",
            answer.text
        );
        assert!(!answer.text.contains("<script"), "{}", answer.text);
    }
}

#[test]
fn a_salon_name_with_markup_is_written_as_text() {
    let api = Api::new();
    let mut config = open_salon_config();
    config["name"] = serde_json::json!("<script>alert(\"x\")</script> & Fifi's");
    let salon = api.create_salon(&config);
    let answer = page(&api, &salon.slug);
    assert_eq!(answer.status, 200, "{}", answer.text);
    let html = &answer.text;
    assert!(!html.contains("<script>alert"), "{html}");
    let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Fifi&#39;s";
    assert!(html.contains(&format!("<h1>{escaped}</h1>")), "{html}");
    assert!(
        html.contains(&format!("<title>{escaped}</title>")),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            r#"<meta property="og:title" content="{escaped}">"#
        )),
        "{html}"
    );
    assert_eq!(html.matches("<script").count(), 1, "{html}");
}
