//! What the server holds for a person, read as a phone would from cursor
//! 0, in pages: their declaration revisions in the server's order, and
//! each booking as it last stands.

use std::collections::BTreeMap;

use anxin_domain::counselling::MyBooking;
use anxin_domain::sync::round::pull_path;
use anxin_domain::sync::{PullResponse, PulledChange, ServerRevision};
use axum::http::StatusCode;

use crate::server::SimServer;

#[derive(Debug, Default)]
pub struct ServerView {
    /// In the order of the server's cursor.
    pub revisions: Vec<ServerRevision>,
    pub bookings: BTreeMap<String, MyBooking>,
    /// Pages that did not move the cursor on, or moved it back.
    pub disorder: Vec<String>,
}

impl ServerView {
    pub async fn read(server: &SimServer, person: &str) -> Self {
        let mut view = ServerView::default();
        let mut cursor = 0;
        loop {
            let reply = server.get(person, &format!("{}&limit=50", pull_path(cursor))).await;
            assert_eq!(reply.status, StatusCode::OK, "a quiet pull answers");
            let page: PullResponse = serde_json::from_slice(&reply.body).expect("a page reads");
            if page.changes.is_empty() != (page.cursor == cursor) || page.cursor < cursor {
                view.disorder.push(format!("{person}: cursor {cursor} then {}", page.cursor));
            }
            for change in page.changes {
                match change {
                    PulledChange::DeclarationRevision(revision) => view.revisions.push(revision),
                    PulledChange::Booking(booking) => {
                        view.bookings.insert(booking.booking_id.clone(), booking);
                    }
                    _ => {}
                }
            }
            cursor = page.cursor;
            if !page.more {
                return view;
            }
        }
    }

    /// The revisions of `day`, in the server's order.
    pub fn day(&self, day: chrono::NaiveDate) -> Vec<&ServerRevision> {
        self.revisions.iter().filter(|r| r.day == day).collect()
    }
}
