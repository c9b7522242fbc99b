//! E-mail over SMTP with lettre: plain text with an HTML alternative, sent by the outbox
//! worker. TLS is rustls on the ring provider with the Mozilla roots (no OpenSSL).
//!
//! `EIL_SMTP_URL` is one of `smtp://HOST:PORT` (plain, for a relay on the same host),
//! `smtp://HOST:PORT?tls=starttls` (STARTTLS required; lettre's `tls=required` and
//! `tls=opportunistic` work too) or `smtps://HOST:PORT` (TLS from the start), with
//! `USER:PASSWORD@` before the host when the server wants a login.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::Email;

/// How long one SMTP conversation may take; well inside the worker's lease.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Why an e-mail was not sent.
#[derive(Debug, Clone)]
pub struct MailError {
    /// The SMTP reply code, when the server answered.
    pub code: Option<u16>,
    pub message: String,
}

/// Sends the outbox's e-mails.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    // The transport holds the SMTP password; only the sender is shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from).finish()
    }
}

impl Mailer {
    /// The transport for `EIL_SMTP_URL`, sending as `from` (`Name <address>` or an address).
    pub fn new(url: &str, from: &str) -> anyhow::Result<Mailer> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("EIL_MAIL_FROM {from:?} is not an e-mail address: {e}"))?;
        let url = url.replace("tls=starttls", "tls=required");
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url)
            // The error may quote the URL, which may hold a password: say only what is wrong.
            .map_err(|_| {
                anyhow::anyhow!(
                    "EIL_SMTP_URL is not a usable SMTP URL: use smtp://HOST:PORT, add ?tls=starttls, or smtps://HOST:PORT"
                )
            })?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        Ok(Mailer { transport, from })
    }

    /// Sends a queued e-mail (the notice's payload); the SMTP reply code on success.
    pub async fn send_payload(&self, payload: &str) -> Result<u16, MailError> {
        let email: Email = serde_json::from_str(payload).map_err(|e| MailError {
            code: None,
            message: format!("the queued e-mail cannot be read: {e}"),
        })?;
        let message = self.message(&email)?;
        match self.transport.send(message).await {
            Ok(response) => Ok(response.code().into()),
            Err(e) => Err(MailError {
                code: e.status().map(u16::from),
                message: e.to_string().chars().take(500).collect(),
            }),
        }
    }

    fn message(&self, email: &Email) -> Result<Message, MailError> {
        let to: Mailbox = email.to.parse().map_err(|e| MailError {
            code: None,
            message: format!("the recipient {:?} is not an e-mail address: {e}", email.to),
        })?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                email.html.clone(),
            ))
            .map_err(|e| MailError {
                code: None,
                message: format!("the e-mail cannot be built: {e}"),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn understands_the_documented_urls() {
        for url in [
            "smtp://127.0.0.1:2525",
            "smtp://mail.example.lv:587?tls=starttls",
            "smtps://user:secret@mail.example.lv",
        ] {
            assert!(
                Mailer::new(url, "EIL Hub <eil-hub@rbs.lv>").is_ok(),
                "{url}"
            );
        }
        assert!(Mailer::new("http://mail.example.lv", "eil-hub@rbs.lv").is_err());
        assert!(Mailer::new("smtp://127.0.0.1:25", "not an address").is_err());
    }

    #[test]
    fn an_unreadable_recipient_is_an_error_not_a_panic() {
        let m = Mailer::new("smtp://127.0.0.1:1", "eil-hub@rbs.lv").expect("mailer");
        let e = Email {
            kind: "email.test".into(),
            to: "not an address".into(),
            subject: "s".into(),
            text: "t".into(),
            html: "<p>t</p>".into(),
        };
        assert!(m.message(&e).is_err());
    }
}
