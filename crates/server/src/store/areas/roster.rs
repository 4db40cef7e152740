//! The roster: one import is one transaction (the caller's); nobody is
//! deleted. Who is added, updated or deactivated is the domain's rule
//! (`anxin_domain::roster::plan_import`).

use std::collections::{BTreeMap, BTreeSet};

use anxin_domain::account::AccountPerson;
use anxin_domain::profile::PersonCategory;
use anxin_domain::roster::{category_name, plan_import, Held, OfficeScope, Role, RosterPerson};
use chrono::{DateTime, SecondsFormat, Utc};

use crate::store::sql::{self, args, Sql};
use crate::store::{ImportSummary, Result};

/// A person as the table's text columns hold them, to compare and write.
#[derive(PartialEq, Eq)]
struct Row {
    name: String,
    roles: String,
    category: Option<String>,
    department: String,
    class_name: String,
    phone: String,
    advises: String,
    scope: Option<String>,
}

fn row_of(person: &RosterPerson) -> Row {
    Row {
        name: person.name.clone(),
        roles: person.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(";"),
        category: person.category.map(|c| category_name(c).to_owned()),
        department: person.department.clone(),
        class_name: person.class_name.clone(),
        phone: person.phone.clone(),
        advises: person.advises.iter().cloned().collect::<Vec<_>>().join(";"),
        scope: person.scope.as_ref().map(|s| match s {
            OfficeScope::School => "school".to_owned(),
            OfficeScope::Department(d) => format!("department:{d}"),
        }),
    }
}

pub(in crate::store) fn import(
    tx: &dyn Sql,
    people: &[RosterPerson],
    now: DateTime<Utc>,
) -> Result<ImportSummary> {
    let effective_at = super::codec::timestamp(now);
    let now = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut held: BTreeMap<String, Held<Row>> = BTreeMap::new();
    for r in tx.query(
        "SELECT person_id, name, roles, category, department, class_name, phone, advises,
                scope, active FROM people",
        args![],
    )? {
        let record = Row {
            name: r.get(1)?,
            roles: r.get(2)?,
            category: r.get(3)?,
            department: r.get(4)?,
            class_name: r.get(5)?,
            phone: r.get(6)?,
            advises: r.get(7)?,
            scope: r.get(8)?,
        };
        held.insert(r.get(0)?, Held { record, active: r.get(9)? });
    }
    let file: Vec<(&str, Row)> = people.iter().map(|p| (p.id.as_str(), row_of(p))).collect();
    let plan = plan_import(held, &file);
    for &index in &plan.write {
        let (id, row) = &file[index];
        tx.execute(
            "INSERT INTO people (person_id, name, roles, category, department, class_name,
                 phone, advises, scope, active, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, ?10)
             ON CONFLICT (person_id) DO UPDATE SET name = excluded.name,
                 roles = excluded.roles, category = excluded.category,
                 department = excluded.department, class_name = excluded.class_name,
                 phone = excluded.phone, advises = excluded.advises, scope = excluded.scope,
                 active = 1, updated_at = excluded.updated_at",
            args![
                *id,
                &row.name,
                &row.roles,
                row.category.as_deref(),
                &row.department,
                &row.class_name,
                &row.phone,
                &row.advises,
                row.scope.as_deref(),
                &now
            ],
        )?;
        record_history(tx, id, row, true, &effective_at)?;
    }
    // Not in this file: left the school. Kept, with their records; signed
    // out for good (coming back on a later roster brings no old session
    // or code back).
    for (id, old) in &plan.deactivate {
        tx.execute(
            "UPDATE people SET active = 0, updated_at = ?2 WHERE person_id = ?1",
            args![id, &now],
        )?;
        record_history(tx, id, old, false, &effective_at)?;
        tx.execute(
            "UPDATE sessions SET revoked_at = ?2 WHERE person_id = ?1 AND revoked_at IS NULL",
            args![id, &now],
        )?;
        tx.execute("DELETE FROM one_time_codes WHERE person_id = ?1", args![id])?;
    }
    Ok(ImportSummary {
        added: plan.added,
        updated: plan.updated,
        unchanged: plan.unchanged,
        deactivated: plan.deactivate.len(),
    })
}

/// The person's state from `effective_at` on, kept for good: a day's
/// expected list is the roster as it stood at that day's start.
fn record_history(
    tx: &dyn Sql,
    person_id: &str,
    row: &Row,
    active: bool,
    effective_at: &str,
) -> Result<()> {
    let declarant = row.roles.split(';').any(|r| r == Role::Declarant.as_str());
    tx.execute(
        "INSERT INTO roster_history (person_id, effective_at, name, category,
             department, class_name, declarant, active)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (person_id, effective_at) DO UPDATE SET name = excluded.name,
             category = excluded.category, department = excluded.department,
             class_name = excluded.class_name, declarant = excluded.declarant,
             active = excluded.active",
        args![
            person_id,
            effective_at,
            &row.name,
            row.category.as_deref(),
            &row.department,
            &row.class_name,
            declarant,
            active
        ],
    )?;
    Ok(())
}

/// The columns that [`person_of`] reads, in its order.
pub(in crate::store) const PERSON_COLUMNS: &str =
    "p.person_id, p.name, p.roles, p.category, p.department, p.class_name, p.advises, p.scope";

/// A `people` row (selected with [`PERSON_COLUMNS`] from offset `at`) as
/// the account it signs in as. Unknown roles are dropped: a role this
/// version does not know grants nothing.
pub(in crate::store) fn person_of(row: &sql::Row, at: usize) -> Result<AccountPerson> {
    let list = |text: &str| -> BTreeSet<String> {
        text.split(';').filter(|s| !s.is_empty()).map(str::to_owned).collect()
    };
    let roles = row.text(at + 2)?;
    let category = row.text_opt(at + 3)?;
    let scope = row.text_opt(at + 7)?;
    Ok(AccountPerson {
        id: row.get(at)?,
        name: row.get(at + 1)?,
        roles: roles
            .split(';')
            .filter_map(|r| Role::ALL.into_iter().find(|k| k.as_str() == r))
            .collect(),
        category: category
            .and_then(|c| PersonCategory::ALL.into_iter().find(|k| category_name(*k) == c)),
        department: row.get(at + 4)?,
        class_name: row.get(at + 5)?,
        advises: list(row.text(at + 6)?),
        scope: scope.map(|s| match s.strip_prefix("department:") {
            Some(d) => OfficeScope::Department(d.to_owned()),
            None => OfficeScope::School,
        }),
        contacts: Vec::new(),
    })
}
