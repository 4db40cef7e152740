pub const MIGRATIONS_POSTGRES: &[&str] = &[];
