//! The inbox a developer reads: `/` lists messages newest first, `/messages/{id}` shows one (text,
//! the HTML part in a sandboxed frame, attachments), `/messages/{id}/attachments/{n}` serves a file.
//! Server-rendered, no script, no external asset.

use std::fmt::Write;

use hyper::header::{HeaderValue, CONTENT_DISPOSITION};
use hyper::StatusCode;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::http::{self, Reply};
use crate::store::{Channel, Message, Store};

/// What RFC 8187 lets a `filename*` value carry unencoded.
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// Text for HTML: element content and quoted attribute values alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { color-scheme: light dark; --line: #8884; --muted: #777; --accent: #0a6e50; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; font: 16px/1.5 system-ui, sans-serif; }
h1 { font-size: 1.4rem; margin: 0.5rem 0; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
a { color: var(--accent); }
@media (prefers-color-scheme: dark) { :root { --accent: #5fd3a8; } }
a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.muted { color: var(--muted); }
ol.messages { list-style: none; margin: 0; padding: 0; border-top: 1px solid var(--line); }
ol.messages li { border-bottom: 1px solid var(--line); }
ol.messages a { display: grid; grid-template-columns: auto 1fr auto; gap: 0.25rem 0.75rem;
  padding: 0.75rem 0.25rem; color: inherit; text-decoration: none; }
ol.messages a:hover .subject { text-decoration: underline; }
.channel { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.05em; padding: 0 0.4rem;
  border: 1px solid var(--line); border-radius: 0.25rem; align-self: start; }
.subject { font-weight: 600; overflow-wrap: anywhere; }
.to { grid-column: 2 / 4; color: var(--muted); overflow-wrap: anywhere; }
time { color: var(--muted); font-size: 0.9rem; white-space: nowrap; }
@media (max-width: 30rem) {
  ol.messages a { grid-template-columns: auto 1fr; }
  .to, time { grid-column: 1 / 3; }
}
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; padding: 0.75rem; border: 1px solid var(--line);
  border-radius: 0.25rem; margin: 0; }
iframe { width: 100%; height: 60vh; border: 1px solid var(--line); border-radius: 0.25rem;
  background: #fff; resize: vertical; }
"#;

/// A whole page around `body`.
fn page(status: StatusCode, title: &str, body: &str) -> Reply {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · mail-local</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    );
    let mut reply = http::bytes(status, "text/html; charset=utf-8", html);
    // Nothing here runs script; this says so to the browser as well.
    reply.headers_mut().insert(
        "content-security-policy",
        HeaderValue::from_static("script-src 'none'; object-src 'none'; base-uri 'none'"),
    );
    reply
}

fn channel_label(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "Email",
        Channel::Sms => "SMS",
    }
}

/// What a message is called in the list and as its page's title: its subject, or an SMS's first words.
fn title(m: &Message) -> String {
    match (&m.subject, &m.text) {
        (Some(subject), _) => subject.clone(),
        (None, Some(text)) => {
            let line = text.lines().next().unwrap_or_default();
            let mut short: String = line.chars().take(80).collect();
            if short.len() < text.len() {
                short.push('…');
            }
            short
        }
        (None, None) => "(no subject)".to_owned(),
    }
}

/// A UTC time a person reads, in a `<time>` a machine reads.
fn time(m: &Message) -> String {
    format!(
        "<time datetime=\"{}\">{}</time>",
        crate::store::rfc3339(m.received_at),
        m.received_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    )
}

/// `GET /`.
pub fn index(store: &Store) -> (Reply, String) {
    let (count, items) = store.with_messages(|messages| {
        let mut items = String::new();
        let mut count = 0;
        for m in messages {
            count += 1;
            let _ = writeln!(
                items,
                "<li><a href=\"/messages/{id}\"><span class=\"channel\">{channel}</span>\
                 <span class=\"subject\">{subject}</span>{time}\
                 <span class=\"to\">to {to}</span></a></li>",
                id = escape(&m.id),
                channel = channel_label(m.channel),
                subject = escape(&title(m)),
                time = time(m),
                to = escape(&m.to.join(", ")),
            );
        }
        (count, items)
    });
    let mut body = String::from("<header>\n<h1>Inbox</h1>\n");
    let _ = writeln!(
        body,
        "<p class=\"muted\">Email and SMS the local stack sent; nothing leaves this machine. \
         {count} message{}, newest first. <a href=\"/\">Refresh</a></p>\n</header>\n<main>",
        if count == 1 { "" } else { "s" }
    );
    if count == 0 {
        body.push_str("<p>No messages yet.</p>\n");
    } else {
        let _ = writeln!(
            body,
            "<ol class=\"messages\" aria-label=\"Messages, newest first\">\n{items}</ol>"
        );
    }
    body.push_str("</main>\n");
    (
        page(StatusCode::OK, "Inbox", &body),
        format!("{count} messages"),
    )
}

fn missing() -> (Reply, String) {
    let body = "<h1>Not found</h1>\n<p>This message is gone (the inbox was cleared or the server \
                restarted). <a href=\"/\">Back to the inbox</a></p>\n";
    (
        page(StatusCode::NOT_FOUND, "Not found", body),
        "not found".to_owned(),
    )
}

/// `GET /messages/{id}`.
pub fn message(store: &Store, id: &str) -> (Reply, String) {
    store
        .with_message(id, |m| {
            (
                page(StatusCode::OK, &title(m), &message_body(m)),
                String::new(),
            )
        })
        .unwrap_or_else(missing)
}

fn message_body(m: &Message) -> String {
    let mut body = String::from("<nav><a href=\"/\">← Inbox</a></nav>\n<main>\n");
    let _ = writeln!(body, "<h1>{}</h1>\n<dl>", escape(&title(m)));
    let mut row = |name: &str, value: &str| {
        let _ = writeln!(body, "<dt>{name}</dt><dd>{value}</dd>");
    };
    row("Channel", channel_label(m.channel));
    row("From", &escape(&m.from));
    row("To", &escape(&m.to.join(", ")));
    if !m.reply_to.is_empty() {
        row("Reply-To", &escape(&m.reply_to.join(", ")));
    }
    row("Received", &time(m));
    if let Some(key) = &m.idempotency_key {
        row("Idempotency key", &escape(key));
    }
    row("Id", &escape(&m.id));
    body.push_str("</dl>\n");
    // Above the parts: on a phone the HTML frame alone fills the screen.
    if !m.attachments.is_empty() {
        body.push_str(
            "<section aria-labelledby=\"files\">\n<h2 id=\"files\">Attachments</h2>\n<ul>\n",
        );
        for (n, a) in m.attachments.iter().enumerate() {
            let _ = writeln!(
                body,
                "<li><a href=\"/messages/{}/attachments/{n}\">{}</a> \
                 <span class=\"muted\">{}, {} bytes</span></li>",
                escape(&m.id),
                escape(&a.filename),
                escape(&a.content_type),
                a.content.len()
            );
        }
        body.push_str("</ul>\n</section>\n");
    }
    if let Some(text) = &m.text {
        let heading = match m.channel {
            Channel::Email => "Text part",
            Channel::Sms => "Message",
        };
        let _ = writeln!(
            body,
            "<section aria-labelledby=\"text\">\n<h2 id=\"text\">{heading}</h2>\n<pre>{}</pre>\n</section>",
            escape(text)
        );
    }
    if let Some(html) = &m.html {
        // The sandbox runs no script and gives the frame an origin of its own; links open in a new
        // tab (the `<base>`), outside the sandbox, so a manage link in a message can be followed.
        let document = format!("<base target=\"_blank\">{html}");
        let _ = writeln!(
            body,
            "<section aria-labelledby=\"html\">\n<h2 id=\"html\">HTML part</h2>\n\
             <iframe title=\"HTML part of the message\" \
             sandbox=\"allow-popups allow-popups-to-escape-sandbox\" srcdoc=\"{}\"></iframe>\n</section>",
            escape(&document)
        );
    }
    body.push_str("</main>\n");
    body
}

/// `GET /messages/{id}/attachments/{n}`: the file as it was sent, shown inline where the browser can.
pub fn attachment(store: &Store, id: &str, n: &str) -> (Reply, String) {
    let Ok(n) = n.parse::<usize>() else {
        return missing();
    };
    store
        .with_message(id, |m| {
            let a = m.attachments.get(n)?;
            let mut reply = http::bytes(StatusCode::OK, &a.content_type, a.content.clone());
            let h = reply.headers_mut();
            let name = utf8_percent_encode(&a.filename, ATTR_CHAR);
            if let Ok(value) = HeaderValue::from_str(&format!("inline; filename*=UTF-8''{name}")) {
                h.insert(CONTENT_DISPOSITION, value);
            }
            // The file is the sender's, not ours: it must not run in the inbox's origin.
            h.insert(
                "content-security-policy",
                HeaderValue::from_static("sandbox"),
            );
            h.insert(
                "x-content-type-options",
                HeaderValue::from_static("nosniff"),
            );
            Some((reply, String::new()))
        })
        .flatten()
        .unwrap_or_else(missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_both_quotes_and_markup() {
        assert_eq!(
            escape(r#"<a href="x" title='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }
}
