//! The centre's news about a booking, as Today's banner says it.

use anxin_domain::counselling::booking_news::BookingNews;
use anxin_domain::counselling::my_bookings::BookingRecord;

use super::slot_labels::slot_when;
use crate::i18n::{Lang, Texts};

/// "The counsellor confirmed your appointment: Mon 7 Dec 09:00 · …".
pub fn news_text(texts: &Texts, lang: Lang, record: &BookingRecord, news: &BookingNews) -> String {
    let counsellor = record.server.as_ref().and_then(|b| b.counsellor_name.as_deref());
    let when = |slot| slot_when(texts, lang, slot, counsellor);
    match news {
        BookingNews::Booked(slot) => texts.news_booked.with(&when(slot)),
        BookingNews::Accepted(slot) => texts.news_accepted.with(&when(slot)),
        BookingNews::Proposed(slot) => texts.news_proposed.with(&when(slot)),
        BookingNews::Taken => texts.news_taken.to_owned(),
        BookingNews::Declined => texts.news_declined.to_owned(),
        BookingNews::Refused => texts.news_refused.to_owned(),
    }
}
