//! The device's queue of mutations the server has not acknowledged: the
//! domain's state machine (`anxin_domain::sync::Outbox`), over the
//! device's own mutations ([`DeviceChange`], whose report actions stay
//! JSON text: see `wire`).

use super::wire::DeviceChange;

pub type Outbox = anxin_domain::sync::Outbox<DeviceChange>;
pub type OutboxEvent = anxin_domain::sync::OutboxEvent<DeviceChange>;
