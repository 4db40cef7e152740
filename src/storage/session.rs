//! The signed-in account on the device (`anxin.v1.session`), and the wipe
//! at sign-out.
//!
//! After one online sign-in the session is read from here at every start,
//! so the app works offline. When the server ends the session (expiry or
//! revocation) the token is dropped but the person is kept: whatever they
//! queued is theirs, and waits for them to sign in again.

use anxin_domain::account::PasswordReset;
use anxin_domain::roster::{OfficeScope, Role};
use serde::Deserialize;

use super::{keys, load, KeyValueStore, Result};

/// The signed-in person as the device uses them: whose records these are
/// and what the account card shows. Read from the server's grant (an
/// `anxin_domain::account::SessionGrant`); its other fields are not read,
/// which keeps the app small.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SessionPerson {
    pub id: String,
    pub name: String,
    pub roles: Vec<Role>,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub class_name: String,
    /// Whom the person calls about their health (their advisor, or their
    /// department's office), as the server found them at sign-in.
    #[serde(default)]
    pub contacts: Vec<anxin_domain::contact::Contact>,
}

/// The fields of a grant that the device reads.
#[derive(Deserialize)]
struct DeviceGrant {
    token: String,
    person: SessionPerson,
}

/// The session as the app uses it. Stored as the server's grant, exactly
/// as it came, and a mark once the server ended it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    /// The bearer token; `None` once the server ended the session.
    pub token: Option<String>,
    pub person: SessionPerson,
}

impl StoredSession {
    /// Reads a grant as the server sent it; `None` if it is not one.
    pub fn from_grant_json(json: &str) -> Option<Self> {
        serde_json::from_str::<DeviceGrant>(json).ok().map(|grant| Self::new(grant, false))
    }

    fn new(grant: DeviceGrant, ended: bool) -> Self {
        Self { token: (!ended).then_some(grant.token), person: grant.person }
    }

    /// The server ended it: sign in again to deliver.
    pub fn ended(&self) -> bool {
        self.token.is_none()
    }

    /// Files declarations (not every account does: an admin, a counsellor
    /// only).
    pub fn declares(&self) -> bool {
        self.person.roles.contains(&Role::Declarant)
    }

    /// Has changes to sync: a declarant's declarations and bookings, an
    /// advisor's or an office's report actions, a guard's records (one
    /// queue for all).
    pub fn syncs(&self) -> bool {
        self.person
            .roles
            .iter()
            .any(|r| matches!(r, Role::Declarant | Role::Advisor | Role::Office | Role::Guard))
    }

    /// Oversees a daily report (an advisor, an office).
    pub fn oversees(&self) -> bool {
        self.person.roles.iter().any(|r| matches!(r, Role::Advisor | Role::Office))
    }
}

/// What a staff member oversees, from the stored grant: the classes an
/// advisor advises, an office's scope. Read by the reports bundle only (so
/// the students' app carries no code for it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Oversight {
    #[serde(default)]
    pub advises: Vec<String>,
    #[serde(default)]
    pub scope: Option<OfficeScope>,
    /// Staff and foreign teachers host visitors.
    #[serde(default)]
    pub category: Option<anxin_domain::profile::PersonCategory>,
}

#[derive(Deserialize)]
struct OversightGrant {
    person: Oversight,
}

/// A grant's notice of a password reset by someone else.
#[derive(Deserialize)]
struct ResetGrant {
    #[serde(default)]
    password_reset: Option<PasswordReset>,
}

/// `keys::SESSION_ENDED` when a reset by someone else ended the session.
const ENDED_BY_RESET: &str = "password_reset";

pub struct SessionStore<'a> {
    store: &'a dyn KeyValueStore,
}

impl<'a> SessionStore<'a> {
    pub fn new(store: &'a dyn KeyValueStore) -> Self {
        Self { store }
    }

    pub fn session(&self) -> Result<Option<StoredSession>> {
        let Some(grant) = load::<DeviceGrant>(self.store, keys::SESSION)? else { return Ok(None) };
        let ended = self.store.read(keys::SESSION_ENDED)?.is_some();
        Ok(Some(StoredSession::new(grant, ended)))
    }

    /// What the signed-in person oversees (nothing when signed out).
    pub fn oversight(&self) -> Result<Option<Oversight>> {
        Ok(load::<OversightGrant>(self.store, keys::SESSION)?.map(|g| g.person))
    }

    /// Keeps a new grant: `grant_json` is the server's answer, already
    /// read by [`StoredSession::from_grant_json`].
    pub fn save(&self, grant_json: &str) -> Result<()> {
        self.store.write(keys::SESSION, grant_json)?;
        self.store.write(keys::SIGNED_IN_HERE, "true")?;
        self.store.remove(keys::SESSION_ENDED)
    }

    /// Whether anyone ever signed in on this device (kept by sign-out).
    pub fn signed_in_here(&self) -> bool {
        matches!(self.store.read(keys::SIGNED_IN_HERE), Ok(Some(_)))
    }

    /// The server no longer takes the token: keeps the person, marks the
    /// session ended. Nothing when there is no session (signed out).
    /// `by_reset`: because someone else reset the password (the server
    /// said `password_reset`).
    pub fn end(&self, by_reset: bool) -> Result<Option<StoredSession>> {
        if self.store.read(keys::SESSION)?.is_none() {
            return Ok(None);
        }
        let mark = if by_reset { ENDED_BY_RESET } else { "true" };
        self.store.write(keys::SESSION_ENDED, mark)?;
        self.session()
    }

    /// The session ended because someone else reset the password.
    pub fn ended_by_reset(&self) -> bool {
        matches!(self.store.read(keys::SESSION_ENDED), Ok(Some(mark)) if mark == ENDED_BY_RESET)
    }

    /// Who reset the password and when, as the last sign-in said, unless
    /// this device has told of that reset already.
    pub fn untold_reset(&self) -> Result<Option<PasswordReset>> {
        let Some(grant) = load::<ResetGrant>(self.store, keys::SESSION)? else { return Ok(None) };
        let seen = self.store.read(keys::RESET_SEEN)?;
        Ok(grant.password_reset.filter(|reset| seen.as_deref() != Some(reset.at.as_str())))
    }

    /// The person has read of the reset at `at`.
    pub fn reset_told(&self, at: &str) -> Result<()> {
        self.store.write(keys::RESET_SEEN, at)
    }
}

/// Sign-out: removes every record of the app from the device (the session,
/// declarations, drafts, the outbox, refused and corrupt records, the
/// directory) except the language, the layout version and whether anyone
/// signed in here, which are not personal. Goes on past a failed removal; returns the first error.
pub fn wipe_personal(store: &dyn KeyValueStore) -> Result<()> {
    let mut result = Ok(());
    for key in store.keys_with_prefix(keys::ALL_PREFIX)? {
        if key != keys::LANG && key != keys::SCHEMA && key != keys::SIGNED_IN_HERE {
            if let Err(err) = store.remove(&key) {
                result = result.and(Err(err));
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use anxin_domain::account::{AccountPerson, SessionGrant};

    use super::*;
    use crate::storage::MemoryStore;

    fn grant_json(roles: &[Role]) -> String {
        serde_json::to_string(&grant(roles)).unwrap()
    }

    fn grant(roles: &[Role]) -> SessionGrant {
        SessionGrant {
            token: "t0k3n".into(),
            person: AccountPerson {
                id: "2020-0101".into(),
                name: "李明".into(),
                roles: roles.iter().copied().collect(),
                category: None,
                department: "信息工程学院".into(),
                class_name: "软件2001".into(),
                advises: BTreeSet::new(),
                scope: None,
                contacts: Vec::new(),
            },
            expires_at: "2026-03-01T00:00:00Z".into(),
            password_reset: None,
        }
    }

    #[test]
    fn test_session_round_trips_and_end_keeps_the_person() {
        let store = MemoryStore::default();
        let sessions = SessionStore::new(&store);
        assert_eq!(sessions.session().unwrap(), None);
        assert_eq!(sessions.end(false).unwrap(), None, "nothing to end when signed out");
        sessions.save(&grant_json(&[Role::Declarant])).unwrap();
        let session = sessions.session().unwrap().unwrap();
        assert_eq!(
            Some(&session),
            StoredSession::from_grant_json(&grant_json(&[Role::Declarant])).as_ref()
        );
        assert_eq!(session.token.as_deref(), Some("t0k3n"));
        assert_eq!(
            (session.person.id.as_str(), session.person.name.as_str()),
            ("2020-0101", "李明")
        );
        assert_eq!(session.person.class_name, "软件2001");
        assert!(!session.ended() && session.declares());

        let ended = sessions.end(false).unwrap().unwrap();
        assert!(ended.ended());
        assert_eq!(ended.person, session.person);
        assert_eq!(sessions.session().unwrap(), Some(ended));

        // Signing in again: a new token, no longer ended.
        sessions.save(&grant_json(&[Role::Declarant])).unwrap();
        assert!(!sessions.session().unwrap().unwrap().ended());
    }

    #[test]
    fn test_a_reset_by_someone_else_is_kept_as_why_and_told_once() {
        let store = MemoryStore::default();
        let sessions = SessionStore::new(&store);
        sessions.save(&grant_json(&[Role::Declarant])).unwrap();
        assert!(sessions.end(true).unwrap().unwrap().ended());
        assert!(sessions.ended_by_reset());
        sessions.save(&grant_json(&[Role::Declarant])).unwrap();
        assert!(!sessions.ended_by_reset(), "signed in again");
        sessions.end(false).unwrap();
        assert!(!sessions.ended_by_reset());

        assert_eq!(sessions.untold_reset().unwrap(), None);
        let mut told = grant(&[Role::Declarant]);
        let reset = PasswordReset {
            by_id: Some("T-1001".into()),
            by_name: Some("张老师".into()),
            at: "2026-12-03T01:12:00Z".into(),
        };
        told.password_reset = Some(reset.clone());
        sessions.save(&serde_json::to_string(&told).unwrap()).unwrap();
        assert_eq!(sessions.untold_reset().unwrap(), Some(reset.clone()));
        sessions.reset_told(&reset.at).unwrap();
        assert_eq!(sessions.untold_reset().unwrap(), None);
        // The next sign-in carries the same reset: still told.
        sessions.save(&serde_json::to_string(&told).unwrap()).unwrap();
        assert_eq!(sessions.untold_reset().unwrap(), None);
        // A later reset is told again.
        let later = PasswordReset { at: "2026-12-05T08:00:00Z".into(), ..reset };
        told.password_reset = Some(later.clone());
        sessions.save(&serde_json::to_string(&told).unwrap()).unwrap();
        assert_eq!(sessions.untold_reset().unwrap(), Some(later));
    }

    #[test]
    fn test_oversight_is_read_from_the_grant() {
        let store = MemoryStore::default();
        let sessions = SessionStore::new(&store);
        assert_eq!(sessions.oversight().unwrap(), None);
        let mut advisor = grant(&[Role::Advisor]);
        advisor.person.advises = ["软件2001".to_owned()].into_iter().collect();
        advisor.person.scope = Some(OfficeScope::Department("信息工程学院".into()));
        sessions.save(&serde_json::to_string(&advisor).unwrap()).unwrap();
        let seen = sessions.oversight().unwrap().unwrap();
        assert_eq!(seen.advises, ["软件2001"]);
        assert_eq!(seen.scope, Some(OfficeScope::Department("信息工程学院".into())));
        let session = sessions.session().unwrap().unwrap();
        assert!(session.syncs() && session.oversees() && !session.declares());
    }

    #[test]
    fn test_an_admin_does_not_declare() {
        assert!(!StoredSession::from_grant_json(&grant_json(&[Role::Admin])).unwrap().declares());
        assert_eq!(StoredSession::from_grant_json("{\"token\":\"t\"}"), None);
    }

    #[test]
    fn test_wipe_removes_every_record_but_language_and_layout() {
        let store = MemoryStore::default();
        for key in [
            keys::SCHEMA,
            keys::LANG,
            keys::SESSION,
            keys::SESSION_ENDED,
            keys::DIRECTORY,
            keys::DRAFT,
            keys::SYNC,
            "anxin.v1.day.2020-02-10",
            "anxin.v1.outbox.r1",
            "anxin.v1.rejected.r0",
            "anxin.corrupt.anxin.v1.day.2020-02-09",
            "other.app.key",
        ] {
            store.write(key, "x").unwrap();
        }
        SessionStore::new(&store).save(&grant_json(&[Role::Declarant])).unwrap();
        wipe_personal(&store).unwrap();
        let mut left = store.keys_with_prefix("").unwrap();
        left.sort();
        assert_eq!(left, [keys::SCHEMA, keys::LANG, keys::SIGNED_IN_HERE, "other.app.key"]);
        // Signed out, the phone still leads with the password next time.
        assert!(SessionStore::new(&store).signed_in_here());
        assert!(!SessionStore::new(&MemoryStore::default()).signed_in_here());
    }
}
