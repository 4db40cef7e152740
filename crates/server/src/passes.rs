//! Campus entry's daily pass (SPEC §6) on the server: today's pass of the
//! person who pulls, signed with the current key, and the public keys
//! every phone verifies with (served with the directory). The status and
//! the signature are the domain's (`anxin_domain::pass`); this reads the
//! facts and puts the pass together.

use anxin_domain::campus_return::return_approved_for;
use anxin_domain::pass::verify::{sign, PassKey};
use anxin_domain::pass::{id_last4, mask_name, pseudonym_hex, status_of_day, PassClaims};
use anxin_domain::school_time::end_of_day;
use anxin_domain::{local_day, Directory};
use chrono::{DateTime, Utc};

use crate::keyed_hash::{keyed_hash, PASS};
use crate::store::{Result, Store};

/// `person_id`'s pass for today, when the server has their declaration
/// of today (no declaration is no pass: the guard looks them up by id).
pub fn todays_pass(
    store: &dyn Store,
    person_id: &str,
    directory: &Directory,
    now: DateTime<Utc>,
) -> Result<Option<String>> {
    let day = local_day(now);
    let Some(facts) = store.pass_facts(person_id, day)? else { return Ok(None) };
    let status = status_of_day(
        Some(&facts.answers),
        &directory.rules,
        facts.in_isolation_observation,
        return_approved_for(&facts.returns, day, &facts.locations),
    );
    let keys = store.pass_keys(now)?;
    let Some(key) = keys.first() else { return Ok(None) };
    let digest = keyed_hash(&store.pseudonym_key()?, PASS, person_id);
    let mut pseudonym = [0u8; 8];
    pseudonym.copy_from_slice(&digest[..8]);
    // So that the pass, once scanned at the gate, names its person.
    store.remember_pseudonym(person_id, &pseudonym_hex(&pseudonym))?;
    let claims = PassClaims {
        key_id: key.id,
        pseudonym,
        day,
        status,
        expires_at: end_of_day(now),
        masked_name: mask_name(&facts.name),
        id_last4: id_last4(person_id),
        class: facts.class_name,
    };
    Ok(Some(sign(&claims, &key.secret)))
}

/// The public keys passes are verified with: the signing one, and older
/// ones until their last passes have expired.
pub fn public_keys(store: &dyn Store, now: DateTime<Utc>) -> Result<Vec<PassKey>> {
    Ok(store
        .pass_keys(now)?
        .into_iter()
        .filter(|k| k.valid_until.is_none_or(|until| until > now))
        .map(|k| k.public())
        .collect())
}
