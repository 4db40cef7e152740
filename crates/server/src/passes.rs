//! Campus entry's daily pass (SPEC §6) on the server: today's pass of the
//! person who pulls, signed with the current key, and the public keys
//! every phone verifies with (served with the directory). The status and
//! the signature are the domain's (`anxin_domain::pass`); this reads the
//! facts and puts the pass together.

use anxin_domain::pass::verify::{public_hex, sign, PassKey};
use anxin_domain::pass::{entry_status, mask_name, EntryFacts, PassClaims};
use anxin_domain::{local_day, school_offset, Directory};
use chrono::{DateTime, Days, Utc};
use sha2::{Digest, Sha256};

use crate::store::{Result, Store};

/// The end of the school day that `now` is in.
pub fn end_of_school_day(now: DateTime<Utc>) -> DateTime<Utc> {
    let next = local_day(now) + Days::new(1);
    next.and_hms_opt(0, 0, 0)
        .and_then(|midnight| midnight.and_local_timezone(school_offset()).single())
        .map_or(now, |at| at.with_timezone(&Utc))
}

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
    let status = entry_status(&EntryFacts {
        answers: &facts.answers,
        rules: &directory.rules,
        // Set at the gate, and by return approvals, once they exist.
        in_isolation_observation: false,
        return_approved: false,
    });
    let keys = store.pass_keys(now)?;
    let Some(key) = keys.first() else { return Ok(None) };
    let digest = Sha256::new()
        .chain_update(store.pseudonym_key()?.as_bytes())
        .chain_update(b"/pass/")
        .chain_update(person_id.as_bytes())
        .finalize();
    let mut pseudonym = [0u8; 8];
    pseudonym.copy_from_slice(&digest[..8]);
    let last4: String = {
        let chars: Vec<char> = person_id.chars().collect();
        chars[chars.len().saturating_sub(4)..].iter().collect()
    };
    let claims = PassClaims {
        key_id: key.id,
        pseudonym,
        day,
        status,
        expires_at: end_of_school_day(now),
        masked_name: mask_name(&facts.name),
        id_last4: last4,
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
        .map(|k| PassKey {
            id: k.id,
            public_hex: public_hex(&k.secret),
            valid_until: k.valid_until,
        })
        .collect())
}
