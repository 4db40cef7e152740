//! The note editor's save rule, as a state machine: a save never
//! overwrites a note on the server that she has not opened in this
//! editor; one sealed with another passphrase (which this one cannot
//! open, and which would be lost for good) is replaced only on her second
//! confirmation. The desk feeds it what happened; it says what to do.

/// What the editor knows of the note saved on the server, with the
/// passphrase now in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteGuard {
    /// Not yet looked at: the first save fetches it first.
    Unknown,
    /// There is none, or it opened in this editor, or this editor saved
    /// it: saving replaces nothing she has not seen.
    Known,
    /// There is one this passphrase does not open.
    Unopenable,
}

/// What a save should do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveStep {
    /// Seal and write.
    Write,
    /// Fetch the saved note first, then [`NoteGuard::checked`] says.
    CheckFirst,
    /// Do nothing, and say why.
    Refuse(SaveRefusal),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveRefusal {
    /// The note is empty.
    Empty,
    /// There is a saved note she has not opened here: open it first.
    OpenFirst,
    /// It would replace a note this passphrase cannot open: she must
    /// confirm that again.
    WouldReplace,
    /// A confirmation with nothing to confirm (already known).
    NothingToReplace,
}

/// What the fetch before a first save found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Nothing,
    /// A note that opens with this passphrase (but is not in the editor).
    Opens,
    /// A note sealed with another passphrase.
    OtherPassphrase,
}

impl NoteGuard {
    /// A save of `text`; `replace` is her second confirmation over a note
    /// this passphrase does not open.
    pub fn save(self, text: &str, replace: bool) -> SaveStep {
        if text.trim().is_empty() {
            return SaveStep::Refuse(SaveRefusal::Empty);
        }
        match (self, replace) {
            (NoteGuard::Unopenable, false) => SaveStep::Refuse(SaveRefusal::WouldReplace),
            (NoteGuard::Unopenable, true) | (NoteGuard::Known, false) => SaveStep::Write,
            (NoteGuard::Unknown | NoteGuard::Known, true) => {
                SaveStep::Refuse(SaveRefusal::NothingToReplace)
            }
            (NoteGuard::Unknown, false) => SaveStep::CheckFirst,
        }
    }

    /// After the check a first save asked for: the new state, and whether
    /// to write now.
    pub fn checked(self, found: Found) -> (NoteGuard, Result<(), SaveRefusal>) {
        match found {
            Found::Nothing => (NoteGuard::Known, Ok(())),
            Found::Opens => (self, Err(SaveRefusal::OpenFirst)),
            Found::OtherPassphrase => (NoteGuard::Unopenable, Err(SaveRefusal::WouldReplace)),
        }
    }

    /// The saved note was opened here, there was none, or this editor
    /// wrote it.
    pub fn seen(self) -> NoteGuard {
        NoteGuard::Known
    }

    /// The passphrase was forgotten or changed: nothing is known any more.
    pub fn reset(self) -> NoteGuard {
        NoteGuard::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_a_first_save_looks_before_it_writes() {
        let guard = NoteGuard::Unknown;
        assert_eq!(guard.save("  ", false), SaveStep::Refuse(SaveRefusal::Empty));
        assert_eq!(guard.save("第一次咨询", false), SaveStep::CheckFirst);
        // Nothing saved yet: write, and later saves write at once.
        let (guard, go) = guard.checked(Found::Nothing);
        assert_eq!((guard, go), (NoteGuard::Known, Ok(())));
        assert_eq!(guard.save("第二次", false), SaveStep::Write);
    }

    #[test]
    fn test_a_note_not_opened_here_is_never_overwritten() {
        // One that opens: she must open it first (then it is known).
        let (guard, go) = NoteGuard::Unknown.checked(Found::Opens);
        assert_eq!((guard, go), (NoteGuard::Unknown, Err(SaveRefusal::OpenFirst)));
        assert_eq!(guard.save("新的", false), SaveStep::CheckFirst, "still checked");
        assert_eq!(guard.seen().save("新的", false), SaveStep::Write);
    }

    #[test]
    fn test_a_note_of_another_passphrase_needs_a_second_confirmation() {
        let (guard, go) = NoteGuard::Unknown.checked(Found::OtherPassphrase);
        assert_eq!((guard, go), (NoteGuard::Unopenable, Err(SaveRefusal::WouldReplace)));
        assert_eq!(guard.save("新的", false), SaveStep::Refuse(SaveRefusal::WouldReplace));
        assert_eq!(guard.save("新的", true), SaveStep::Write, "confirmed again");
        // A confirmation where there is nothing to replace does nothing.
        assert_eq!(
            NoteGuard::Known.save("新的", true),
            SaveStep::Refuse(SaveRefusal::NothingToReplace)
        );
        // A new passphrase: unknown again.
        assert_eq!(guard.reset().save("新的", false), SaveStep::CheckFirst);
    }
}
