//! HTML pages the edge serves itself. Each is a constant document that loads a build of the widget
//! from the static assets; nothing about a salon or a booking is written into the HTML, so a page can
//! hold no client data and its answer is the same for everyone.

use crate::http::Reply;

/// The client's booking page (`/b/{token}`): it loads the manage build (`/m/`), which reads the token
/// from the address and talks to the JSON API.
const MANAGE: &str = include_str!("manage.html");

/// What a browser may do with these pages: scripts and the wasm only from this origin (no inline
/// script; `wasm-unsafe-eval` lets the wasm compile), styles from this origin and the widget's own
/// `<style>` in its shadow root, requests only to this API, and no framing, so another site cannot
/// put a client's booking under a disguised button.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; \
    form-action 'none'; frame-ancestors 'none'";

/// `GET /b/{token}`. The token is a secret in the address, so the page sends no `Referer` anywhere
/// and is never stored by a cache (SPEC §10).
pub fn manage() -> Reply {
    Reply::with_type(200, "text/html; charset=utf-8", MANAGE.as_bytes().to_vec())
        .header("content-security-policy", CONTENT_SECURITY_POLICY)
        .header("referrer-policy", "no-referrer")
        .header("cache-control", "no-store")
        .header("x-content-type-options", "nosniff")
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

    #[test]
    fn the_manage_page_sends_no_referrer_is_never_stored_and_runs_no_inline_script() {
        let reply = manage();
        assert_eq!(reply.status, 200);
        assert_eq!(header(&reply, "referrer-policy"), Some("no-referrer"));
        assert_eq!(header(&reply, "cache-control"), Some("no-store"));
        let csp = header(&reply, "content-security-policy").unwrap();
        let scripts = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        assert!(!scripts.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        let html = String::from_utf8(reply.body).unwrap();
        // Every script is a file of this origin; none is written into the page.
        assert_eq!(html.matches("<script").count(), 1, "{html}");
        assert!(html.contains(r#"<script type="module" src="/m/manage.js"></script>"#));
    }
}
