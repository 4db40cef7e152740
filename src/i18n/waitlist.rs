//! The counselling waitlist's words (SPEC §3), in the booking page's
//! bundle only: joining, what is waited for, the slots offered and gone,
//! leaving. Both languages here.

use super::{Blank, Blank2, Texts};

#[derive(Debug)]
pub struct WaitlistTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub counsellor: &'static str,
    pub any_counsellor: &'static str,
    pub mode: &'static str,
    pub any_mode: &'static str,
    pub phone: &'static str,
    pub phone_hint: &'static str,
    pub phone_problem: &'static str,
    pub anonymous: &'static str,
    pub join: &'static str,
    pub not_saved: &'static str,
    pub saved: &'static str,
    /// Who and how the person waits for, since when.
    pub waiting_for: Blank2<str, str>,
    pub since: Blank<str>,
    pub offers_title: &'static str,
    pub no_offer_yet: &'static str,
    pub book: &'static str,
    pub booking_sent: &'static str,
    pub gone: &'static str,
    pub leave: &'static str,
    pub left: &'static str,
    pub booked: &'static str,
}

pub const ZH: WaitlistTexts = WaitlistTexts {
    title: "候补名单",
    intro: "没有合适的时间？加入候补名单：有时段空出来（有人取消，或咨询师新增值班时间）时，下次同步会通知你。先提交预约的人先得到这个时段。",
    counsellor: "咨询师",
    any_counsellor: "任意咨询师",
    mode: "咨询方式",
    any_mode: "任意方式",
    phone: "联系电话",
    phone_hint: "从候补中预约时使用这个号码",
    phone_problem: "请填写可以拨打的电话号码（5 到 20 位，数字、空格、+ 或 -）",
    anonymous: "匿名预约（咨询师只看到化名和电话）",
    join: "加入候补名单",
    not_saved: "无法保存在这台手机上，请重试。",
    saved: "已加入候补名单（保存在这台手机上，联网后发送）。",
    waiting_for: Blank2::new("你在候补：{} · {}"),
    since: Blank::new("加入时间：{}"),
    offers_title: "空出来的时段",
    no_offer_yet: "还没有空出来的时段：有了会在下次同步时通知你。",
    book: "预约这个时段",
    booking_sent: "已提交预约，等待中心确认。",
    gone: "已被其他人预约；你仍在候补名单上。",
    leave: "退出候补名单",
    left: "你已退出候补名单。",
    booked: "你已预约成功，候补结束。",
};

pub const EN: WaitlistTexts = WaitlistTexts {
    title: "Waitlist",
    intro: "No time suits? Join the waitlist: when a time frees (someone cancels, or a counsellor adds duty hours) you are told on your next sync. The first request to arrive gets it.",
    counsellor: "Counsellor",
    any_counsellor: "Any counsellor",
    mode: "Way of meeting",
    any_mode: "Any way",
    phone: "Contact phone",
    phone_hint: "Used for the booking you make from the waitlist",
    phone_problem: "A number the counsellor can dial: 5 to 20 digits, spaces, + or -",
    anonymous: "Book anonymously (the counsellor sees a pseudonym and the phone only)",
    join: "Join the waitlist",
    not_saved: "Could not be saved on this phone: try again.",
    saved: "On the waitlist (saved on this phone; sent when online).",
    waiting_for: Blank2::new("You are waiting for: {} · {}"),
    since: Blank::new("Since {}"),
    offers_title: "Times that freed",
    no_offer_yet: "No time has freed yet: you are told on your next sync when one does.",
    book: "Book this time",
    booking_sent: "Booking sent: waiting for the centre's answer.",
    gone: "Taken by someone else; you stay on the waitlist.",
    leave: "Leave the waitlist",
    left: "You left the waitlist.",
    booked: "You booked a time: your wait is over.",
};

impl Texts {
    /// The waitlist's words in this language.
    pub fn waitlist(&self) -> &'static WaitlistTexts {
        self.pick(&ZH, &EN)
    }
}
