//! A real HTTP receiver on loopback for webhook deliveries: it records every request (its
//! headers, body and arrival time) and answers as the test tells it to.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How the receiver answers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Answer {
    Ok,
    Status(u16),
    /// 302 to another address.
    Redirect,
    /// Waits this long before answering 200.
    Slow(Duration),
}

#[derive(Debug, Clone)]
pub struct Received {
    pub at: Instant,
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or("")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }
}

#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    answer: Arc<Mutex<Answer>>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}/hooks/eil", listener.local_addr().expect("addr"));
        let r = Receiver {
            url,
            received: Arc::default(),
            answer: Arc::new(Mutex::new(Answer::Ok)),
        };
        let me = r.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let me = me.clone();
                tokio::spawn(async move {
                    let _ = me.serve(socket).await;
                });
            }
        });
        r
    }

    pub fn answer(&self, a: Answer) {
        *self.answer.lock().expect("lock") = a;
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }

    /// Waits until `n` requests have arrived (or panics after `within`).
    pub async fn wait_for(&self, n: usize, within: Duration) -> Vec<Received> {
        let deadline = Instant::now() + within;
        loop {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            assert!(
                Instant::now() < deadline,
                "expected {n} deliveries within {within:?}, got {}",
                got.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn serve(&self, mut socket: TcpStream) -> std::io::Result<()> {
        loop {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 8192];
            let head_end = loop {
                let n = socket.read(&mut chunk).await?;
                if n == 0 {
                    return Ok(());
                }
                buf.extend_from_slice(&chunk[..n]);
                if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    break i;
                }
            };
            let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
            let mut headers = HashMap::new();
            for line in head.lines().skip(1) {
                if let Some((k, v)) = line.split_once(':') {
                    headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
                }
            }
            let length: usize = headers
                .get("content-length")
                .and_then(|l| l.parse().ok())
                .unwrap_or(0);
            let mut body = buf[head_end + 4..].to_vec();
            while body.len() < length {
                let n = socket.read(&mut chunk).await?;
                if n == 0 {
                    return Ok(());
                }
                body.extend_from_slice(&chunk[..n]);
            }
            self.received.lock().expect("lock").push(Received {
                at: Instant::now(),
                headers,
                body: String::from_utf8_lossy(&body).into_owned(),
            });
            let answer = *self.answer.lock().expect("lock");
            let reply = match answer {
                Answer::Ok => "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok".to_string(),
                Answer::Status(s) => {
                    format!("HTTP/1.1 {s} Oops\r\ncontent-length: 4\r\n\r\noops")
                }
                Answer::Redirect => "HTTP/1.1 302 Found\r\nlocation: http://127.0.0.1:9/elsewhere\r\ncontent-length: 0\r\n\r\n".to_string(),
                Answer::Slow(d) => {
                    tokio::time::sleep(d).await;
                    "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok".to_string()
                }
            };
            socket.write_all(reply.as_bytes()).await?;
        }
    }
}
