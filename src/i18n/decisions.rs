//! The words of a decision on someone's request, the same for a return to
//! campus and for a visitor (the report bundle only): approve, or refuse
//! with a reason.

use anxin_domain::ErrorCode;

use super::Texts;

#[derive(Debug)]
pub struct DecisionTexts {
    pub approve: &'static str,
    pub refuse: &'static str,
    pub reason: &'static str,
    /// Under the reason box once it is open.
    pub reason_hint: &'static str,
    pub reason_required: &'static str,
    pub reason_too_long: &'static str,
    pub not_saved: &'static str,
    /// On the card once its decision is in the outbox.
    pub queued: &'static str,
}

pub static ZH: DecisionTexts = DecisionTexts {
    approve: "批准",
    refuse: "不批准",
    reason: "不批准的理由",
    reason_hint: "写好理由后，再点“不批准”。",
    reason_required: "请写明不批准的理由。",
    reason_too_long: "理由最多 500 个字。",
    not_saved: "未能保存到本机，请重试。",
    queued: "审批结果已保存在本机，随下次同步送达。",
};

pub static EN: DecisionTexts = DecisionTexts {
    approve: "Approve",
    refuse: "Refuse",
    reason: "Reason for refusing",
    reason_hint: "Write the reason, then tap Refuse again.",
    reason_required: "The reason for refusing is required.",
    reason_too_long: "The reason may have at most 500 characters.",
    not_saved: "Could not be saved on this phone: try again.",
    queued: "Decision saved on this phone: it is sent with the next sync.",
};

impl DecisionTexts {
    /// Why a decision was not taken, in these words where it is about the
    /// reason, as the report says it otherwise.
    pub fn refusal(&self, t: &Texts, code: ErrorCode) -> &'static str {
        match code {
            ErrorCode::TextRequired => self.reason_required,
            ErrorCode::TextTooLong => self.reason_too_long,
            other => t.report_refusal(other),
        }
    }
}

impl Texts {
    /// A decision's words in this language.
    pub fn decision(&self) -> &'static DecisionTexts {
        self.pick(&ZH, &EN)
    }
}
