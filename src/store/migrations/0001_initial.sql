-- Récolte schema, version 1.
--
-- Conventions (the merge relies on them, see src/schema.rs):
-- * `id` is a 16-byte UUIDv7 made on the device that created the record.
-- * Every editable field `f` has `f_stamp`: 32 bytes, the (HLC, device) stamp of its last
--   write then the HLC of the version that write replaced. BLOB comparison orders writes, so
--   a merge keeps the value with the greater stamp; the replaced part tells a sequential
--   edit from a concurrent one.
-- * Deletion is the field `deleted` (0/1) with its own stamp: a later restore wins.
-- * The owner column (`diagnostic_id`, `workshop_id`...) is fixed at creation, no stamp.
-- * Set tables (add-wins): one row per addition, with its own tag `id`; a removal stamps
--   `removed_stamp` on the additions it has seen, so an unseen concurrent addition survives.
-- * `erased_stamp` marks a GDPR erasure: final, personal fields are NULL for good.
-- Foreign keys are deferred so that a merge can insert records in any order.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE diagnostic (
    id                 BLOB PRIMARY KEY NOT NULL,
    title              TEXT NOT NULL,
    title_stamp        BLOB NOT NULL,
    description        TEXT NOT NULL,
    description_stamp  BLOB NOT NULL,
    period_start       TEXT,
    period_start_stamp BLOB NOT NULL,
    period_end         TEXT,
    period_end_stamp   BLOB NOT NULL,
    is_demo            INTEGER NOT NULL,
    is_demo_stamp      BLOB NOT NULL,
    deleted            INTEGER NOT NULL DEFAULT 0,
    deleted_stamp      BLOB NOT NULL
) STRICT;

CREATE TABLE stake (
    id             BLOB PRIMARY KEY NOT NULL,
    diagnostic_id  BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    label          TEXT NOT NULL,
    label_stamp    BLOB NOT NULL,
    position       INTEGER NOT NULL,
    position_stamp BLOB NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0,
    deleted_stamp  BLOB NOT NULL
) STRICT;
CREATE INDEX stake_by_diagnostic ON stake(diagnostic_id);

CREATE TABLE territory (
    id             BLOB PRIMARY KEY NOT NULL,
    diagnostic_id  BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    name           TEXT NOT NULL,
    name_stamp     BLOB NOT NULL,
    communes       TEXT NOT NULL,
    communes_stamp BLOB NOT NULL,
    position       INTEGER NOT NULL,
    position_stamp BLOB NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0,
    deleted_stamp  BLOB NOT NULL
) STRICT;
CREATE INDEX territory_by_diagnostic ON territory(diagnostic_id);

CREATE TABLE theme (
    id             BLOB PRIMARY KEY NOT NULL,
    diagnostic_id  BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    name           TEXT NOT NULL,
    name_stamp     BLOB NOT NULL,
    position       INTEGER NOT NULL,
    position_stamp BLOB NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0,
    deleted_stamp  BLOB NOT NULL
) STRICT;
CREATE INDEX theme_by_diagnostic ON theme(diagnostic_id);

CREATE TABLE category (
    id             BLOB PRIMARY KEY NOT NULL,
    diagnostic_id  BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    code           TEXT NOT NULL,
    code_stamp     BLOB NOT NULL,
    label          TEXT NOT NULL,
    label_stamp    BLOB NOT NULL,
    shortcut       TEXT NOT NULL,
    shortcut_stamp BLOB NOT NULL,
    position       INTEGER NOT NULL,
    position_stamp BLOB NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0,
    deleted_stamp  BLOB NOT NULL
) STRICT;
CREATE INDEX category_by_diagnostic ON category(diagnostic_id);

CREATE TABLE workshop (
    id                 BLOB PRIMARY KEY NOT NULL,
    diagnostic_id      BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    kind               TEXT NOT NULL CHECK (kind IN ('territorial', 'thematic')),
    kind_stamp         BLOB NOT NULL,
    territory_id       BLOB REFERENCES territory(id) DEFERRABLE INITIALLY DEFERRED,
    territory_id_stamp BLOB NOT NULL,
    theme_id           BLOB REFERENCES theme(id) DEFERRABLE INITIALLY DEFERRED,
    theme_id_stamp     BLOB NOT NULL,
    title              TEXT NOT NULL,
    title_stamp        BLOB NOT NULL,
    starts_at          TEXT,
    starts_at_stamp    BLOB NOT NULL,
    ends_at            TEXT,
    ends_at_stamp      BLOB NOT NULL,
    place              TEXT NOT NULL,
    place_stamp        BLOB NOT NULL,
    facilitators       TEXT NOT NULL,
    facilitators_stamp BLOB NOT NULL,
    token_budget       INTEGER NOT NULL,
    token_budget_stamp BLOB NOT NULL,
    deleted            INTEGER NOT NULL DEFAULT 0,
    deleted_stamp      BLOB NOT NULL
) STRICT;
CREATE INDEX workshop_by_diagnostic ON workshop(diagnostic_id);

CREATE TABLE phase (
    id                   BLOB PRIMARY KEY NOT NULL,
    workshop_id          BLOB NOT NULL REFERENCES workshop(id) DEFERRABLE INITIALLY DEFERRED,
    title                TEXT NOT NULL,
    title_stamp          BLOB NOT NULL,
    question             TEXT NOT NULL,
    question_stamp       BLOB NOT NULL,
    duration_min         INTEGER NOT NULL,
    duration_min_stamp   BLOB NOT NULL,
    position             INTEGER NOT NULL,
    position_stamp       BLOB NOT NULL,
    deleted              INTEGER NOT NULL DEFAULT 0,
    deleted_stamp        BLOB NOT NULL
) STRICT;
CREATE INDEX phase_by_workshop ON phase(workshop_id);

CREATE TABLE organisation (
    id                   BLOB PRIMARY KEY NOT NULL,
    diagnostic_id        BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    name                 TEXT NOT NULL,
    name_stamp           BLOB NOT NULL,
    structure_type       TEXT NOT NULL,
    structure_type_stamp BLOB NOT NULL,
    deleted              INTEGER NOT NULL DEFAULT 0,
    deleted_stamp        BLOB NOT NULL
) STRICT;
CREATE INDEX organisation_by_diagnostic ON organisation(diagnostic_id);

CREATE TABLE participant (
    id                    BLOB PRIMARY KEY NOT NULL,
    diagnostic_id         BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    name                  TEXT,
    name_stamp            BLOB NOT NULL,
    organisation_id       BLOB REFERENCES organisation(id) DEFERRABLE INITIALLY DEFERRED,
    organisation_id_stamp BLOB NOT NULL,
    structure_type        TEXT NOT NULL,
    structure_type_stamp  BLOB NOT NULL,
    role                  TEXT NOT NULL,
    role_stamp            BLOB NOT NULL,
    email                 TEXT,
    email_stamp           BLOB NOT NULL,
    consent_named         INTEGER NOT NULL,
    consent_named_stamp   BLOB NOT NULL,
    deleted               INTEGER NOT NULL DEFAULT 0,
    deleted_stamp         BLOB NOT NULL,
    erased_stamp          BLOB
) STRICT;
CREATE INDEX participant_by_diagnostic ON participant(diagnostic_id);

CREATE TABLE attendance (
    id            BLOB PRIMARY KEY NOT NULL,
    workshop_id   BLOB NOT NULL REFERENCES workshop(id) DEFERRABLE INITIALLY DEFERRED,
    participant_id BLOB NOT NULL REFERENCES participant(id) DEFERRABLE INITIALLY DEFERRED,
    added_stamp   BLOB NOT NULL,
    removed_stamp BLOB
) STRICT;
CREATE INDEX attendance_by_workshop ON attendance(workshop_id, participant_id);

CREATE TABLE contribution (
    id                    BLOB PRIMARY KEY NOT NULL,
    workshop_id           BLOB NOT NULL REFERENCES workshop(id) DEFERRABLE INITIALLY DEFERRED,
    text                  TEXT NOT NULL,
    text_stamp            BLOB NOT NULL,
    category_id           BLOB REFERENCES category(id) DEFERRABLE INITIALLY DEFERRED,
    category_id_stamp     BLOB NOT NULL,
    phase_id              BLOB REFERENCES phase(id) DEFERRABLE INITIALLY DEFERRED,
    phase_id_stamp        BLOB NOT NULL,
    participant_id        BLOB REFERENCES participant(id) DEFERRABLE INITIALLY DEFERRED,
    participant_id_stamp  BLOB NOT NULL,
    structure_type        TEXT,
    structure_type_stamp  BLOB NOT NULL,
    duplicate_of          BLOB REFERENCES contribution(id) DEFERRABLE INITIALLY DEFERRED,
    duplicate_of_stamp    BLOB NOT NULL,
    deleted               INTEGER NOT NULL DEFAULT 0,
    deleted_stamp         BLOB NOT NULL
) STRICT;
CREATE INDEX contribution_by_workshop ON contribution(workshop_id);

CREATE TABLE contribution_stake (
    id              BLOB PRIMARY KEY NOT NULL,
    contribution_id BLOB NOT NULL REFERENCES contribution(id) DEFERRABLE INITIALLY DEFERRED,
    stake_id        BLOB NOT NULL REFERENCES stake(id) DEFERRABLE INITIALLY DEFERRED,
    added_stamp     BLOB NOT NULL,
    removed_stamp   BLOB
) STRICT;
CREATE INDEX contribution_stake_by_contribution ON contribution_stake(contribution_id, stake_id);

CREATE TABLE cluster (
    id             BLOB PRIMARY KEY NOT NULL,
    workshop_id    BLOB NOT NULL REFERENCES workshop(id) DEFERRABLE INITIALLY DEFERRED,
    name           TEXT NOT NULL,
    name_stamp     BLOB NOT NULL,
    position       INTEGER NOT NULL,
    position_stamp BLOB NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0,
    deleted_stamp  BLOB NOT NULL
) STRICT;
CREATE INDEX cluster_by_workshop ON cluster(workshop_id);

CREATE TABLE cluster_member (
    id              BLOB PRIMARY KEY NOT NULL,
    cluster_id      BLOB NOT NULL REFERENCES cluster(id) DEFERRABLE INITIALLY DEFERRED,
    contribution_id BLOB NOT NULL REFERENCES contribution(id) DEFERRABLE INITIALLY DEFERRED,
    added_stamp     BLOB NOT NULL,
    removed_stamp   BLOB
) STRICT;
CREATE INDEX cluster_member_by_cluster ON cluster_member(cluster_id, contribution_id);

-- Dot votes: one row per entry (a participant's dots on an item, or a tally counted on the
-- wall when participant_id is NULL), as an add-wins set owned by the workshop.
CREATE TABLE vote (
    id              BLOB PRIMARY KEY NOT NULL,
    workshop_id     BLOB NOT NULL REFERENCES workshop(id) DEFERRABLE INITIALLY DEFERRED,
    contribution_id BLOB REFERENCES contribution(id) DEFERRABLE INITIALLY DEFERRED,
    cluster_id      BLOB REFERENCES cluster(id) DEFERRABLE INITIALLY DEFERRED,
    participant_id  BLOB REFERENCES participant(id) DEFERRABLE INITIALLY DEFERRED,
    dots            INTEGER NOT NULL CHECK (dots >= 0),
    added_stamp     BLOB NOT NULL,
    removed_stamp   BLOB
) STRICT;
CREATE INDEX vote_by_workshop ON vote(workshop_id);

CREATE TABLE initiative (
    id                   BLOB PRIMARY KEY NOT NULL,
    diagnostic_id        BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    name                 TEXT NOT NULL,
    name_stamp           BLOB NOT NULL,
    legal_form           TEXT NOT NULL,
    legal_form_stamp     BLOB NOT NULL,
    sector               TEXT NOT NULL,
    sector_stamp         BLOB NOT NULL,
    commune              TEXT NOT NULL,
    commune_stamp        BLOB NOT NULL,
    territory_id         BLOB REFERENCES territory(id) DEFERRABLE INITIALLY DEFERRED,
    territory_id_stamp   BLOB NOT NULL,
    jobs                 INTEGER,
    jobs_stamp           BLOB NOT NULL,
    contact              TEXT,
    contact_stamp        BLOB NOT NULL,
    description          TEXT NOT NULL,
    description_stamp    BLOB NOT NULL,
    merged_into          BLOB REFERENCES initiative(id) DEFERRABLE INITIALLY DEFERRED,
    merged_into_stamp    BLOB NOT NULL,
    deleted              INTEGER NOT NULL DEFAULT 0,
    deleted_stamp        BLOB NOT NULL,
    erased_stamp         BLOB
) STRICT;
CREATE INDEX initiative_by_diagnostic ON initiative(diagnostic_id);

CREATE TABLE initiative_source (
    id              BLOB PRIMARY KEY NOT NULL,
    initiative_id   BLOB NOT NULL REFERENCES initiative(id) DEFERRABLE INITIALLY DEFERRED,
    contribution_id BLOB REFERENCES contribution(id) DEFERRABLE INITIALLY DEFERRED,
    workshop_id     BLOB REFERENCES workshop(id) DEFERRABLE INITIALLY DEFERRED,
    added_stamp     BLOB NOT NULL,
    removed_stamp   BLOB
) STRICT;
CREATE INDEX initiative_source_by_initiative ON initiative_source(initiative_id);

CREATE TABLE recommendation (
    id             BLOB PRIMARY KEY NOT NULL,
    diagnostic_id  BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    title          TEXT NOT NULL,
    title_stamp    BLOB NOT NULL,
    body           TEXT NOT NULL,
    body_stamp     BLOB NOT NULL,
    audience       TEXT NOT NULL,
    audience_stamp BLOB NOT NULL,
    status         TEXT NOT NULL,
    status_stamp   BLOB NOT NULL,
    position       INTEGER NOT NULL,
    position_stamp BLOB NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0,
    deleted_stamp  BLOB NOT NULL
) STRICT;
CREATE INDEX recommendation_by_diagnostic ON recommendation(diagnostic_id);

CREATE TABLE recommendation_stake (
    id                BLOB PRIMARY KEY NOT NULL,
    recommendation_id BLOB NOT NULL REFERENCES recommendation(id) DEFERRABLE INITIALLY DEFERRED,
    stake_id          BLOB NOT NULL REFERENCES stake(id) DEFERRABLE INITIALLY DEFERRED,
    added_stamp       BLOB NOT NULL,
    removed_stamp     BLOB
) STRICT;
CREATE INDEX recommendation_stake_by_recommendation ON recommendation_stake(recommendation_id);

CREATE TABLE recommendation_source (
    id                BLOB PRIMARY KEY NOT NULL,
    recommendation_id BLOB NOT NULL REFERENCES recommendation(id) DEFERRABLE INITIALLY DEFERRED,
    contribution_id   BLOB NOT NULL REFERENCES contribution(id) DEFERRABLE INITIALLY DEFERRED,
    added_stamp       BLOB NOT NULL,
    removed_stamp     BLOB
) STRICT;
CREATE INDEX recommendation_source_by_recommendation ON recommendation_source(recommendation_id);

-- Every version of a field that another write replaced (locally or in a merge), so that
-- the set of versions is a grow-only union and conflicts come out the same whatever the
-- merge order. A version is an open conflict while the field's current write did not
-- replace a version at least as recent as it (its author had not seen it) and holds another
-- value. Deciding is an ordinary write of the field, which closes every version it saw.
-- Tombstones (`deleted`) have no versions here; an erasure deletes the personal fields' rows.
CREATE TABLE field_version (
    table_name TEXT NOT NULL,
    record_id  BLOB NOT NULL,
    field      TEXT NOT NULL,
    stamp      BLOB NOT NULL,
    value      ANY,
    PRIMARY KEY (table_name, record_id, field, stamp)
) STRICT, WITHOUT ROWID;
