//! The daily report for advisors and offices (SPEC §2): a scope's report
//! for a day, its 14-day trend and its CSV. Thin: the facts are the
//! store's, the figures, signing state and who sees which names are the
//! domain's. Every read names people, so every read is audited.

use anxin_domain::access::{visibility, Action};
use anxin_domain::local_day;
use anxin_domain::privacy::staff_reads::{shown_in, ReadKind};
use anxin_domain::report::export::{file_name, rows, ExportLang};
use anxin_domain::report::view::{build, trend_day, Report, ReportFacts, TrendDay};
use anxin_domain::report::{Scope, TREND_DAYS};
use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{Days, NaiveDate, Utc};
use serde::Deserialize;

use crate::access::authorize;
use crate::accounts::audit::{record, Audit, AuditEvent};
use crate::caller::Caller;
use crate::error::{ApiError, Result};
use crate::staff_reads::log_reads;
use crate::AppState;

#[derive(Deserialize)]
pub struct ReportQuery {
    scope: String,
    name: Option<String>,
    day: Option<NaiveDate>,
    /// The trend's last day.
    to: Option<NaiveDate>,
    lang: Option<String>,
}

impl ReportQuery {
    fn scope(&self) -> Result<Scope> {
        Scope::parse(&self.scope, self.name.as_deref()).ok_or_else(|| {
            ApiError::BadRequest("scope must be school, or class or department with a name".into())
        })
    }
}

/// The day asked (today by default); never one that has not begun.
fn day_asked(day: Option<NaiveDate>) -> Result<NaiveDate> {
    let today = local_day(Utc::now());
    let day = day.unwrap_or(today);
    if day > today {
        return Err(ApiError::Refused(
            anxin_domain::ErrorCode::DayInFuture,
            "that day has not begun at the school".into(),
        ));
    }
    Ok(day)
}

/// Authorizes the read of `scope` on `day` and audits it.
async fn allowed(
    state: &AppState,
    caller: &Caller,
    scope: &Scope,
    day: NaiveDate,
    endpoint: &'static str,
) -> Result<()> {
    let asked = scope.clone();
    let department = state.blocking(move |store| store.scope_department(&asked, day)).await?;
    let action = Action::ReadReport { scope, department: &department };
    authorize(state, caller, &action, endpoint).await?;
    let audit = Audit {
        actor: Some(caller.person.id.clone()),
        subject: Some(scope.label()),
        address: Some(caller.address.clone()),
        detail: Some(format!("{endpoint} {day}")),
    };
    state
        .blocking(move |store| {
            record(store, AuditEvent::ReportRead, audit);
            Ok(())
        })
        .await
}

fn report_for(caller: &Caller, facts: ReportFacts) -> Report {
    let who = caller.person.clone();
    build(facts, move |p| visibility(&who, &p.expected.department, &p.expected.class_name))
}

async fn facts(state: &AppState, scope: &Scope, day: NaiveDate) -> Result<ReportFacts> {
    let scope = scope.clone();
    let directory = state.directory.clone();
    state
        .blocking(move |store| store.report_facts(&scope, day, Utc::now(), &directory))
        .await?
        .ok_or(ApiError::NotFound)
}

/// `GET /api/v1/reports?scope=class&name=…&day=…`
pub async fn report(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ReportQuery>,
) -> Result<Json<Report>> {
    let scope = query.scope()?;
    let day = day_asked(query.day)?;
    allowed(&state, &caller, &scope, day, "GET /api/v1/reports").await?;
    let facts = facts(&state, &scope, day).await?;
    let report = report_for(&caller, facts);
    log_reads(&state, &caller, shown_in(&report), ReadKind::Report, None).await?;
    Ok(Json(report))
}

/// `GET /api/v1/reports/trend?scope=…&to=…`: the 14 days to `to`,
/// oldest first, each computed from the raw rows.
pub async fn trend(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ReportQuery>,
) -> Result<Json<Vec<TrendDay>>> {
    let scope = query.scope()?;
    let to = day_asked(query.to.or(query.day))?;
    allowed(&state, &caller, &scope, to, "GET /api/v1/reports/trend").await?;
    let days: Vec<NaiveDate> = (0..TREND_DAYS as u64)
        .rev()
        .filter_map(|back| to.checked_sub_days(Days::new(back)))
        .collect();
    let directory = state.directory.clone();
    let asked = scope.clone();
    let all = state
        .blocking(move |store| store.report_facts_of_days(&asked, &days, Utc::now(), &directory))
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(all.iter().map(trend_day).collect()))
}

/// `GET /api/v1/reports/export?scope=…&day=…&lang=zh|en`: what the asker
/// sees, as CSV for Excel (UTF-8 with BOM, CRLF).
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ReportQuery>,
) -> Result<Response> {
    let scope = query.scope()?;
    let day = day_asked(query.day)?;
    allowed(&state, &caller, &scope, day, "GET /api/v1/reports/export").await?;
    let report = report_for(&caller, facts(&state, &scope, day).await?);
    log_reads(&state, &caller, shown_in(&report), ReadKind::ReportExport, None).await?;
    let lang = ExportLang::parse(query.lang.as_deref());
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    for row in rows(&report, lang) {
        writer.write_record(&row).map_err(|_| ApiError::Internal)?;
    }
    let body = writer.into_inner().map_err(|_| ApiError::Internal)?;
    let name = file_name(&report);
    // RFC 6266: an ASCII fallback and the UTF-8 name (class names are
    // Chinese).
    let ascii: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "-._".contains(c) { c } else { '_' })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
