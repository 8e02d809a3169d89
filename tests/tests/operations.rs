//! Health, readiness, and the shape of errors for unknown things.

use chairtime_tests::Api;
use shared::api::ErrorCode;
use shared::paths::ApiPath;

#[test]
fn health_and_readiness_answer_200_when_the_database_is_up() {
    let api = Api::new();
    assert_eq!(api.get(&ApiPath::Healthz.to_string()).status, 200);
    let ready = api.get(&ApiPath::Readyz.to_string());
    assert_eq!(ready.status, 200, "{}", ready.text);
    assert_eq!(ready.body["status"], "ready");
}

#[test]
fn unknown_salons_and_paths_are_404_with_the_error_body() {
    let api = Api::new();
    let salon = api.get(
        &ApiPath::Salon {
            slug: "no-such-salon",
        }
        .to_string(),
    );
    assert_eq!(salon.status, 404);
    assert_eq!(salon.error().code, ErrorCode::NotFound.as_str());
    let path = api.get("/v1/nothing-here");
    assert_eq!(path.status, 404);
    assert_eq!(path.error().code, ErrorCode::NotFound.as_str());
    assert!(path.header("x-request-id").is_some_and(|id| !id.is_empty()));
}

#[test]
fn every_kind_of_response_carries_the_security_headers() {
    let api = Api::new();
    for path in [
        ApiPath::Healthz.to_string(),
        "/v1/nothing-here".to_owned(),
        "/".to_owned(),
        "/widget.js".to_owned(),
    ] {
        let answer = api.get(&path);
        assert_eq!(
            answer.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
    }
    let page = api.get("/");
    let csp = page.header("content-security-policy").unwrap_or_default();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(!csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let loader = api.get("/widget.js");
    assert_eq!(
        loader.header("cross-origin-resource-policy"),
        Some("cross-origin")
    );
    assert_eq!(loader.header("access-control-allow-origin"), Some("*"));
}
