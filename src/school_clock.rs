//! The school's date and time, kept current while the app stays open: the
//! reminder banner appears when the reminder time passes, and a page left
//! open overnight moves on to the new day.

use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use leptos::prelude::*;

use crate::declaring::school_now;

/// How often the clock is read; the banner is at most this late.
const TICK: Duration = Duration::from_secs(20);

#[derive(Clone, Copy)]
pub struct SchoolClock {
    /// School local time, to the minute.
    pub now: RwSignal<NaiveDateTime>,
}

impl SchoolClock {
    /// Today's school date (tracked: changes at midnight).
    pub fn today(&self) -> NaiveDate {
        self.now.get().date()
    }

    /// Reads the device clock; updates the signal only when the minute
    /// changed, so nothing re-renders in between.
    pub fn refresh(&self) {
        let now = to_minute(school_now().1);
        if now != self.now.get_untracked() {
            self.now.set(now);
        }
    }
}

fn to_minute(at: NaiveDateTime) -> NaiveDateTime {
    at.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(at)
}

pub fn provide_school_clock() -> SchoolClock {
    let clock = SchoolClock { now: RwSignal::new(to_minute(school_now().1)) };
    set_interval(move || clock.refresh(), TICK);
    // A phone wakes the page after hours asleep: read the clock at once.
    let _ = window_event_listener(leptos::ev::visibilitychange, move |_| clock.refresh());
    provide_context(clock);
    clock
}

pub fn use_school_clock() -> SchoolClock {
    expect_context::<SchoolClock>()
}
