//! The inbox pages.

use serde_json::json;

use crate::support::{b64, email_to, Server};

#[test]
fn the_inbox_lists_messages_newest_first_with_channel_recipient_subject_and_time() {
    let server = Server::start();
    let empty = server.get("/");
    assert_eq!(empty.status, 200);
    assert!(empty.text().contains("No messages yet."));

    let mut first = email_to("zoe@example.com");
    first["subject"] = json!("Confirmed: Haircut <Tuesday>");
    let id = server.email(None, &first).json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sms = server.sms(
        None,
        &[
            ("To", "+33612345678"),
            ("From", "+15005550006"),
            ("Body", "Reminder: tomorrow 10:00"),
        ],
    );
    let sid = sms.json()["sid"].as_str().unwrap().to_owned();

    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    let html = page.text();
    assert!(
        html.contains(r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#)
    );
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(!html.contains("<script"), "no script");
    let sms_at = html
        .find(&format!("/messages/{sid}"))
        .expect("the SMS is listed");
    let email_at = html
        .find(&format!("/messages/{id}"))
        .expect("the email is listed");
    assert!(sms_at < email_at, "newest first");
    assert!(
        html.contains("Confirmed: Haircut &lt;Tuesday&gt;"),
        "the subject, escaped"
    );
    assert!(html.contains("Reminder: tomorrow 10:00"));
    assert!(html.contains("to +33612345678") && html.contains("to zoe@example.com"));
    assert!(html.contains(">SMS<") && html.contains(">Email<"));
    assert_eq!(html.matches("<time datetime=").count(), 2);
}

#[test]
fn a_message_page_shows_the_text_the_html_in_a_sandboxed_frame_and_the_attachments() {
    let server = Server::start();
    let hostile = r#"<p title='x' class="y">Hi</p></iframe><script>alert(1)</script>"#;
    let ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
    let mut body = email_to("zoe@example.com");
    body["text"] = json!("Line one\n<b>not bold</b>");
    body["html"] = json!(hostile);
    body["attachments"] = json!([{ "filename": "booking.ics", "content": b64(ics) }]);
    let id = server.email(Some("booking-9"), &body).json()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let page = server.get(&format!("/messages/{id}"));
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<pre>Line one\n&lt;b&gt;not bold&lt;/b&gt;</pre>"));
    assert!(html.contains(r#"sandbox="allow-popups allow-popups-to-escape-sandbox""#));
    let srcdoc = html
        .split(r#"srcdoc=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("an iframe srcdoc");
    assert!(
        srcdoc.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{srcdoc}"
    );
    assert!(
        srcdoc.contains("title=&#39;x&#39; class=&quot;y&quot;"),
        "{srcdoc}"
    );
    assert!(
        !html.contains("<script>"),
        "the message's markup never reaches the page itself"
    );
    assert_eq!(html.matches("</iframe>").count(), 1);
    assert!(html.contains("booking-9"), "the idempotency key is shown");

    let link = format!("/messages/{id}/attachments/0");
    assert!(html.contains(&format!(r#"<a href="{link}">booking.ics</a>"#)));
    let file = server.get(&link);
    assert_eq!(file.status, 200);
    assert_eq!(file.content_type, "text/calendar");
    assert_eq!(file.body, ics);
    assert_eq!(file.header("content-security-policy"), Some("sandbox"));
    assert_eq!(
        file.header("content-disposition"),
        Some("inline; filename*=UTF-8''booking.ics")
    );
}

#[test]
fn pages_of_unknown_messages_and_attachments_are_404() {
    let server = Server::start();
    let id = server.email(None, &email_to("zoe@example.com")).json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for path in [
        "/messages/no-such-id".to_owned(),
        format!("/messages/{id}/attachments/0"),
        format!("/messages/{id}/attachments/x"),
    ] {
        let answer = server.get(&path);
        assert_eq!(answer.status, 404, "{path}");
        assert!(answer.content_type.starts_with("text/html"), "{path}");
    }
}
