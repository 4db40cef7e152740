//! The name of the gate a guard's phone stands at ("东门", "North gate"),
//! typed once and kept on the phone: every record carries it.

/// The longest gate name, in characters.
pub const MAX_GATE_NAME_CHARS: usize = 20;

/// What is wrong with a gate's name as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateNameProblem {
    /// Nothing typed (or only spaces).
    Empty,
    /// More than [`MAX_GATE_NAME_CHARS`] characters.
    TooLong,
}

/// Whether `name`, trimmed, may be a gate's name.
pub fn gate_name_problem(name: &str) -> Option<GateNameProblem> {
    match name.trim().chars().count() {
        0 => Some(GateNameProblem::Empty),
        n if n > MAX_GATE_NAME_CHARS => Some(GateNameProblem::TooLong),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_gate_name_problem_wants_one_to_twenty_characters() {
        assert_eq!(gate_name_problem("东门"), None);
        assert_eq!(gate_name_problem(" North gate "), None);
        assert_eq!(gate_name_problem(&"门".repeat(MAX_GATE_NAME_CHARS)), None);
        assert_eq!(gate_name_problem(""), Some(GateNameProblem::Empty));
        assert_eq!(gate_name_problem(" \t "), Some(GateNameProblem::Empty));
        let long = "门".repeat(MAX_GATE_NAME_CHARS + 1);
        assert_eq!(gate_name_problem(&long), Some(GateNameProblem::TooLong));
    }
}
