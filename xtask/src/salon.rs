//! `cargo xtask salon create|apply <slug> <file.json> [--api URL] [--owner EMAIL]`: the owner API from the command line,
//! so the same commands configure a local stack or production.
//!
//! `create` needs the platform token (`PLATFORM_TOKEN`, else the one in `.dev.vars`) and prints the new
//! salon's owner key, which is shown only once. `apply` needs that key (`CHAIRTIME_OWNER_KEY` or `--key`).

use std::time::Duration;

use serde_json::{json, Value};

use crate::{root, Result};

fn dev_var(name: &str) -> Option<String> {
    let vars = std::fs::read_to_string(root().join(".dev.vars")).ok()?;
    vars.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}=")))
        .map(str::to_owned)
}

fn send(method: &str, url: &str, token: &str, body: Value) -> Result<Value> {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .build();
    let response = agent
        .request(method, url)
        .set("authorization", &format!("Bearer {token}"))
        .send_json(body);
    match response {
        Ok(r) => r.into_json().map_err(|e| e.to_string()),
        Err(ureq::Error::Status(status, r)) => {
            let text = r.into_string().unwrap_or_default();
            let pretty = serde_json::from_str::<Value>(&text)
                .ok()
                .and_then(|v| serde_json::to_string_pretty(&v).ok())
                .unwrap_or(text);
            Err(format!("{method} {url} answered {status}:\n{pretty}"))
        }
        Err(e) => Err(format!("cannot reach {url}: {e}")),
    }
}

/// Creates a salon with the platform token; returns its owner key (shown only this once).
pub fn create(
    api: &str,
    platform_token: &str,
    slug: &str,
    config: &Value,
    owner_email: Option<&str>,
) -> Result<String> {
    let answer = send(
        "POST",
        &format!("{api}/v1/admin/salons"),
        platform_token,
        json!({ "slug": slug, "config": config, "owner_email": owner_email }),
    )?;
    answer["owner_key"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "the answer had no owner key".to_owned())
}

/// Replaces a salon's configuration with its owner key.
pub fn apply(api: &str, owner_key: &str, slug: &str, config: &Value) -> Result<()> {
    send(
        "PUT",
        &format!("{api}/v1/admin/salons/{slug}/config"),
        owner_key,
        config.clone(),
    )
    .map(|_| ())
}

/// Runs `salon create` or `salon apply`.
pub fn command(args: &[String]) -> Result<()> {
    let usage =
        "usage: cargo xtask salon create|apply <slug> <file.json> [--api URL] [--key OWNER_KEY] [--owner EMAIL]";
    let mut positional = Vec::new();
    let mut api = "http://127.0.0.1:8787".to_owned();
    let mut key = std::env::var("CHAIRTIME_OWNER_KEY").ok();
    let mut owner = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--api" => api = it.next().ok_or(usage)?.trim_end_matches('/').to_owned(),
            "--key" => key = Some(it.next().ok_or(usage)?.clone()),
            "--owner" => owner = Some(it.next().ok_or(usage)?.clone()),
            _ => positional.push(arg.clone()),
        }
    }
    let [action, slug, file] = positional.as_slice() else {
        return Err(usage.to_owned());
    };
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let config: Value = serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
    match action.as_str() {
        "create" => {
            let token = std::env::var("PLATFORM_TOKEN")
                .ok()
                .or_else(|| dev_var("PLATFORM_TOKEN"))
                .ok_or("set PLATFORM_TOKEN (the Worker secret that may create salons)")?;
            let owner_key = create(&api, &token, slug, &config, owner.as_deref())?;
            println!("created salon {slug}");
            if let Some(owner) = &owner {
                println!("owner {owner} signs in at {api}/console with a link sent by email");
            }
            println!("owner key (shown only this once; keep it safe): {owner_key}");
            Ok(())
        }
        "apply" => {
            let key =
                key.ok_or("set CHAIRTIME_OWNER_KEY or pass --key with the salon's owner key")?;
            apply(&api, &key, slug, &config)?;
            println!("applied {file} to salon {slug}");
            Ok(())
        }
        _ => Err(usage.to_owned()),
    }
}
