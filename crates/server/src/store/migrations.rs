//! Schema migrations, applied in order at start, each in one transaction.
//! The level is kept in SQLite's `user_version`. Never edit a shipped
//! migration: add a new one.

pub const MIGRATIONS: &[&str] = &[
    // 1: facts about this server's database itself.
    "CREATE TABLE server_meta (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) STRICT;
    INSERT INTO server_meta (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));",
    // 2: sync. Each client's decided sequences; every mutation decided
    // (applied or rejected), never twice; the change log that pull reads
    // (the cursor is the server's order); declaration revisions, one
    // numbering per person and day.
    "CREATE TABLE sync_clients (
        client_id TEXT PRIMARY KEY NOT NULL,
        person_id TEXT NOT NULL,
        decided_through INTEGER NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL
    ) STRICT;
    CREATE TABLE sync_mutations (
        client_id TEXT NOT NULL REFERENCES sync_clients (client_id),
        seq INTEGER NOT NULL,
        mutation_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'rejected')),
        reject_code TEXT,
        reject_fields TEXT,
        received_at TEXT NOT NULL,
        PRIMARY KEY (client_id, seq)
    ) STRICT;
    CREATE INDEX sync_mutations_by_id ON sync_mutations (mutation_id);
    CREATE TABLE change_log (
        cursor INTEGER PRIMARY KEY AUTOINCREMENT,
        person_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        body TEXT NOT NULL
    ) STRICT;
    CREATE INDEX change_log_by_person ON change_log (person_id, cursor);
    CREATE TABLE declaration_revisions (
        revision_id TEXT PRIMARY KEY NOT NULL,
        person_id TEXT NOT NULL,
        day TEXT NOT NULL,
        number INTEGER NOT NULL,
        answers TEXT NOT NULL,
        correction_reason TEXT,
        device_time TEXT NOT NULL,
        time_flag TEXT,
        received_at TEXT NOT NULL,
        client_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        UNIQUE (person_id, day, number)
    ) STRICT;",
    // 3: the roster. A person is never deleted: a leaver is deactivated and
    // keeps their history. Lists (roles, advised classes) are `;`-joined.
    "CREATE TABLE people (
        person_id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        roles TEXT NOT NULL,
        category TEXT,
        department TEXT NOT NULL,
        class_name TEXT NOT NULL,
        phone TEXT NOT NULL,
        advises TEXT NOT NULL,
        scope TEXT,
        active INTEGER NOT NULL CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX people_by_class ON people (class_name) WHERE class_name <> '';",
    // 4: accounts. A password hash (Argon2id, PHC string) per person; at
    // most one live one-time code per person (its SHA-256 only); sessions
    // by the SHA-256 of their token (the token itself is never stored);
    // the audit log, which holds no health data, password, code or token.
    "CREATE TABLE accounts (
        person_id TEXT PRIMARY KEY NOT NULL REFERENCES people (person_id),
        password_hash TEXT NOT NULL,
        password_set_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE one_time_codes (
        person_id TEXT PRIMARY KEY NOT NULL REFERENCES people (person_id),
        code_hash TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        issued_by TEXT NOT NULL
    ) STRICT;
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY NOT NULL,
        person_id TEXT NOT NULL REFERENCES people (person_id),
        created_at TEXT NOT NULL,
        last_used_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT
    ) STRICT;
    CREATE INDEX sessions_by_person ON sessions (person_id);
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        event TEXT NOT NULL,
        actor TEXT,
        subject TEXT,
        address TEXT,
        detail TEXT
    ) STRICT;
    CREATE INDEX audit_log_by_actor ON audit_log (actor, id);",
    // 5: counselling. Each counsellor's published duty plan (JSON); every
    // booking request as decided; private notes, sealed on the
    // counsellor's device (the server holds ciphertext only). At most one booking holds a slot: the
    // partial unique index makes double-booking impossible whatever the
    // code does.
    "CREATE TABLE duty_plans (
        counsellor_id TEXT PRIMARY KEY NOT NULL REFERENCES people (person_id),
        plan TEXT NOT NULL,
        published_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE bookings (
        booking_id TEXT PRIMARY KEY NOT NULL,
        person_id TEXT NOT NULL REFERENCES people (person_id),
        counsellor_id TEXT,
        slot_key TEXT,
        slot_start TEXT,
        slot TEXT,
        topic TEXT NOT NULL,
        phone TEXT NOT NULL,
        anonymous INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
        urgency TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN
            ('confirmed', 'slot_taken', 'declined', 'cancelled', 'completed', 'no_show')),
        alternatives TEXT,
        reason TEXT,
        requested_at TEXT NOT NULL,
        decided_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE counselling_notes (
        booking_id TEXT PRIMARY KEY NOT NULL REFERENCES bookings (booking_id),
        author_id TEXT NOT NULL REFERENCES people (person_id),
        sealed TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX bookings_one_per_slot ON bookings (slot_key)
        WHERE status IN ('confirmed', 'completed', 'no_show');
    CREATE INDEX bookings_by_counsellor ON bookings (counsellor_id, slot_start);
    CREATE INDEX bookings_by_start ON bookings (slot_start) WHERE slot_start IS NOT NULL;
    CREATE INDEX bookings_by_person ON bookings (person_id);
    INSERT INTO server_meta (key, value) VALUES ('pseudonym_key', lower(hex(randomblob(32))));",
    // 6: what a counsellor does before the appointment (she confirms it,
    // or proposes another of her slots) and the booking that moved one.
    "ALTER TABLE bookings ADD COLUMN accepted_at TEXT;
    ALTER TABLE bookings ADD COLUMN proposed TEXT;
    ALTER TABLE bookings ADD COLUMN replaced_by TEXT;",
    // 7: the daily report. The roster's history (each person's state from
    // the time it took effect), from which each day's expected list is
    // frozen once; reasons, send-backs, reminders, signatures and returns,
    // all append-only (a later record supersedes, nothing is edited). A
    // revision keeps its device's last drained sync before it (a clock set
    // back is doubted), and revisions are read by day.
    "CREATE TABLE roster_history (
        person_id TEXT NOT NULL,
        effective_at TEXT NOT NULL,
        name TEXT NOT NULL,
        category TEXT,
        department TEXT NOT NULL,
        class_name TEXT NOT NULL,
        declarant INTEGER NOT NULL CHECK (declarant IN (0, 1)),
        active INTEGER NOT NULL CHECK (active IN (0, 1)),
        PRIMARY KEY (person_id, effective_at)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX roster_history_by_time ON roster_history (effective_at);
    INSERT INTO roster_history (person_id, effective_at, name, category, department, class_name,
        declarant, active)
    SELECT person_id, updated_at, name, category, department, class_name,
        (';' || roles || ';') LIKE '%;declarant;%', active FROM people;
    CREATE TABLE day_snapshots (
        day TEXT PRIMARY KEY NOT NULL,
        roster_at TEXT NOT NULL,
        taken_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE day_expected (
        day TEXT NOT NULL,
        person_id TEXT NOT NULL,
        name TEXT NOT NULL,
        category TEXT NOT NULL,
        department TEXT NOT NULL,
        class_name TEXT NOT NULL,
        PRIMARY KEY (day, person_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX day_expected_by_scope ON day_expected (day, department, class_name);
    CREATE INDEX day_expected_by_class ON day_expected (day, class_name);
    ALTER TABLE declaration_revisions ADD COLUMN prior_sync TEXT;
    ALTER TABLE sync_clients ADD COLUMN last_drained TEXT;
    CREATE INDEX declaration_revisions_by_day ON declaration_revisions (day, person_id, number);
    CREATE TABLE missing_reasons (
        reason_id TEXT PRIMARY KEY NOT NULL,
        person_id TEXT NOT NULL,
        day_from TEXT NOT NULL,
        day_to TEXT NOT NULL,
        kind TEXT NOT NULL,
        note TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX missing_reasons_by_day ON missing_reasons (day_from, day_to);
    CREATE TABLE send_backs (
        send_back_id TEXT PRIMARY KEY NOT NULL,
        person_id TEXT NOT NULL,
        day TEXT NOT NULL,
        revision_id TEXT NOT NULL,
        comment TEXT NOT NULL,
        by_id TEXT NOT NULL,
        by_name TEXT NOT NULL,
        at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX send_backs_by_day ON send_backs (day, person_id);
    CREATE TABLE reminders (
        reminder_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        day TEXT NOT NULL,
        kind TEXT NOT NULL,
        by_id TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (reminder_id, person_id)
    ) STRICT;
    CREATE INDEX reminders_by_day ON reminders (day, person_id);
    CREATE TABLE report_signatures (
        day TEXT NOT NULL,
        level TEXT NOT NULL,
        scope_name TEXT NOT NULL,
        version INTEGER NOT NULL,
        signature_id TEXT NOT NULL UNIQUE,
        signer_id TEXT NOT NULL,
        signer_name TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        late_minutes INTEGER,
        covered TEXT NOT NULL,
        PRIMARY KEY (day, level, scope_name, version)
    ) STRICT;
    CREATE TABLE report_returns (
        return_id TEXT PRIMARY KEY NOT NULL,
        day TEXT NOT NULL,
        level TEXT NOT NULL,
        scope_name TEXT NOT NULL,
        version INTEGER NOT NULL,
        by_id TEXT NOT NULL,
        by_name TEXT NOT NULL,
        at TEXT NOT NULL,
        reason TEXT NOT NULL,
        UNIQUE (day, level, scope_name, version)
    ) STRICT;",
    // 8: campus entry. The keys that sign daily passes (made at first
    // start, kept here so that several server processes share them); a
    // rotated key keeps verifying until its last passes expire.
    "CREATE TABLE pass_keys (
        key_id INTEGER PRIMARY KEY NOT NULL CHECK (key_id BETWEEN 1 AND 65535),
        secret_hex TEXT NOT NULL,
        created_at TEXT NOT NULL,
        valid_until TEXT
    ) STRICT;",
    // 9: the gate. Each person's pass pseudonym (kept when their first pass
    // is made, so a scanned pass names its person); every guard's record as
    // decided, with the server's flags; medical isolation observations (at
    // most one open per person), begun at the gate, ended by an office
    // with a reason.
    "CREATE TABLE pass_pseudonyms (
        pseudonym TEXT PRIMARY KEY NOT NULL,
        person_id TEXT NOT NULL UNIQUE
    ) STRICT;
    CREATE TABLE gate_records (
        record_id TEXT PRIMARY KEY NOT NULL,
        guard_id TEXT NOT NULL,
        person_id TEXT,
        day TEXT NOT NULL,
        gate TEXT NOT NULL,
        direction TEXT NOT NULL,
        record TEXT NOT NULL,
        flags TEXT NOT NULL,
        device_time TEXT NOT NULL,
        received_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX gate_records_by_person ON gate_records (person_id, direction, device_time);
    CREATE INDEX gate_records_by_day ON gate_records (day);
    CREATE TABLE isolation_observations (
        observation_id INTEGER PRIMARY KEY,
        person_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        started_by TEXT NOT NULL,
        gate_record_id TEXT,
        ended_at TEXT,
        ended_by TEXT,
        end_reason TEXT
    ) STRICT;
    CREATE UNIQUE INDEX one_open_observation ON isolation_observations (person_id)
        WHERE ended_at IS NULL;",
    // 10: return to campus. Each application (its request as sent, as
    // JSON; whether it still waits for a decision, as the domain said) and
    // each step's decision, at most one per step, never edited.
    "CREATE TABLE return_applications (
        application_id TEXT PRIMARY KEY NOT NULL,
        person_id TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        has_advisor_step INTEGER NOT NULL CHECK (has_advisor_step IN (0, 1)),
        request TEXT NOT NULL,
        pending INTEGER NOT NULL CHECK (pending IN (0, 1))
    ) STRICT;
    CREATE INDEX return_applications_by_person ON return_applications (person_id, applied_at);
    CREATE INDEX return_applications_pending ON return_applications (pending) WHERE pending = 1;
    CREATE TABLE return_decisions (
        application_id TEXT NOT NULL REFERENCES return_applications (application_id),
        step TEXT NOT NULL,
        approve INTEGER NOT NULL CHECK (approve IN (0, 1)),
        reason TEXT NOT NULL,
        by_id TEXT NOT NULL,
        by_name TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (application_id, step)
    ) STRICT;",
    // 11: visitors and vehicles. Each registration as it stands (its JSON, as
    // the host pulls it) with the columns it is found by; every record a
    // guard made at the gate, with the flags of the server's check.
    "CREATE TABLE visitors (
        visitor_id TEXT PRIMARY KEY NOT NULL,
        host_id TEXT NOT NULL,
        host_department TEXT NOT NULL,
        day TEXT NOT NULL,
        body TEXT NOT NULL,
        registered_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX visitors_by_day ON visitors (day);
    CREATE INDEX visitors_by_department ON visitors (host_department, day);
    CREATE TABLE visitor_gate_records (
        record_id TEXT PRIMARY KEY NOT NULL,
        guard_id TEXT NOT NULL,
        visitor_id TEXT,
        body TEXT NOT NULL,
        decision TEXT NOT NULL,
        day TEXT NOT NULL,
        device_time TEXT NOT NULL,
        time_flag TEXT,
        received_at TEXT NOT NULL,
        flags TEXT NOT NULL
    ) STRICT;
    CREATE INDEX visitor_gate_records_by_day ON visitor_gate_records (day);",
    // 12: a declaration's change log entry names its revision, read from
    // `declaration_revisions` when pulled, instead of keeping a second
    // copy of it (its body is empty). Entries written before keep theirs.
    "ALTER TABLE change_log ADD COLUMN revision_id TEXT;",
    // 13: a password reset by someone else. A session ended by it says so
    // (`revoked_reason`), and the account keeps who issued the code and
    // when it was used, for the person's next sign-ins.
    "ALTER TABLE sessions ADD COLUMN revoked_reason TEXT;
    ALTER TABLE accounts ADD COLUMN reset_by TEXT;
    ALTER TABLE accounts ADD COLUMN reset_at TEXT;",
    // 14: privacy. Every version of the notice the server has published
    // (a version keeps its hash for good); who saw which, and when; each
    // consent given or withdrawn (the latest of a person and purpose
    // decides).
    "CREATE TABLE privacy_notices (
        version TEXT PRIMARY KEY NOT NULL,
        hash TEXT NOT NULL,
        published_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE notice_views (
        seen_id TEXT PRIMARY KEY NOT NULL,
        person_id TEXT NOT NULL,
        version TEXT NOT NULL,
        hash TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        received_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX notice_views_by_person ON notice_views (person_id);
    CREATE TABLE consents (
        consent_id TEXT PRIMARY KEY NOT NULL,
        person_id TEXT NOT NULL,
        purpose TEXT NOT NULL,
        given INTEGER NOT NULL,
        device_time TEXT NOT NULL,
        received_at TEXT NOT NULL,
        seq INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX consents_by_person ON consents (person_id, purpose, seq);",
    // 15: staff reads of named health data (who read whose records, what,
    // when, and the reason where one was asked): one row per reader,
    // person, kind and school day (the first read of the day; a page that
    // refreshes adds none), and one per read opened with a reason.
    "CREATE TABLE staff_reads (
        read_id INTEGER PRIMARY KEY,
        reader_id TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        reason TEXT,
        at TEXT NOT NULL,
        day TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX staff_reads_once_a_day ON staff_reads (reader_id, subject_id, kind, day)
        WHERE reason IS NULL;
    CREATE INDEX staff_reads_by_subject ON staff_reads (subject_id, at);
    CREATE INDEX staff_reads_by_reader ON staff_reads (reader_id, at);",
    // 16: the answers to the optional wellbeing question, apart from the
    // declarations (no report, CSV or flag reads this table); deleted when
    // the person turns the question off.
    "CREATE TABLE wellbeing_answers (
        answer_id TEXT PRIMARY KEY NOT NULL,
        person_id TEXT NOT NULL,
        day TEXT NOT NULL,
        feeling TEXT NOT NULL,
        device_time TEXT NOT NULL,
        received_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX wellbeing_answers_by_person ON wellbeing_answers (person_id, day);",
    // 17: requests for deletion (PIPL art. 47) and the admin's answers
    // (completed, or kept with the legal reason); one waits at a time.
    "CREATE TABLE deletion_requests (
        request_id TEXT PRIMARY KEY NOT NULL,
        person_id TEXT NOT NULL,
        note TEXT NOT NULL,
        asked_at TEXT NOT NULL,
        outcome TEXT CHECK (outcome IN ('completed', 'kept')),
        answer TEXT NOT NULL DEFAULT '',
        answered_by TEXT,
        answered_at TEXT
    ) STRICT;
    CREATE INDEX deletion_requests_by_person ON deletion_requests (person_id, asked_at);",
    // 18: retention (SPEC §7). A signature's seal (the SHA-256 of what it
    // covered without the names: `Covered::seal`), made when it is signed,
    // so that it still verifies once the purge has masked the names (a
    // signature made before has its seal made by the first purge, before
    // anything is masked); each real run of the purge, as it printed.
    "ALTER TABLE report_signatures ADD COLUMN seal TEXT;
    CREATE TABLE purge_runs (
        run_id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        today TEXT NOT NULL,
        run TEXT NOT NULL
    ) STRICT;",
    // 19: the counselling waitlist (SPEC §3): one entry waiting per person
    // at a time (what it waits for as the join's JSON), and the slots
    // offered to each (gone once a booking takes them).
    "CREATE TABLE waitlist (
        entry_id TEXT PRIMARY KEY NOT NULL,
        person_id TEXT NOT NULL,
        counsellor_id TEXT,
        body TEXT NOT NULL,
        joined_at TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('waiting', 'left', 'booked')),
        booking_id TEXT,
        closed_at TEXT
    ) STRICT;
    CREATE INDEX waitlist_by_person ON waitlist (person_id, state);
    CREATE INDEX waitlist_by_state ON waitlist (state, joined_at);
    CREATE TABLE waitlist_offers (
        entry_id TEXT NOT NULL,
        slot_key TEXT NOT NULL,
        counsellor_id TEXT NOT NULL,
        slot TEXT NOT NULL,
        offered_at TEXT NOT NULL,
        gone_at TEXT,
        PRIMARY KEY (entry_id, slot_key)
    ) STRICT;
    CREATE INDEX waitlist_offers_by_slot ON waitlist_offers (slot_key);",
];
