//! The visitors' words (来访登记), in the staff bundle only: the host's
//! registration form and list, the office's approvals (whose decision
//! words are `t.decision()`), and the refusals of the visitors' codes.
//! Both languages here, apart from the big tables.

use anxin_domain::visitor::{VisitorField, VisitorProblem, VisitorStatus};

use super::{Blank, Blank2, Texts};

#[derive(Debug)]
pub struct VisitorTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub register_title: &'static str,
    pub name: &'static str,
    pub phone: &'static str,
    pub phone_hint: &'static str,
    pub id_last4: &'static str,
    pub plate: &'static str,
    pub plate_hint: &'static str,
    pub day: &'static str,
    pub reason: &'static str,
    pub submit: &'static str,
    pub saved: &'static str,
    pub not_saved: &'static str,
    pub required: &'static str,
    pub name_too_long: &'static str,
    pub reason_too_long: &'static str,
    pub mine_title: &'static str,
    pub mine_none: &'static str,
    pub pending: &'static str,
    pub approved: &'static str,
    pub refused: &'static str,
    pub office_title: &'static str,
    pub office_none: &'static str,
    pub office_offline: &'static str,
    pub office_refresh: &'static str,
    /// The host and their department.
    pub host: Blank2<str, str>,
    /// The office's reason for its decision.
    pub decision_reason: Blank<str>,
    pub reject_invalid_phone: &'static str,
    pub reject_invalid_plate: &'static str,
    pub reject_invalid_id_last4: &'static str,
    pub reject_visit_day_past: &'static str,
    pub reject_visit_day_too_far: &'static str,
    pub reject_unknown_visitor: &'static str,
}

pub static ZH: VisitorTexts = VisitorTexts {
    title: "来访登记",
    intro: "校外人员和车辆须事先登记，经本院系防控办批准后方可入校。",
    register_title: "登记访客",
    name: "访客姓名",
    phone: "访客联系电话",
    phone_hint: "11 位手机号码，或带区号的固定电话，如 0898-66123456",
    id_last4: "身份证号后四位",
    plate: "车牌号（步行来访可不填）",
    plate_hint: "例如 琼A12345 或新能源 琼AD12345",
    day: "来访日期",
    reason: "来访事由",
    submit: "提交登记",
    saved: "已登记，等待本院系防控办审批。",
    not_saved: "未能保存到本机，请重试。",
    required: "请填写此项。",
    name_too_long: "姓名最多 40 个字。",
    reason_too_long: "事由最多 200 个字。",
    mine_title: "我登记的访客",
    mine_none: "还没有登记访客。",
    pending: "待审批",
    approved: "已批准",
    refused: "未批准",
    office_title: "待审批的来访",
    office_none: "没有待审批的来访。",
    office_offline: "离线：待审批列表需要网络。",
    office_refresh: "刷新",
    host: Blank2::new("接待人：{}（{}）"),
    decision_reason: Blank::new("理由：{}"),
    reject_invalid_phone: "电话号码无效：须为 1 开头的 11 位手机号码，或带区号的固定电话。",
    reject_invalid_plate: "车牌号无效：如 琼A12345 或 琼AD12345。",
    reject_invalid_id_last4: "身份证号后四位无效：三位数字加一位数字或 X。",
    reject_visit_day_past: "来访日期已过。",
    reject_visit_day_too_far: "来访日期最多可提前 30 天登记。",
    reject_unknown_visitor: "没有这条来访登记。",
};

pub static EN: VisitorTexts = VisitorTexts {
    title: "Visitors",
    intro: "Visitors and vehicles from outside must be registered beforehand and approved by your department's office before they may enter.",
    register_title: "Register a visitor",
    name: "Visitor's name",
    phone: "Visitor's phone number",
    phone_hint: "A mobile number of 11 digits, or a landline with its area code, like 0898-66123456",
    id_last4: "Last 4 characters of their ID card",
    plate: "Plate number (leave empty if on foot)",
    plate_hint: "For example 琼A12345, or 琼AD12345 for an electric car",
    day: "Day of the visit",
    reason: "Reason for the visit",
    submit: "Register",
    saved: "Registered: waiting for your department office's approval.",
    not_saved: "Could not be saved on this phone: try again.",
    required: "Fill this in.",
    name_too_long: "The name may have at most 40 characters.",
    reason_too_long: "The reason may have at most 200 characters.",
    mine_title: "My visitors",
    mine_none: "You have registered no visitor yet.",
    pending: "Waiting for approval",
    approved: "Approved",
    refused: "Refused",
    office_title: "Visits waiting for approval",
    office_none: "No visit waits for approval.",
    office_offline: "Offline: the visits waiting for approval need the network.",
    office_refresh: "Refresh",
    host: Blank2::new("Host: {} ({})"),
    decision_reason: Blank::new("Reason: {}"),
    reject_invalid_phone: "Not a mainland China phone number: a mobile number has 11 digits starting with 1; a landline needs its area code.",
    reject_invalid_plate: "Not a plate number: like 琼A12345 or 琼AD12345.",
    reject_invalid_id_last4: "Not the end of an ID number: three digits, then a digit or X.",
    reject_visit_day_past: "The day of the visit is over.",
    reject_visit_day_too_far: "A visit can be registered at most 30 days ahead.",
    reject_unknown_visitor: "There is no such registration.",
};

impl VisitorTexts {
    /// The words of a problem of a field, said next to it.
    pub fn problem(&self, field: VisitorField, problem: VisitorProblem) -> &'static str {
        match (field, problem) {
            (_, VisitorProblem::Required) => self.required,
            (VisitorField::Name, _) => self.name_too_long,
            (VisitorField::Phone, _) => self.reject_invalid_phone,
            (VisitorField::IdLast4, _) => self.reject_invalid_id_last4,
            (VisitorField::Plate, _) => self.reject_invalid_plate,
            (VisitorField::Day, VisitorProblem::InPast) => self.reject_visit_day_past,
            (VisitorField::Day, _) => self.reject_visit_day_too_far,
            (VisitorField::Reason, _) => self.reason_too_long,
        }
    }

    pub fn status(&self, status: VisitorStatus) -> &'static str {
        match status {
            VisitorStatus::Pending => self.pending,
            VisitorStatus::Approved => self.approved,
            VisitorStatus::Refused => self.refused,
        }
    }
}

impl Texts {
    /// The visitors' words in this language.
    pub fn visitors(&self) -> &'static VisitorTexts {
        self.pick(&ZH, &EN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_visitor_texts_differ_between_languages_and_none_is_empty() {
        let zh = format!("{ZH:?}");
        let en = format!("{EN:?}");
        assert!(!zh.contains(": \"\"") && !en.contains(": \"\""));
        assert_ne!(ZH.title, EN.title);
        assert_ne!(ZH.reject_invalid_plate, EN.reject_invalid_plate);
    }
}
