namespace Originality.Storage.Migrations;

/// <summary>
/// Every schema step, oldest first. Never edit a released step: add a new one. Statements are
/// separated by lines holding only <c>--;</c>.
/// </summary>
internal static class Schema
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "audit trail, durable deadlines, outbox", """
            CREATE TABLE audit_entries (
                seq {identity},
                occurred_at BIGINT NOT NULL,
                actor_kind TEXT NOT NULL,
                actor_id TEXT NOT NULL,
                subject_type TEXT NOT NULL,
                subject_id TEXT NOT NULL,
                action TEXT NOT NULL,
                rule_id TEXT NOT NULL,
                reason TEXT NULL,
                data TEXT NULL,
                recorded_at BIGINT NOT NULL
            )
            --;
            CREATE INDEX ix_audit_entries_subject ON audit_entries (subject_type, subject_id, seq)
            --;
            CREATE TABLE scheduled_jobs (
                id {identity},
                job_key TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                subject_id TEXT NOT NULL,
                due_at BIGINT NOT NULL,
                available_at BIGINT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                claimed_by TEXT NULL,
                claimed_until BIGINT NULL,
                created_at BIGINT NOT NULL,
                completed_at BIGINT NULL,
                last_error TEXT NULL,
                payload TEXT NULL
            )
            --;
            CREATE INDEX ix_scheduled_jobs_ready ON scheduled_jobs (state, available_at)
            --;
            CREATE INDEX ix_scheduled_jobs_subject ON scheduled_jobs (subject_id, kind)
            --;
            CREATE TABLE outbox_events (
                seq {identity},
                event_id TEXT NOT NULL UNIQUE,
                topic TEXT NOT NULL,
                subject_id TEXT NULL,
                payload TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                available_at BIGINT NOT NULL,
                claimed_by TEXT NULL,
                claimed_until BIGINT NULL,
                delivered_at BIGINT NULL,
                last_error TEXT NULL
            )
            --;
            CREATE INDEX ix_outbox_events_ready ON outbox_events (state, available_at, seq)
            """)
        {
            // The audit trail has no update or delete path in code; the triggers make the database
            // itself refuse one, so not even a hand-written statement can rewrite history.
            PostgresOnly = """
                CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit_entries is append-only';
                END
                $$
                --;
                CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries
                    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()
                --;
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()
                """,
            SqliteOnly = """
                CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
                BEGIN
                    SELECT RAISE(ABORT, 'audit_entries is append-only');
                END
                --;
                CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
                BEGIN
                    SELECT RAISE(ABORT, 'audit_entries is append-only');
                END
                """,
        },
        new(2, "members, folders, filings, authorizations, operator settings", """
            CREATE TABLE members (
                id TEXT NOT NULL PRIMARY KEY,
                nickname TEXT NOT NULL UNIQUE,
                store_id TEXT NOT NULL UNIQUE,
                marketplace TEXT NOT NULL,
                state TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            --;
            CREATE TABLE folders (
                id TEXT NOT NULL PRIMARY KEY,
                owner_id TEXT NOT NULL REFERENCES members (id),
                name_key TEXT NOT NULL,
                state TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (owner_id, name_key)
            )
            --;
            CREATE TABLE filings (
                seq {identity},
                id TEXT NOT NULL UNIQUE,
                owner_id TEXT NOT NULL REFERENCES members (id),
                folder_id TEXT NOT NULL REFERENCES folders (id),
                content_sha256 TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                status TEXT NOT NULL,
                filed_at BIGINT NOT NULL,
                state TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            --;
            CREATE INDEX ix_filings_owner ON filings (owner_id, filed_at)
            --;
            CREATE INDEX ix_filings_sha256 ON filings (content_sha256)
            --;
            CREATE TABLE authorizations (
                id TEXT NOT NULL PRIMARY KEY,
                grantor_id TEXT NOT NULL REFERENCES members (id),
                grantee_id TEXT NOT NULL REFERENCES members (id),
                category TEXT NOT NULL,
                revoked_at BIGINT NULL,
                state TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            --;
            CREATE INDEX ix_authorizations_grantee ON authorizations (grantee_id, category)
            --;
            CREATE INDEX ix_authorizations_grantor ON authorizations (grantor_id)
            --;
            CREATE TABLE policy_assignments (
                seq {identity},
                marketplace TEXT NOT NULL,
                effective_from BIGINT NOT NULL,
                policy_id TEXT NOT NULL,
                assignment TEXT NOT NULL,
                chosen_at BIGINT NOT NULL
            )
            --;
            CREATE TABLE settings (
                id TEXT NOT NULL PRIMARY KEY,
                state TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """),
        new(3, "complaints, appeals, penalty ledgers, sanctions", """
            CREATE TABLE complaints (
                id TEXT NOT NULL PRIMARY KEY,
                complainant_id TEXT NOT NULL REFERENCES members (id),
                respondent_id TEXT NOT NULL,
                status TEXT NOT NULL,
                filed_at BIGINT NOT NULL,
                state TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            --;
            CREATE INDEX ix_complaints_complainant ON complaints (complainant_id, filed_at)
            --;
            CREATE INDEX ix_complaints_respondent ON complaints (respondent_id, filed_at)
            --;
            CREATE TABLE complaint_appeals (
                complaint_id TEXT NOT NULL REFERENCES complaints (id),
                round INTEGER NOT NULL,
                filed_at BIGINT NOT NULL,
                decision_due_at BIGINT NOT NULL,
                decided_at BIGINT NULL,
                upheld INTEGER NULL,
                PRIMARY KEY (complaint_id, round)
            )
            --;
            CREATE TABLE penalty_ledgers (
                id TEXT NOT NULL PRIMARY KEY,
                state TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            --;
            CREATE TABLE penalty_entries (
                id TEXT NOT NULL PRIMARY KEY,
                member_id TEXT NOT NULL REFERENCES penalty_ledgers (id),
                complaint_id TEXT NOT NULL,
                established_at BIGINT NOT NULL,
                points_year INTEGER NOT NULL,
                points INTEGER NOT NULL,
                policy_id TEXT NOT NULL,
                revoked_at BIGINT NULL
            )
            --;
            CREATE INDEX ix_penalty_entries_member ON penalty_entries (member_id, points_year)
            --;
            CREATE TABLE sanctions (
                id TEXT NOT NULL PRIMARY KEY,
                member_id TEXT NOT NULL REFERENCES penalty_ledgers (id),
                kind TEXT NOT NULL,
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NULL,
                lifted_at BIGINT NULL
            )
            --;
            CREATE INDEX ix_sanctions_member ON sanctions (member_id, starts_at)
            """),
        new(4, "filing change sequence", """
            ALTER TABLE filings ADD COLUMN change_seq BIGINT NULL
            --;
            UPDATE filings SET change_seq = seq
            --;
            CREATE INDEX ix_filings_change_seq ON filings (change_seq)
            """)
        {
            // Every save of a filing takes the next number, so an index replica that reads "changes
            // after N" sees status changes (F-7) as well as new filings.
            PostgresOnly = """
                CREATE SEQUENCE filings_change_seq
                --;
                SELECT setval('filings_change_seq', COALESCE((SELECT MAX(seq) FROM filings), 0) + 1, false)
                """,
        },
        new(5, "picture violations and recovery applications", """
            CREATE TABLE picture_violations (
                id TEXT NOT NULL PRIMARY KEY,
                member_id TEXT NOT NULL,
                product_id TEXT NOT NULL,
                penalized_at BIGINT NOT NULL,
                lifts_at BIGINT NOT NULL,
                revoked_at BIGINT NULL,
                state TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            --;
            CREATE INDEX ix_picture_violations_member ON picture_violations (member_id, penalized_at)
            --;
            CREATE TABLE recovery_applications (
                id TEXT NOT NULL PRIMARY KEY,
                member_id TEXT NOT NULL,
                violation_id TEXT NOT NULL REFERENCES picture_violations (id),
                product_id TEXT NOT NULL,
                ip_address TEXT NOT NULL,
                status TEXT NOT NULL,
                filed_at BIGINT NOT NULL,
                state TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            --;
            CREATE INDEX ix_recovery_applications_member ON recovery_applications (member_id, filed_at)
            --;
            CREATE INDEX ix_recovery_applications_violation ON recovery_applications (violation_id)
            --;
            CREATE INDEX ix_recovery_applications_ip ON recovery_applications (ip_address, filed_at)
            --;
            CREATE INDEX ix_recovery_applications_status ON recovery_applications (status, filed_at)
            """),
        new(6, "one recovery application per violation and product", """
            DROP INDEX ix_recovery_applications_violation
            --;
            CREATE UNIQUE INDEX ux_recovery_applications_violation_product ON recovery_applications (violation_id, product_id)
            """),
        // The Server's own tables (API keys, webhooks, evidence-log positions, listings, their
        // pictures and matches) were once created by the Server at start; IF NOT EXISTS lets a
        // database that already has them from those builds upgrade without losing a row.
        new(7, "server api keys, webhooks, evidence sequence, listings, listing pictures, matches", """
            CREATE TABLE IF NOT EXISTS server_api_keys (
                key_hash TEXT PRIMARY KEY,
                role TEXT NOT NULL,
                subject TEXT NOT NULL,
                name TEXT NOT NULL,
                created_at TEXT NOT NULL,
                revoked_at TEXT NULL
            )
            --;
            CREATE TABLE IF NOT EXISTS server_webhooks (
                id TEXT PRIMARY KEY,
                url TEXT NOT NULL,
                secret TEXT NOT NULL,
                created_at TEXT NOT NULL
            )
            --;
            CREATE TABLE IF NOT EXISTS server_evidence (
                filing_id TEXT PRIMARY KEY,
                sequence BIGINT NOT NULL
            )
            --;
            CREATE TABLE IF NOT EXISTS server_listings (
                id TEXT PRIMARY KEY,
                external_id TEXT NOT NULL,
                seller_id TEXT NOT NULL,
                category TEXT NOT NULL,
                state TEXT NOT NULL,
                pictures_total BIGINT NOT NULL,
                pictures_done BIGINT NOT NULL,
                error TEXT NULL,
                created_at BIGINT NOT NULL,
                scanned_at BIGINT NULL
            )
            --;
            CREATE TABLE IF NOT EXISTS server_listing_pictures (
                id TEXT PRIMARY KEY,
                listing_id TEXT NOT NULL,
                seller_id TEXT NOT NULL,
                role TEXT NOT NULL,
                position BIGINT NOT NULL,
                file_name TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                pdq TEXT NULL,
                width BIGINT NOT NULL,
                height BIGINT NOT NULL,
                published_at BIGINT NOT NULL
            )
            --;
            CREATE TABLE IF NOT EXISTS server_matches (
                id TEXT PRIMARY KEY,
                listing_id TEXT NOT NULL,
                picture_id TEXT NOT NULL,
                seller_id TEXT NOT NULL,
                owner_id TEXT NOT NULL,
                filing_id TEXT NOT NULL,
                distance BIGINT NOT NULL,
                score DOUBLE PRECISION NOT NULL,
                suspect_region TEXT NOT NULL,
                original_region TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """),
        // Copy detection's region fingerprints (about 7 KB each), keyed by the picture's content
        // hash so a restart loads them instead of decoding every original again.
        new(8, "picture fingerprints for copy detection", """
            CREATE TABLE picture_fingerprints (
                content_sha256 TEXT NOT NULL PRIMARY KEY,
                data {blob} NOT NULL,
                computed_at BIGINT NOT NULL
            )
            """),
        // A short, unique, human reference for every complaint (shown as CP-000123): numbered in
        // filing order, existing complaints included, and unique by index.
        new(9, "complaint numbers", """
            ALTER TABLE complaints ADD COLUMN number BIGINT NULL
            --;
            UPDATE complaints SET number = (SELECT COUNT(*) FROM complaints c2
                WHERE c2.filed_at < complaints.filed_at OR (c2.filed_at = complaints.filed_at AND c2.id <= complaints.id))
            --;
            CREATE UNIQUE INDEX ux_complaints_number ON complaints (number)
            """)
        {
            PostgresOnly = """
                CREATE SEQUENCE complaints_number_seq
                --;
                SELECT setval('complaints_number_seq', COALESCE((SELECT MAX(number) FROM complaints), 0) + 1, false)
                """,
        },
        // The published listing pictures get a change feed like the filings' (version 4), so each
        // process's index replica learns of a picture another process scanned. Existing scanned
        // pictures are numbered in publication order.
        new(10, "listing picture change sequence", """
            ALTER TABLE server_listing_pictures ADD COLUMN change_seq BIGINT NULL
            --;
            UPDATE server_listing_pictures SET change_seq = (SELECT COUNT(*) FROM server_listing_pictures p2
                WHERE p2.pdq IS NOT NULL AND (p2.published_at < server_listing_pictures.published_at
                    OR (p2.published_at = server_listing_pictures.published_at AND p2.id <= server_listing_pictures.id)))
            WHERE pdq IS NOT NULL
            --;
            CREATE INDEX ix_server_listing_pictures_change_seq ON server_listing_pictures (change_seq)
            """)
        {
            PostgresOnly = """
                CREATE SEQUENCE listing_pictures_change_seq
                --;
                SELECT setval('listing_pictures_change_seq', COALESCE((SELECT MAX(change_seq) FROM server_listing_pictures), 0) + 1, false)
                """,
        },
        // Originals in the database (F-8), keyed by their SHA-256: reachable from every process of a
        // scale-out and inside the database's backup. Used when Storage:Originals is Database (the
        // default on PostgreSQL); empty beside a file store.
        new(11, "original files in the database", """
            CREATE TABLE original_files (
                sha256 TEXT NOT NULL PRIMARY KEY,
                content {blob} NOT NULL,
                length BIGINT NOT NULL,
                stored_at BIGINT NOT NULL
            )
            """),
        // The evidence log in the database (docs/evidence.md, "The log in the database"): one
        // history for every process on one PostgreSQL. A leaf row and its server_evidence row are
        // written in one transaction under a lock, so leaves are numbered without gaps in commit
        // order; heads are kept as their signed JSON. Used when Evidence:Store is Database (the
        // default on PostgreSQL); empty beside the file log.
        new(12, "evidence log leaves and signed tree heads", """
            CREATE TABLE evidence_leaves (
                leaf_index BIGINT NOT NULL PRIMARY KEY,
                sequence BIGINT NOT NULL UNIQUE,
                filing_id TEXT NOT NULL UNIQUE,
                record {blob} NOT NULL,
                leaf_hash {blob} NOT NULL,
                appended_at BIGINT NOT NULL
            )
            --;
            CREATE TABLE evidence_heads (
                position {identity},
                size BIGINT NOT NULL,
                timestamp_ms BIGINT NOT NULL,
                head TEXT NOT NULL,
                signed_at BIGINT NOT NULL
            )
            """),
        // Listing scans are claimed under a lease, like deadlines and outbox events, so any process
        // scans any listing exactly once at a time and a listing whose scanner died is taken over
        // when its lease runs out.
        new(13, "listing scan leases", """
            ALTER TABLE server_listings ADD COLUMN claimed_by TEXT NULL
            --;
            ALTER TABLE server_listings ADD COLUMN claimed_until BIGINT NULL
            --;
            CREATE INDEX ix_server_listings_state ON server_listings (state, created_at)
            """),
        // A marketplace's whole catalogue pushed at once (issue 11, "backfill"): its listings name
        // the backfill they came in, so its progress is one indexed count, and live listings are
        // scanned before a backfill's.
        new(14, "listing backfills", """
            CREATE TABLE server_backfills (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            --;
            ALTER TABLE server_listings ADD COLUMN backfill_id TEXT NULL
            --;
            CREATE INDEX ix_server_listings_backfill ON server_listings (backfill_id, state)
            """),
        // Witness pushes from the database's heads (issue 11): one cursor per witness URL, claimed
        // under a lease like the other work, advanced only after the witness took a head, so a
        // process killed mid-push loses nothing and another carries on from the cursor.
        new(15, "evidence witness delivery cursors", """
            CREATE TABLE evidence_witness_cursors (
                witness TEXT PRIMARY KEY,
                delivered_position BIGINT NOT NULL,
                claimed_by TEXT NULL,
                claimed_until BIGINT NULL,
                attempts BIGINT NOT NULL,
                last_error TEXT NULL
            )
            """),
        // The seller's "mark as read" on the home page: one instant per member, up to which its
        // warnings and decisions are no longer new. Only ever moved forward.
        new(16, "notifications read by members", """
            CREATE TABLE member_notification_reads (
                member_id TEXT PRIMARY KEY,
                read_until BIGINT NOT NULL
            )
            """),
    ];

    public static int LatestVersion => All[^1].Version;
}
