//! `cargo xtask salon create|apply` drive the owner API over HTTP, so they work against production too.

use chairtime_tests::{open_salon_config, unique, Api};
use shared::api::{ErrorCode, SalonProfile};
use shared::paths::ApiPath;

#[test]
fn the_salon_commands_create_a_salon_and_apply_a_configuration() {
    let api = Api::new();
    let slug = unique("cli");
    let key = xtask::salon::create(
        &api.base,
        &api.platform_token,
        &slug,
        &open_salon_config(),
        None,
    )
    .unwrap();
    assert!(key.starts_with("ck_"), "{key}");
    let mut changed = open_salon_config();
    changed["name"] = serde_json::json!("Renamed by the command");
    xtask::salon::apply(&api.base, &key, &slug, &changed).unwrap();
    assert_eq!(
        api.get(&ApiPath::Salon { slug: &slug }.to_string())
            .json::<SalonProfile>()
            .name,
        "Renamed by the command"
    );

    let refused = xtask::salon::apply(&api.base, "ck_wrong", &slug, &changed).unwrap_err();
    assert!(refused.contains("403"), "{refused}");
    let taken = xtask::salon::create(
        &api.base,
        &api.platform_token,
        &slug,
        &open_salon_config(),
        None,
    )
    .unwrap_err();
    assert!(
        taken.contains("409") && taken.contains(ErrorCode::SlugTaken.as_str()),
        "{taken}"
    );
}
