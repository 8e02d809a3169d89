//! Static assets (SPEC §12): the files a page names by a stable address (`widget.js`, the boot
//! modules, the console's stylesheet) are short-lived and revalidated with an `ETag`; the files they
//! point at carry a content hash in their name and are cached for good.

use chairtime_tests::Api;

/// The `dir/chairtime…<hash>.ext` paths a short-lived file names.
fn hashed_paths(text: &str, dir: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(&format!("{dir}/chairtime")) {
        let tail = &rest[at..];
        let end = tail.find(['"', '\'', ')']).unwrap_or(tail.len());
        found.push(format!("/{}", &tail[..end]));
        rest = &tail[end..];
    }
    found
}

#[test]
fn stable_names_revalidate_and_hashed_names_are_immutable() {
    let api = Api::new();
    for (page, dir, cors) in [
        ("/widget.js", "w", true),
        ("/manage.js", "m", false),
        ("/console.js", "c", false),
        ("/setup.js", "cs", false),
    ] {
        let answer = api.get(page);
        assert_eq!(answer.status, 200, "{page}");
        assert_eq!(
            answer.header("cache-control"),
            Some("public, max-age=300"),
            "{page}"
        );
        assert!(
            answer.header("x-request-id").is_some(),
            "{page} has a request id"
        );
        assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
        let etag = answer.header("etag").expect("an ETag").to_owned();
        let again = api.call("GET", page, &[("if-none-match", &etag)], None);
        assert_eq!(again.status, 304, "{page} revalidates");
        let paths = hashed_paths(&answer.text, dir);
        assert_eq!(paths.len(), 2, "{page} names its glue and wasm: {paths:?}");
        for path in paths {
            let name = path.rsplit('/').next().unwrap();
            let hash = name.split('.').nth(1).unwrap_or("");
            assert!(
                hash.len() == 12 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
                "{path} carries a content hash"
            );
            let file = api.get(&path);
            assert_eq!(file.status, 200, "{path}");
            assert!(
                file.header("x-request-id").is_some(),
                "{path} has a request id"
            );
            assert_eq!(
                file.header("cache-control"),
                Some("public, max-age=31536000, immutable"),
                "{path}"
            );
            if cors {
                assert_eq!(file.header("access-control-allow-origin"), Some("*"));
                assert_eq!(
                    file.header("cross-origin-resource-policy"),
                    Some("cross-origin")
                );
            }
        }
    }
    let console = api.get("/console");
    let preload = hashed_paths(&console.text, "c");
    assert_eq!(
        preload.len(),
        1,
        "the console page preloads this release's glue: {}",
        console.text
    );
    assert_eq!(api.get(&preload[0]).status, 200);
    let setup = api.get("/console/sign-up");
    let preload = hashed_paths(&setup.text, "cs");
    assert_eq!(preload.len(), 1, "the set-up build's page: {}", setup.text);
    assert_eq!(api.get(&preload[0]).status, 200);
    assert_eq!(
        api.get("/w/chairtime.js").status,
        404,
        "no unhashed copy is left behind"
    );
}
