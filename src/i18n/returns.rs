//! Return to campus's words: the person's form and its states (the pass
//! bundle, `t.returns()`), and the deciders' (the report bundle only,
//! `t.return_desk()`).

use anxin_domain::sync::RejectCode;

use super::{Blank, Texts};

impl Texts {
    /// The return application's words in this language.
    pub fn returns(&self) -> &'static ReturnTexts {
        self.pick(&ZH, &EN)
    }
}

/// The person's application on the pass page.
#[derive(Debug)]
pub struct ReturnTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub planned_on: &'static str,
    pub from_where: &'static str,
    pub transport: &'static str,
    /// Train, plane, coach, car, other (as `Transport::ALL`).
    pub transports: [&'static str; 5],
    pub transport_detail: &'static str,
    pub confirm: &'static str,
    pub send: &'static str,
    pub waiting_advisor: &'static str,
    pub waiting_office: &'static str,
    pub approved: Blank<str>,
    /// Refused, with the decider's reason.
    pub refused: Blank<str>,
    pub bad_date: &'static str,
    pub from_required: &'static str,
    pub too_long: &'static str,
    pub confirm_required: &'static str,
    pub not_off_campus: &'static str,
    pub pending: &'static str,
}

impl ReturnTexts {
    /// Why the server set an application aside, from its stored code: the
    /// return's own refusals in its words, any other as the app says it.
    pub fn rejection(&self, t: &Texts, code: &str) -> &'static str {
        match RejectCode::parse(code) {
            Some(RejectCode::NotOffCampus) => self.not_off_campus,
            Some(RejectCode::ReturnPending) => self.pending,
            Some(RejectCode::BadReturnDate) => self.bad_date,
            Some(RejectCode::ConfirmationRequired) => self.confirm_required,
            _ => t.rejection(code),
        }
    }
}

pub const ZH: ReturnTexts = ReturnTexts {
    title: "申请返校",
    intro: "你最近的申报不在校内。返校须经辅导员和学院防控办批准，未经批准门岗不予入校。",
    planned_on: "计划返校日期",
    from_where: "从何处返校",
    transport: "交通方式",
    transports: ["火车", "飞机", "长途汽车", "自驾", "其他"],
    transport_detail: "车次、航班或车牌（选填）",
    confirm: "我确认过去 14 天内无发热、咳嗽等症状，也无接触史",
    send: "提交返校申请",
    waiting_advisor: "返校申请：等待辅导员审批",
    waiting_office: "返校申请：辅导员已批准，等待学院防控办审批",
    approved: Blank::new("返校申请已批准：{}起可以入校。"),
    refused: Blank::new("返校申请未获批准。理由：{}"),
    bad_date: "请选择今天起 30 天内的日期",
    from_required: "请填写从何处返校",
    too_long: "内容过长",
    confirm_required: "提交前请确认此项",
    not_off_campus: "你最近的申报在校内，无需申请返校。",
    pending: "你已有一份返校申请在审批中。",
};

pub const EN: ReturnTexts = ReturnTexts {
    title: "Apply to return to campus",
    intro: "Your latest declaration is off campus. Coming back needs the approval of your advisor and your department's office: without it the gate refuses entry.",
    planned_on: "Planned return date",
    from_where: "Coming back from",
    transport: "Transport",
    transports: ["Train", "Plane", "Coach", "Car", "Other"],
    transport_detail: "Train, flight or plate (optional)",
    confirm: "I confirm 14 days without fever, cough or other symptoms, and no exposure",
    send: "Send the application",
    waiting_advisor: "Return to campus: waiting for your advisor",
    waiting_office: "Return to campus: your advisor approved; waiting for the department office",
    approved: Blank::new("Return approved: you may enter from {}."),
    refused: Blank::new("Your return to campus was refused. Reason: {}"),
    bad_date: "Choose a date from today up to 30 days ahead",
    from_required: "Please say where you are coming from",
    too_long: "Too long",
    confirm_required: "Please confirm this before sending",
    not_off_campus: "Your latest declaration is on campus: no application is needed.",
    pending: "An application of yours is already being decided.",
};

/// The deciders' section of the report bundle (the decision's own words
/// are `t.decision()`, shared with the visitors').
#[derive(Debug)]
pub struct ReturnDeskTexts {
    pub title: &'static str,
    pub none: &'static str,
    pub planned_on: Blank<str>,
    pub from_where: Blank<str>,
    pub transport: Blank<str>,
    pub advisor_agreed: Blank<str>,
    pub office_before_advisor: &'static str,
    pub already_decided: &'static str,
    pub unknown: &'static str,
}

pub const ZH_DESK: ReturnDeskTexts = ReturnDeskTexts {
    title: "返校申请",
    none: "没有等待你审批的返校申请。",
    planned_on: Blank::new("计划返校：{}"),
    from_where: Blank::new("从：{}"),
    transport: Blank::new("交通：{}"),
    advisor_agreed: Blank::new("辅导员 {} 已批准"),
    office_before_advisor: "须先由辅导员审批。",
    already_decided: "已经审批过了，不能再次审批。",
    unknown: "找不到这份申请。",
};

pub const EN_DESK: ReturnDeskTexts = ReturnDeskTexts {
    title: "Return applications",
    none: "No application to return waits for your decision.",
    planned_on: Blank::new("Planned return: {}"),
    from_where: Blank::new("From: {}"),
    transport: Blank::new("Transport: {}"),
    advisor_agreed: Blank::new("Advisor {} approved"),
    office_before_advisor: "The advisor decides first.",
    already_decided: "This has been decided already.",
    unknown: "This application cannot be found.",
};
