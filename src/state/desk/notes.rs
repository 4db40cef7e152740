//! A counsellor's private notes through the desk: sealed here before they
//! leave (`note_crypto`), opened here after they arrive, and saved by the
//! rule of `NoteGuard` (never over a note not opened in this editor).

use anxin_domain::counselling::note_guard::{Found, NoteGuard, SaveRefusal, SaveStep};
use leptos::prelude::*;

use super::Desk;
use crate::note_crypto::{open, seal, NoteCryptoError};
use crate::sync::{counsellor, HttpError};

/// Why a note was not opened or saved, besides the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteProblem {
    Refused(SaveRefusal),
    Crypto(NoteCryptoError),
}

/// What opening the saved note found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    Nothing,
    Text(String),
}

type NoteAnswer<T> = Result<Result<T, NoteProblem>, HttpError>;

/// What the editor knows of the saved note after a save, and its outcome.
pub type Saved = (NoteGuard, Result<(), NoteProblem>);

impl Desk {
    /// Opens the saved note of `booking_id` with `secret`.
    pub fn open_note(
        &self,
        booking_id: String,
        secret: String,
        busy: RwSignal<bool>,
        done: impl FnOnce(NoteAnswer<Opened>) + 'static,
    ) {
        self.request(
            busy,
            move |token| async move {
                Ok(match counsellor::read_note(&booking_id, &token).await? {
                    None => Ok(Opened::Nothing),
                    Some(sealed) => {
                        open(&secret, &sealed).await.map(Opened::Text).map_err(NoteProblem::Crypto)
                    }
                })
            },
            done,
        );
    }

    /// Saves `text` sealed with `secret`, as `guard` allows (`replace`:
    /// her second confirmation); `done` gets what the editor knows of the
    /// saved note after it, and the outcome.
    pub fn save_note(
        &self,
        booking_id: String,
        secret: String,
        text: String,
        (guard, replace): (NoteGuard, bool),
        busy: RwSignal<bool>,
        done: impl FnOnce(Result<Saved, HttpError>) + 'static,
    ) {
        let step = guard.save(&text, replace);
        if let SaveStep::Refuse(why) = step {
            done(Ok((guard, Err(NoteProblem::Refused(why)))));
            return;
        }
        self.request(
            busy,
            move |token| async move {
                let mut guard = guard;
                if step == SaveStep::CheckFirst {
                    // Before the first save: is there a note she has not seen?
                    let found = match counsellor::read_note(&booking_id, &token).await? {
                        None => Found::Nothing,
                        Some(sealed) => match open(&secret, &sealed).await {
                            Ok(_) => Found::Opens,
                            Err(NoteCryptoError::WrongPassphrase) => Found::OtherPassphrase,
                            Err(err) => return Ok((guard, Err(NoteProblem::Crypto(err)))),
                        },
                    };
                    let (next, go) = guard.checked(found);
                    if let Err(why) = go {
                        return Ok((next, Err(NoteProblem::Refused(why))));
                    }
                    guard = next;
                }
                let sealed = match seal(&secret, &text).await {
                    Ok(sealed) => sealed,
                    Err(err) => return Ok((guard, Err(NoteProblem::Crypto(err)))),
                };
                counsellor::write_note(&booking_id, &sealed, &token).await?;
                Ok((guard.seen(), Ok(())))
            },
            done,
        );
    }
}
