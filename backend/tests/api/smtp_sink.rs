//! An SMTP server on loopback that keeps what it receives: enough of RFC 5321 (EHLO/HELO,
//! MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT) for a real client to deliver to
//! it, and a reader of the MIME the client sent (parts, quoted-printable, base64, encoded
//! subjects), so that tests check what a person's mail program would show.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One message as it arrived.
#[derive(Debug, Clone)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    /// Headers and body, CRLF line ends, dots unstuffed.
    pub raw: String,
}

#[derive(Default)]
struct State {
    mails: Vec<Mail>,
    /// RCPT commands seen, refused ones included.
    rcpt_attempts: usize,
}

/// A running sink; it stops with the test's runtime.
#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl SmtpSink {
    /// Accepts every message.
    pub async fn start() -> SmtpSink {
        Self::start_with(false).await
    }

    /// Answers every `RCPT TO` with 550 (a mailbox that does not exist).
    pub async fn refusing() -> SmtpSink {
        Self::start_with(true).await
    }

    async fn start_with(refuse: bool) -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind sink");
        let port = listener.local_addr().expect("addr").port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(session(socket, shared.clone(), refuse));
            }
        });
        SmtpSink { port, state }
    }

    /// `smtp://127.0.0.1:PORT`, for `EIL_SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn mails(&self) -> Vec<Mail> {
        self.state.lock().expect("sink").mails.clone()
    }

    pub fn rcpt_attempts(&self) -> usize {
        self.state.lock().expect("sink").rcpt_attempts
    }

    /// The messages to `to`, once there are at least `n` (panics after 10 s).
    pub async fn wait_for(&self, to: &str, n: usize) -> Vec<Mail> {
        for _ in 0..200 {
            let got: Vec<Mail> = self
                .mails()
                .into_iter()
                .filter(|m| m.to.iter().any(|t| t == to))
                .collect();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no {n} e-mail(s) to {to} arrived; got {:#?}", self.mails());
    }

    /// Waits until `cond` holds of the sink (panics after 10 s).
    pub async fn until(&self, what: &str, cond: impl Fn(&SmtpSink) -> bool) {
        for _ in 0..200 {
            if cond(self) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the SMTP sink never saw {what}");
    }
}

/// One SMTP conversation.
async fn session(socket: tokio::net::TcpStream, state: Arc<Mutex<State>>, refuse: bool) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    if write
        .write_all(b"220 sink.test ESMTP ready\r\n")
        .await
        .is_err()
    {
        return;
    }
    let (mut from, mut to) = (String::new(), Vec::<String>::new());
    let mut line = String::new();
    loop {
        line.clear();
        match lines.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let command = line.trim_end().to_string();
        let verb = command
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let answer: String = match verb.as_str() {
            "EHLO" => "250-sink.test\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 HELP\r\n".into(),
            "HELO" => "250 sink.test\r\n".into(),
            "MAIL" => {
                from = address(&command);
                to.clear();
                "250 2.1.0 OK\r\n".into()
            }
            "RCPT" => {
                state.lock().expect("sink").rcpt_attempts += 1;
                if refuse {
                    "550 5.1.1 no such mailbox here\r\n".into()
                } else {
                    to.push(address(&command));
                    "250 2.1.5 OK\r\n".into()
                }
            }
            "DATA" if to.is_empty() => "554 5.5.1 no valid recipients\r\n".into(),
            "DATA" => {
                if write
                    .write_all(b"354 end with <CRLF>.<CRLF>\r\n")
                    .await
                    .is_err()
                {
                    return;
                }
                let mut raw = String::new();
                loop {
                    line.clear();
                    match lines.read_line(&mut line).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    // Dot-unstuffing (RFC 5321 §4.5.2).
                    let l = line.strip_prefix('.').unwrap_or(&line);
                    raw.push_str(l);
                }
                state.lock().expect("sink").mails.push(Mail {
                    from: from.clone(),
                    to: std::mem::take(&mut to),
                    raw,
                });
                "250 2.0.0 OK queued\r\n".into()
            }
            "RSET" => {
                from.clear();
                to.clear();
                "250 2.0.0 OK\r\n".into()
            }
            "NOOP" => "250 2.0.0 OK\r\n".into(),
            "QUIT" => {
                let _ = write.write_all(b"221 2.0.0 bye\r\n").await;
                return;
            }
            _ => "502 5.5.2 command not recognised\r\n".into(),
        };
        if write.write_all(answer.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// The address in `MAIL FROM:<a@b> SIZE=1` or `RCPT TO:<a@b>`.
fn address(command: &str) -> String {
    match (command.find('<'), command.find('>')) {
        (Some(a), Some(b)) if a < b => command[a + 1..b].to_string(),
        _ => command
            .split_once(':')
            .map(|(_, r)| r.trim().to_string())
            .unwrap_or_default(),
    }
}

impl Mail {
    /// The decoded `Subject`.
    pub fn subject(&self) -> String {
        let (headers, _) = split_head(&self.raw);
        decode_words(&header(&headers, "subject").unwrap_or_default())
    }

    /// The decoded header `name` of the message.
    pub fn header(&self, name: &str) -> Option<String> {
        header(&split_head(&self.raw).0, name)
    }

    /// The decoded `text/plain` part.
    pub fn text(&self) -> String {
        self.part("text/plain")
    }

    /// The decoded `text/html` part.
    pub fn html(&self) -> String {
        self.part("text/html")
    }

    fn part(&self, kind: &str) -> String {
        let (headers, body) = split_head(&self.raw);
        let content_type = header(&headers, "content-type").unwrap_or_default();
        if !content_type.to_ascii_lowercase().starts_with("multipart/") {
            return if content_type.to_ascii_lowercase().starts_with(kind) {
                decode_body(&headers, body)
            } else {
                String::new()
            };
        }
        let boundary = content_type
            .split(';')
            .filter_map(|p| p.trim().strip_prefix("boundary="))
            .next()
            .map(|b| b.trim_matches('"').to_string())
            .expect("a multipart message names its boundary");
        for chunk in body.split(&format!("--{boundary}")) {
            let chunk = chunk.trim_start_matches("\r\n");
            if chunk.starts_with("--") || chunk.trim().is_empty() {
                continue;
            }
            let (h, b) = split_head(chunk);
            if header(&h, "content-type")
                .unwrap_or_default()
                .to_ascii_lowercase()
                .starts_with(kind)
            {
                return decode_body(&h, b);
            }
        }
        String::new()
    }
}

/// Unfolded header lines, and the body.
fn split_head(raw: &str) -> (Vec<(String, String)>, &str) {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.1.push_str(line);
            }
        } else if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    (headers, body)
}

fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

fn decode_body(headers: &[(String, String)], body: &str) -> String {
    let encoding = header(headers, "content-transfer-encoding")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let body = body.trim_end_matches("\r\n");
    match encoding.as_str() {
        "base64" => {
            let compact: String = body.split_whitespace().collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(compact)
                .expect("base64 body");
            String::from_utf8(bytes).expect("utf-8 body")
        }
        "quoted-printable" => quoted_printable(body),
        _ => body.to_string(),
    }
    .replace("\r\n", "\n")
}

fn quoted_printable(s: &str) -> String {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes[i + 1..].starts_with(b"\r\n") => i += 3,
            b'=' if bytes[i + 1..].starts_with(b"\n") => i += 2,
            b'=' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
                out.push(u8::from_str_radix(hex, 16).expect("quoted-printable escape"));
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("utf-8 text")
}

/// RFC 2047 encoded words (`=?utf-8?b?...?=`, `=?utf-8?q?...?=`), the rest as it is.
fn decode_words(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let before = &rest[..start];
        // Whitespace between two encoded words is not part of the text.
        if !(after_word && before.trim().is_empty()) {
            out.push_str(before);
        }
        let mut parts = rest[start + 2..].splitn(3, '?');
        let (_charset, enc, tail) = (parts.next(), parts.next(), parts.next());
        let (Some(enc), Some(tail)) = (enc, tail) else {
            rest = &rest[start..];
            break;
        };
        let Some(end) = tail.find("?=") else {
            rest = &rest[start..];
            break;
        };
        let text = &tail[..end];
        out.push_str(&match enc.to_ascii_lowercase().as_str() {
            "b" => String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .expect("base64 word"),
            )
            .expect("utf-8 word"),
            _ => quoted_printable(&text.replace('_', " ")),
        });
        after_word = true;
        rest = &tail[end + 2..];
    }
    out.push_str(rest);
    out
}
