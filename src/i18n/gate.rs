//! The gate bundle's words, in a table apart from [`Texts`] (the students'
//! app never shows them, so does not carry them). Reached with `t.gate()`.

use anxin_domain::gate::{Direction, GateDecision, GateProblem};
use anxin_domain::pass::verify::PassError;
use anxin_domain::pass::EntryStatus;

use super::{Blank, Blank2, Texts};

#[derive(Debug)]
pub struct GateTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub back: &'static str,
    pub not_guard: &'static str,
    pub sign_in_first: &'static str,
    pub sign_in: &'static str,
    pub gate_label: &'static str,
    pub gate_hint: &'static str,
    pub gate_save: &'static str,
    pub gate_saved: Blank<str>,
    pub direction_label: &'static str,
    pub dir_in: &'static str,
    pub dir_out: &'static str,
    pub keys_stale: &'static str,
    pub keys_unusable: &'static str,
    pub list_updated: Blank<str>,
    pub list_people: Blank<usize>,
    pub list_none: &'static str,
    pub list_refresh: &'static str,
    pub list_refreshing: &'static str,
    pub list_failed: &'static str,
    pub scan: &'static str,
    pub scan_stop: &'static str,
    pub scan_hint: &'static str,
    pub camera_denied: &'static str,
    pub id_label: &'static str,
    pub look_up: &'static str,
    pub unknown_id: &'static str,
    pub status_may_enter: &'static str,
    pub status_check: &'static str,
    pub status_do_not_admit: &'static str,
    pub no_pass: &'static str,
    pub seen_twice: &'static str,
    pub pass_unreadable: &'static str,
    pub pass_unknown_key: &'static str,
    pub pass_bad_signature: &'static str,
    pub pass_earlier_day: &'static str,
    pub pass_later_day: &'static str,
    pub pass_expired: &'static str,
    pub temperature_label: &'static str,
    pub second_label: &'static str,
    pub temperature_not_number: &'static str,
    pub symptoms_label: &'static str,
    pub symptom_cough: &'static str,
    pub symptom_other: &'static str,
    pub decision_label: &'static str,
    pub decide_admit: &'static str,
    pub decide_refuse: &'static str,
    pub decide_clinic: &'static str,
    pub problem_bad_gate: &'static str,
    pub problem_bad_identity: &'static str,
    pub problem_temperature_missing: &'static str,
    pub problem_temperature_range: &'static str,
    pub problem_second_reading: &'static str,
    pub problem_too_many: &'static str,
    pub problem_must_refer: &'static str,
    pub fever_found: &'static str,
    pub recorded: Blank<str>,
    pub not_saved: &'static str,
    pub cancel: &'static str,
    pub visitors_title: &'static str,
    pub visitors_count: Blank<usize>,
    pub visitor_label: &'static str,
    pub visitor_look_up: &'static str,
    pub visitor_none: &'static str,
    pub visitor_refuse_unregistered: &'static str,
    pub visitor_host: Blank2<str, str>,
    pub visitor_plate: Blank<str>,
    pub visitor_fever: &'static str,
    pub visitor_text_required: &'static str,
}

impl GateTexts {
    pub fn status(&self, status: EntryStatus) -> &'static str {
        match status {
            EntryStatus::MayEnter => self.status_may_enter,
            EntryStatus::Check => self.status_check,
            EntryStatus::DoNotAdmit => self.status_do_not_admit,
        }
    }

    pub fn direction(&self, direction: Direction) -> &'static str {
        match direction {
            Direction::In => self.dir_in,
            Direction::Out => self.dir_out,
        }
    }

    pub fn decision(&self, decision: GateDecision) -> &'static str {
        match decision {
            GateDecision::Admitted => self.decide_admit,
            GateDecision::Refused => self.decide_refuse,
            GateDecision::SentToClinic => self.decide_clinic,
        }
    }

    /// Why a scanned pass is refused (or, for the keys, cannot be checked).
    pub fn pass_error(&self, error: PassError) -> &'static str {
        match error {
            PassError::Unreadable(_) => self.pass_unreadable,
            PassError::UnknownKey => self.pass_unknown_key,
            PassError::BadSignature => self.pass_bad_signature,
            PassError::EarlierDay => self.pass_earlier_day,
            PassError::LaterDay => self.pass_later_day,
            PassError::Expired => self.pass_expired,
            PassError::KeysTooOld => self.keys_unusable,
        }
    }

    pub fn problem(&self, problem: GateProblem) -> &'static str {
        match problem {
            GateProblem::BadGate => self.problem_bad_gate,
            GateProblem::BadIdentity => self.problem_bad_identity,
            GateProblem::TemperatureMissing => self.problem_temperature_missing,
            GateProblem::TemperatureOutOfRange => self.problem_temperature_range,
            GateProblem::SecondReadingNeeded => self.problem_second_reading,
            GateProblem::TooManyReadings => self.problem_too_many,
            GateProblem::MustReferToClinic => self.problem_must_refer,
        }
    }
}

impl Texts {
    /// The gate's words in this language.
    pub fn gate(&self) -> &'static GateTexts {
        if self.is_zh() {
            &ZH
        } else {
            &EN
        }
    }
}

pub static ZH: GateTexts = GateTexts {
    title: "门岗核验",
    intro: "扫描通行证，或按学号/工号查询，再记录体温和处理结果。离线也能用：记录保存在本机，联网后自动上传。",
    back: "返回安心",
    not_guard: "此页面仅供门卫使用。",
    sign_in_first: "请先登录门卫账号。",
    sign_in: "去登录",
    gate_label: "所在门岗",
    gate_hint: "例如：东门",
    gate_save: "保存门岗",
    gate_saved: Blank::new("当前门岗：{}"),
    direction_label: "方向",
    dir_in: "进校",
    dir_out: "出校",
    keys_stale: "验证密钥已超过 24 小时未更新，请尽快联网。",
    keys_unusable: "没有可用的验证密钥（超过 7 天未更新或从未获取）：请联网一次。",
    list_updated: Blank::new("今日名单更新于 {}"),
    list_people: Blank::new("共 {} 人"),
    list_none: "本机没有今天的名单：联网后点“刷新名单”。",
    list_refresh: "刷新名单",
    list_refreshing: "正在刷新名单…",
    list_failed: "名单刷新失败，继续使用本机已保存的名单。",
    scan: "扫描通行证",
    scan_stop: "停止扫描",
    scan_hint: "请把通行证二维码放在取景框中。",
    camera_denied: "无法打开摄像头：请允许使用摄像头，或按学号/工号查询。",
    id_label: "学号/工号（无通行证时）",
    look_up: "查询",
    unknown_id: "今日名单中没有这个学号/工号。",
    status_may_enter: "可以进校",
    status_check: "需核查",
    status_do_not_admit: "不得进校 — 请转校医院",
    no_pass: "无通行证：今天未申报或申报未送达，已按学号/工号核查。",
    seen_twice: "注意：同一人 10 分钟内已同方向通过一次。",
    pass_unreadable: "不是安心通行证，或二维码无法识别。",
    pass_unknown_key: "通行证由本机不认识的密钥签发：请拒绝，或联网后重试。",
    pass_bad_signature: "通行证签名不符，已被篡改或伪造：请拒绝。",
    pass_earlier_day: "这是以前某天的通行证，今天无效：请拒绝。",
    pass_later_day: "通行证日期晚于今天：请核对本机日期。",
    pass_expired: "通行证已过期：请拒绝。",
    temperature_label: "体温（°C）",
    second_label: "复测体温（°C）",
    temperature_not_number: "请输入数字，例如 36.5。",
    symptoms_label: "可见症状",
    symptom_cough: "咳嗽",
    symptom_other: "其他症状",
    decision_label: "处理结果",
    decide_admit: "放行",
    decide_refuse: "劝返",
    decide_clinic: "送校医院",
    problem_bad_gate: "请先填写并保存所在门岗（最多 20 个字）。",
    problem_bad_identity: "学号/工号格式不对。",
    problem_temperature_missing: "请先测量并填写体温。",
    problem_temperature_range: "体温应在 34.0–42.5 °C 之间，请重新测量。",
    problem_second_reading: "体温达到发热标准，请复测一次。",
    problem_too_many: "体温正常时无需复测。",
    problem_must_refer: "发现发热或咳嗽：必须送校医院。",
    fever_found: "复测仍发热：请送校医院，此人将进入医学隔离观察。",
    recorded: Blank::new("已记录（{}），联网后自动上传。"),
    not_saved: "记录未能保存在本机，请重试。",
    cancel: "取消",
    visitors_title: "来访人员与车辆",
    visitors_count: Blank::new("今日已批准来访 {} 人"),
    visitor_label: "访客姓名、手机号或车牌",
    visitor_look_up: "查询访客",
    visitor_none: "不在今日已批准的来访名单中：未经登记，不得进入。",
    visitor_refuse_unregistered: "记录劝返（未登记）",
    visitor_host: Blank2::new("接待人：{}（{}）"),
    visitor_plate: Blank::new("车牌：{}"),
    visitor_fever: "体温达到发热标准：请劝返。",
    visitor_text_required: "请先输入访客姓名或车牌。",
};

pub static EN: GateTexts = GateTexts {
    title: "Gate check",
    intro: "Scan the pass, or look the person up by school id, then record the temperature and the decision. Works offline: records are kept on this phone and sent once online.",
    back: "Back to Anxin",
    not_guard: "This page is for gate guards only.",
    sign_in_first: "Sign in with a guard's account first.",
    sign_in: "Sign in",
    gate_label: "Gate",
    gate_hint: "e.g. East gate",
    gate_save: "Save gate",
    gate_saved: Blank::new("At the gate: {}"),
    direction_label: "Direction",
    dir_in: "In",
    dir_out: "Out",
    keys_stale: "The verification keys are more than 24 hours old: go online soon.",
    keys_unusable: "No usable verification keys (more than 7 days old, or never fetched): go online once.",
    list_updated: Blank::new("Today's gate list, updated {}"),
    list_people: Blank::new("{} people"),
    list_none: "No gate list of today on this phone: tap \"Refresh list\" when online.",
    list_refresh: "Refresh list",
    list_refreshing: "Refreshing the list…",
    list_failed: "The list could not be refreshed; the one kept on this phone is used.",
    scan: "Scan pass",
    scan_stop: "Stop scanning",
    scan_hint: "Hold the pass's QR code inside the frame.",
    camera_denied: "The camera could not be opened: allow it, or look the person up by id.",
    id_label: "School id (without a pass)",
    look_up: "Look up",
    unknown_id: "This id is not on today's gate list.",
    status_may_enter: "May enter",
    status_check: "Check",
    status_do_not_admit: "Do not admit — refer to the clinic",
    no_pass: "No pass: not filed today, or not delivered; checked by id.",
    seen_twice: "Note: this person passed in the same direction within 10 minutes.",
    pass_unreadable: "Not an Anxin pass, or the code cannot be read.",
    pass_unknown_key: "Signed with a key this phone does not know: refuse, or try again once online.",
    pass_bad_signature: "The signature does not match: the pass was changed or forged. Refuse.",
    pass_earlier_day: "A pass of an earlier day, not valid today: refuse.",
    pass_later_day: "A pass of a later day: check this phone's date.",
    pass_expired: "The pass has expired: refuse.",
    temperature_label: "Temperature (°C)",
    second_label: "Second reading (°C)",
    temperature_not_number: "Enter a number, e.g. 36.5.",
    symptoms_label: "Symptoms seen",
    symptom_cough: "Cough",
    symptom_other: "Other",
    decision_label: "Decision",
    decide_admit: "Admit",
    decide_refuse: "Refuse",
    decide_clinic: "Send to the clinic",
    problem_bad_gate: "Enter and save the gate's name first (up to 20 characters).",
    problem_bad_identity: "That is not a school id.",
    problem_temperature_missing: "Measure and enter the temperature first.",
    problem_temperature_range: "The temperature must be 34.0–42.5 °C: measure again.",
    problem_second_reading: "At the fever threshold: measure once more.",
    problem_too_many: "No second reading is needed for a normal temperature.",
    problem_must_refer: "A fever or a cough: send to the clinic.",
    fever_found: "Still a fever on the second reading: send to the clinic; medical isolation observation begins.",
    recorded: Blank::new("Recorded ({}); sent once online."),
    not_saved: "The record could not be saved on this phone: try again.",
    cancel: "Cancel",
    visitors_title: "Visitors and vehicles",
    visitors_count: Blank::new("{} approved visitors today"),
    visitor_label: "Visitor's name, phone or plate",
    visitor_look_up: "Look up visitor",
    visitor_none: "Not on today's approved visitors: no entry without registration.",
    visitor_refuse_unregistered: "Record the refusal (not registered)",
    visitor_host: Blank2::new("Host: {} ({})"),
    visitor_plate: Blank::new("Plate: {}"),
    visitor_fever: "At the fever threshold: refuse entry.",
    visitor_text_required: "Type the visitor's name or plate first.",
};
