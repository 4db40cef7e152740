//! The rows of a report's CSV, in the asker's language: per person for a
//! class, per class for a department, per department for the school, then
//! the signed versions and the amendment. The server writes them with the
//! `csv` crate (UTF-8 with BOM, CRLF); cells that a spreadsheet would run
//! as a formula are neutralised here.

use chrono::{DateTime, Utc};

use super::signing::SignState;
use super::standing::Standing;
use super::view::Report;
use super::{Counts, ReasonKind, Scope};
use crate::declaration::abnormal::AbnormalReason;
use crate::profile::PersonCategory;
use crate::school_offset;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportLang {
    Zh,
    En,
}

impl ExportLang {
    pub fn parse(tag: Option<&str>) -> ExportLang {
        match tag {
            Some(t) if t.starts_with("en") => ExportLang::En,
            _ => ExportLang::Zh,
        }
    }
}

/// A cell a spreadsheet would read as a formula (`= + - @`, or a tab or
/// carriage return before one) gets a leading apostrophe.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// `2020-02-10 09:12:00+08:00`
pub fn school_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&school_offset()).format("%Y-%m-%d %H:%M:%S%:z").to_string()
}

fn pick(lang: ExportLang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        ExportLang::Zh => zh,
        ExportLang::En => en,
    }
}

pub fn category_text(lang: ExportLang, category: PersonCategory) -> &'static str {
    match category {
        PersonCategory::Student => pick(lang, "学生", "student"),
        PersonCategory::Staff => pick(lang, "教职工", "staff"),
        PersonCategory::ForeignTeacher => pick(lang, "外籍教师", "foreign teacher"),
        PersonCategory::InternationalStudent => pick(lang, "留学生", "international student"),
    }
}

pub fn reason_text(lang: ExportLang, kind: ReasonKind) -> &'static str {
    match kind {
        ReasonKind::Leave => pick(lang, "请假", "on leave"),
        ReasonKind::Sick => pick(lang, "生病", "sick"),
        ReasonKind::NoPhone => pick(lang, "无手机或网络", "no phone or network"),
        ReasonKind::Unreachable => pick(lang, "联系不上", "unreachable"),
        ReasonKind::Other => pick(lang, "其他", "other"),
    }
}

fn standing_text(lang: ExportLang, standing: Standing) -> String {
    match standing {
        Standing::OnTime => pick(lang, "按时", "on time").to_owned(),
        Standing::Late { minutes } => match lang {
            ExportLang::Zh => format!("迟报 {minutes} 分钟"),
            ExportLang::En => format!("late by {minutes} min"),
        },
        Standing::Excused(kind) => match lang {
            ExportLang::Zh => format!("未收到（{}）", reason_text(lang, kind)),
            ExportLang::En => format!("not received ({})", reason_text(lang, kind)),
        },
        Standing::Missing => pick(lang, "未收到，无原因", "not received, no reason").to_owned(),
    }
}

fn abnormal_text(lang: ExportLang, reason: &AbnormalReason) -> String {
    match reason {
        AbnormalReason::Fever(t) => format!("{} {}", pick(lang, "发热", "fever"), t),
        AbnormalReason::Symptom(s) => format!("{} {s:?}", pick(lang, "症状", "symptom")),
        AbnormalReason::Exposure(e) => format!("{} {e:?}", pick(lang, "接触史", "exposure")),
        AbnormalReason::OutsideProvince => pick(lang, "在省外", "outside the province").to_owned(),
        AbnormalReason::Status(s) => format!("{} {s:?}", pick(lang, "状态", "status")),
    }
}

pub fn state_text(lang: ExportLang, state: &SignState) -> String {
    match state {
        SignState::Unsigned => pick(lang, "未签", "unsigned").to_owned(),
        SignState::Signed { version, late_minutes, zero_report } => {
            let zero = if *zero_report { pick(lang, "零报告，", "zero report, ") } else { "" };
            let late = match late_minutes {
                Some(m) => match lang {
                    ExportLang::Zh => format!("，迟签 {m} 分钟"),
                    ExportLang::En => format!(", {m} min late"),
                },
                None => String::new(),
            };
            match lang {
                ExportLang::Zh => format!("{zero}已签第 {version} 版{late}"),
                ExportLang::En => format!("{zero}signed version {version}{late}"),
            }
        }
        SignState::Amended { version } => match lang {
            ExportLang::Zh => format!("第 {version} 版签后有更正，待签"),
            ExportLang::En => format!("amended after version {version}, to sign"),
        },
        SignState::Returned { version, .. } => match lang {
            ExportLang::Zh => format!("第 {version} 版被退回"),
            ExportLang::En => format!("version {version} returned"),
        },
    }
}

fn count_headers(lang: ExportLang) -> Vec<String> {
    [
        pick(lang, "应报", "expected"),
        pick(lang, "按时", "on time"),
        pick(lang, "迟报", "late"),
        pick(lang, "未收到有原因", "not received, with reason"),
        pick(lang, "未收到无原因", "not received, no reason"),
        pick(lang, "异常", "abnormal"),
        pick(lang, "退回待改", "sent back, pending"),
        pick(lang, "与昨日相同", "identical to yesterday"),
        pick(lang, "延迟送达", "delivered late"),
        pick(lang, "完成率", "completion"),
    ]
    .map(str::to_owned)
    .to_vec()
}

fn count_cells(c: &Counts) -> Vec<String> {
    let mut cells: Vec<String> = [
        c.expected,
        c.on_time,
        c.late,
        c.excused,
        c.missing,
        c.abnormal,
        c.sent_back,
        c.identical,
        c.delivered_late,
    ]
    .iter()
    .map(u32::to_string)
    .collect();
    cells.push(c.completion_text());
    cells
}

/// The file name: scope, day and version (`v0` before any signature).
pub fn file_name(report: &Report) -> String {
    let version = report.versions.last().map_or(0, |v| v.version);
    let amended = if matches!(report.state, SignState::Amended { .. }) { "-amended" } else { "" };
    format!("anxin-{}-{}-v{version}{amended}.csv", report.scope.label(), report.day)
}

/// Every row of the file, first the table's header.
pub fn rows(report: &Report, lang: ExportLang) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    match &report.scope {
        Scope::Class(_) => {
            let mut header: Vec<String> = [
                pick(lang, "学号/工号", "id"),
                pick(lang, "姓名", "name"),
                pick(lang, "类别", "category"),
                pick(lang, "班级", "class"),
                pick(lang, "申报情况", "standing"),
                pick(lang, "填报时间", "filed at"),
                pick(lang, "异常原因", "abnormal reasons"),
                pick(lang, "退回", "sent back"),
                pick(lang, "未报原因", "reason"),
                pick(lang, "与昨日相同", "identical to yesterday"),
            ]
            .map(str::to_owned)
            .to_vec();
            header.shrink_to_fit();
            rows.push(header);
            for p in &report.people {
                let reasons: Vec<String> =
                    p.abnormal.iter().map(|r| abnormal_text(lang, r)).collect();
                let reason = p.reason.as_ref().map(|r| {
                    if r.note.is_empty() {
                        reason_text(lang, r.kind).to_owned()
                    } else {
                        format!("{}: {}", reason_text(lang, r.kind), r.note)
                    }
                });
                rows.push(vec![
                    p.person_id.clone(),
                    p.name.clone(),
                    category_text(lang, p.category).to_owned(),
                    p.class_name.clone(),
                    standing_text(lang, p.standing),
                    p.filed_at.map(school_time).unwrap_or_default(),
                    reasons.join("; "),
                    p.sent_back.as_ref().map(|s| s.comment.clone()).unwrap_or_default(),
                    reason.unwrap_or_default(),
                    if p.identical { pick(lang, "是", "yes") } else { "" }.to_owned(),
                ]);
            }
        }
        Scope::Department(_) | Scope::School => {
            let first = if report.scope == Scope::School {
                pick(lang, "院系", "department")
            } else {
                pick(lang, "班级", "class")
            };
            let mut header = vec![first.to_owned()];
            header.extend(count_headers(lang));
            header.push(pick(lang, "签报状态", "signature").to_owned());
            rows.push(header);
            for part in &report.parts {
                let mut row = vec![part.scope.name().to_owned()];
                row.extend(count_cells(&part.counts));
                row.push(state_text(lang, &part.state));
                rows.push(row);
            }
            for p in &report.people {
                let reasons: Vec<String> =
                    p.abnormal.iter().map(|r| abnormal_text(lang, r)).collect();
                rows.push(vec![
                    format!("{} {}", p.person_id, p.name),
                    p.class_name.clone(),
                    standing_text(lang, p.standing),
                    reasons.join("; "),
                    p.reason
                        .as_ref()
                        .map(|r| reason_text(lang, r.kind).to_owned())
                        .unwrap_or_default(),
                ]);
            }
        }
    }
    let mut total = vec![pick(lang, "合计", "total").to_owned()];
    total.extend(count_headers(lang));
    rows.push(total);
    let mut cells = vec![String::new()];
    cells.extend(count_cells(&report.figures.total));
    rows.push(cells);
    for c in &report.figures.by_category {
        let mut row = vec![category_text(lang, c.category).to_owned()];
        row.extend(count_cells(&c.counts));
        rows.push(row);
    }
    rows.push(vec![
        pick(lang, "签报状态", "signature").to_owned(),
        state_text(lang, &report.state),
    ]);
    for v in &report.versions {
        let late = v.late_minutes.map(|m| m.to_string()).unwrap_or_default();
        let mut row =
            vec![format!("v{}", v.version), v.signer_name.clone(), school_time(v.signed_at), late];
        if let Some(r) = &v.returned {
            row.push(pick(lang, "被退回", "returned").to_owned());
            row.push(r.reason.clone());
        }
        rows.push(row);
    }
    if let Some(change) = &report.amendment {
        rows.push(vec![pick(lang, "签后更正", "amendment since signing").to_owned()]);
        for n in &change.names {
            let show = |s: Option<super::signing::NameState>| {
                s.map(|s| standing_text(lang, s.standing)).unwrap_or_else(|| "—".to_owned())
            };
            rows.push(vec![n.person_id.clone(), n.name.clone(), show(n.before), show(n.after)]);
        }
    }
    rows.into_iter().map(|row| row.iter().map(|c| neutralise(c)).collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_formula_like_cells_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+86 138"), "'+86 138");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM"), "'@SUM");
        assert_eq!(neutralise("王小明"), "王小明");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn test_school_time_has_the_offset() {
        let at = chrono::TimeZone::with_ymd_and_hms(&Utc, 2020, 2, 10, 1, 12, 0).unwrap();
        assert_eq!(school_time(at), "2020-02-10 09:12:00+08:00");
    }
}
