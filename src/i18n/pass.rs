//! The pass bundle's words, in a table apart from [`Texts`] (the first
//! load never shows the pass, so does not carry them). Reached with
//! `t.pass()`; the return application's with `t.returns()`.

use super::{Blank, Texts};

#[derive(Debug)]
pub struct PassTexts {
    pub may_enter: &'static str,
    pub check: &'static str,
    pub do_not_admit: &'static str,
    pub issued: Blank<str>,
    pub works_offline: &'static str,
    pub observation: &'static str,
    pub none: &'static str,
    pub qr_label: &'static str,
}

impl Texts {
    /// The pass page's words in this language.
    pub fn pass(&self) -> &'static PassTexts {
        self.pick(&ZH, &EN)
    }
}

const ZH: PassTexts = PassTexts {
    may_enter: "可以入校",
    check: "需在门岗核查",
    do_not_admit: "不予入校，请前往校医院",
    issued: Blank::new("签发于 {}。"),
    works_offline: "无网络也可使用：在校门出示给门岗。",
    observation: "如在医学隔离观察中，之后的正常申报不会自动解除，须由院系或学校防控办解除。",
    none: "今天还没有通行证。请先提交今日申报，联网同步后即可获得。",
    qr_label: "通行证二维码，供门岗扫描",
};

const EN: PassTexts = PassTexts {
    may_enter: "May enter",
    check: "Check at the gate",
    do_not_admit: "Do not admit: go to the campus clinic",
    issued: Blank::new("Issued {}."),
    works_offline: "Works offline: show it to the guard at the gate.",
    observation: "Under medical isolation observation, a later normal declaration does not end it: your department or school office does.",
    none: "No pass for today yet. File today's declaration: the pass comes with the next sync online.",
    qr_label: "QR code of your pass, for the guard to scan",
};
