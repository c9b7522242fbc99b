//! Slow and greedy clients: a body over the limit is refused by its declared length before
//! a byte of it is read, a body that does not arrive in time is answered 408, and a
//! connection whose body was not read to the end is closed rather than drained.
//!
//! actix-web times out the request head (`client_request_timeout`) and idle connections
//! (keep-alive) itself, but not the body: a client sending one byte a second held a
//! connection, and a file descriptor, for as long as it liked.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::rt::time::{Sleep, sleep};
use actix_web::web::{self, Bytes};
use actix_web::{Error, HttpMessage};
use futures_util::Stream;

use super::problem;

/// What `guard_body` enforces; shared with the workers as app data.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimits {
    /// The whole body must have arrived this long after the head.
    pub timeout: Duration,
    /// The largest body any route accepts (the extractors' limit).
    pub max: usize,
}

pub async fn guard_body(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let limits = req
        .app_data::<web::Data<BodyLimits>>()
        .map(|d| *d.get_ref())
        .unwrap_or(BodyLimits {
            timeout: Duration::from_secs(crate::config::HttpConfig::BODY_TIMEOUT_SECS),
            max: crate::extract::MAX_BODY,
        });
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let chunked = req.headers().contains_key(header::TRANSFER_ENCODING);
    if declared.unwrap_or(0) == 0 && !chunked {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let body = Rc::new(RefCell::new(req.take_payload()));
    if declared.is_some_and(|n| n > limits.max as u64) {
        let res = problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            Some(format!("the body is larger than {} bytes", limits.max)),
        );
        return Ok(holding(req.into_response(res), body));
    }
    let state = Rc::new(State::default());
    let stream: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(Deadline {
        body: Rc::clone(&body),
        timer: Box::pin(sleep(limits.timeout)),
        state: Rc::clone(&state),
        seconds: limits.timeout.as_secs_f64(),
    });
    req.set_payload(Payload::from(stream));
    let late = move || {
        problem(
            StatusCode::REQUEST_TIMEOUT,
            Some(format!(
                "the body did not arrive within {} s",
                limits.timeout.as_secs_f64()
            )),
        )
    };
    let res = match next.call(req).await {
        Ok(res) => res.map_into_boxed_body(),
        Err(mut e) => {
            if state.expired.get() {
                e.add_response_mapper(move |_| late());
            }
            return Err(e);
        }
    };
    // The extractor saw a read error and answered 400; the caller deserves the reason.
    let res = if state.expired.get() {
        let (req, _) = res.into_parts();
        ServiceResponse::new(req, late())
    } else {
        res
    };
    if state.finished.get() {
        Ok(res)
    } else {
        Ok(holding(res, body))
    }
}

#[derive(Default)]
struct State {
    /// The body was read to its end.
    finished: Cell<bool>,
    /// The deadline passed first.
    expired: Cell<bool>,
}

/// The request body, cut off at the deadline.
struct Deadline {
    body: Rc<RefCell<Payload>>,
    timer: Pin<Box<Sleep>>,
    state: Rc<State>,
    seconds: f64,
}

impl Stream for Deadline {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.state.finished.get() || this.state.expired.get() {
            return Poll::Ready(None);
        }
        let polled = Pin::new(&mut *this.body.borrow_mut()).poll_next(cx);
        match polled {
            Poll::Ready(None) => {
                this.state.finished.set(true);
                Poll::Ready(None)
            }
            Poll::Ready(Some(item)) => Poll::Ready(Some(item)),
            Poll::Pending => match this.timer.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    this.state.expired.set(true);
                    Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        format!("the body did not arrive within {} s", this.seconds),
                    )))))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

/// Keeps the unread request body alive until the answer is sent. actix closes a connection
/// whose body is unread and still held, but drains a dropped chunked body to its end,
/// which a slow client could stretch for ever.
fn holding(res: ServiceResponse<BoxBody>, body: Rc<RefCell<Payload>>) -> ServiceResponse<BoxBody> {
    res.map_body(|_, inner| BoxBody::new(Holding { inner, _body: body }))
}

struct Holding {
    inner: BoxBody,
    _body: Rc<RefCell<Payload>>,
}

impl MessageBody for Holding {
    type Error = Box<dyn std::error::Error>;

    fn size(&self) -> BodySize {
        self.inner.size()
    }

    fn poll_next(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        Pin::new(&mut self.inner).poll_next(cx)
    }
}

/// Raises the soft limit on open files to the hard limit, so that many connections do not
/// run the process out of descriptors ("Too many open files") at the usual 1,024.
/// Returns the limit now in force, if the platform reports one.
pub fn raise_open_files() -> Option<u64> {
    let (soft, hard) = match rlimit::Resource::NOFILE.get() {
        Ok(limits) => limits,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the open-files limit");
            return None;
        }
    };
    match rlimit::increase_nofile_limit(hard) {
        Ok(now) => {
            tracing::info!(before = soft, now, hard, "open-files limit");
            Some(now)
        }
        Err(e) => {
            tracing::warn!(error = %e, soft, hard, "cannot raise the open-files limit");
            Some(soft)
        }
    }
}

/// Connections per worker that fit the open-files limit: each connection holds a
/// descriptor, and the rest of the process (database, files served, log) needs some too.
pub fn connections_per_worker(
    configured: usize,
    open_files: Option<u64>,
    workers: usize,
    pool: u32,
) -> usize {
    let Some(limit) = open_files else {
        return configured.max(1);
    };
    let reserve = 64 + u64::from(pool) * 2;
    let room = limit.saturating_sub(reserve) / workers.max(1) as u64;
    let room = usize::try_from(room).unwrap_or(usize::MAX);
    configured.min(room).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_fit_the_open_files_limit() {
        // The usual 1,024 shared by two workers and a pool of 8.
        assert_eq!(connections_per_worker(1024, Some(1024), 2, 8), 472);
        assert_eq!(connections_per_worker(1024, Some(1_048_576), 2, 8), 1024);
        assert_eq!(connections_per_worker(1024, None, 2, 8), 1024);
        assert_eq!(connections_per_worker(1024, Some(10), 2, 8), 1);
    }
}
