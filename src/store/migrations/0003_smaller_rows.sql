-- Récolte schema, version 3: smaller rows, the same content.
--
-- * A record's first write stamps every field with one stamp: it is now kept once, in
--   `created_stamp`. A field's `<field>_edit_stamp` holds a stamp only when it differs from
--   that one (NULL until the field is written again), and `<field>_stamp`, a virtual column
--   computing the field's stamp from the two, is what every reader and the merge compare.
--   Most fields are never edited, so most stamps cost one byte instead of 33.
-- * A set entry is identified by its owner and its `added_stamp`: a stamp belongs to one
--   write (HLC, device), so the tag id and its index are gone, and the entries are stored
--   clustered by owner (WITHOUT ROWID), the way every reader looks them up (cluster members
--   by contribution: the board reads them from the workshop's contributions). Two entries
--   never share a stamp; should a file hold such twins, the one with the latest removal stays.
-- * Every table is rebuilt with the same rows; records keep their rowids, which the local
--   search index refers to. The old table is renamed first without touching the references
--   of other tables (legacy_alter_table), so they refer to the new table once it is created.
-- Conventions of version 1 otherwise hold.

PRAGMA legacy_alter_table = ON;

-- diagnostic
ALTER TABLE diagnostic RENAME TO old_diagnostic;
CREATE TABLE diagnostic (
    id                        BLOB PRIMARY KEY NOT NULL,
    created_stamp             BLOB NOT NULL,
    title                     TEXT NOT NULL,
    title_edit_stamp          BLOB,
    title_stamp               BLOB GENERATED ALWAYS AS (coalesce(title_edit_stamp, created_stamp)) VIRTUAL,
    description               TEXT NOT NULL,
    description_edit_stamp    BLOB,
    description_stamp         BLOB GENERATED ALWAYS AS (coalesce(description_edit_stamp, created_stamp)) VIRTUAL,
    period_start              TEXT,
    period_start_edit_stamp   BLOB,
    period_start_stamp        BLOB GENERATED ALWAYS AS (coalesce(period_start_edit_stamp, created_stamp)) VIRTUAL,
    period_end                TEXT,
    period_end_edit_stamp     BLOB,
    period_end_stamp          BLOB GENERATED ALWAYS AS (coalesce(period_end_edit_stamp, created_stamp)) VIRTUAL,
    is_demo                   INTEGER NOT NULL,
    is_demo_edit_stamp        BLOB,
    is_demo_stamp             BLOB GENERATED ALWAYS AS (coalesce(is_demo_edit_stamp, created_stamp)) VIRTUAL,
    deleted                   INTEGER NOT NULL DEFAULT 0,
    deleted_edit_stamp        BLOB,
    deleted_stamp             BLOB GENERATED ALWAYS AS (coalesce(deleted_edit_stamp, created_stamp)) VIRTUAL
) STRICT;
INSERT INTO diagnostic (rowid, id, created_stamp, title, title_edit_stamp, description, description_edit_stamp, period_start, period_start_edit_stamp, period_end, period_end_edit_stamp, is_demo, is_demo_edit_stamp, deleted, deleted_edit_stamp)
    SELECT rowid, id, c, title, nullif(title_stamp, c), description, nullif(description_stamp, c), period_start, nullif(period_start_stamp, c), period_end, nullif(period_end_stamp, c), is_demo, nullif(is_demo_stamp, c), deleted, nullif(deleted_stamp, c)
      FROM (SELECT *, rowid, coalesce(iif(substr(deleted_stamp, 25) = zeroblob(8), deleted_stamp, NULL), iif(substr(title_stamp, 25) = zeroblob(8), title_stamp, NULL), iif(substr(description_stamp, 25) = zeroblob(8), description_stamp, NULL), iif(substr(period_start_stamp, 25) = zeroblob(8), period_start_stamp, NULL), iif(substr(period_end_stamp, 25) = zeroblob(8), period_end_stamp, NULL), iif(substr(is_demo_stamp, 25) = zeroblob(8), is_demo_stamp, NULL), deleted_stamp) AS c FROM old_diagnostic);
DROP TABLE old_diagnostic;

-- stake
ALTER TABLE stake RENAME TO old_stake;
CREATE TABLE stake (
    id                    BLOB PRIMARY KEY NOT NULL,
    diagnostic_id         BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    created_stamp         BLOB NOT NULL,
    label                 TEXT NOT NULL,
    label_edit_stamp      BLOB,
    label_stamp           BLOB GENERATED ALWAYS AS (coalesce(label_edit_stamp, created_stamp)) VIRTUAL,
    position              INTEGER NOT NULL,
    position_edit_stamp   BLOB,
    position_stamp        BLOB GENERATED ALWAYS AS (coalesce(position_edit_stamp, created_stamp)) VIRTUAL,
    deleted               INTEGER NOT NULL DEFAULT 0,
    deleted_edit_stamp    BLOB,
    deleted_stamp         BLOB GENERATED ALWAYS AS (coalesce(deleted_edit_stamp, created_stamp)) VIRTUAL
) STRICT;
INSERT INTO stake (rowid, id, diagnostic_id, created_stamp, label, label_edit_stamp, position, position_edit_stamp, deleted, deleted_edit_stamp)
    SELECT rowid, id, diagnostic_id, c, label, nullif(label_stamp, c), position, nullif(position_stamp, c), deleted, nullif(deleted_stamp, c)
      FROM (SELECT *, rowid, coalesce(iif(substr(deleted_stamp, 25) = zeroblob(8), deleted_stamp, NULL), iif(substr(label_stamp, 25) = zeroblob(8), label_stamp, NULL), iif(substr(position_stamp, 25) = zeroblob(8), position_stamp, NULL), deleted_stamp) AS c FROM old_stake);
DROP TABLE old_stake;
CREATE INDEX stake_by_diagnostic ON stake(diagnostic_id);

-- territory
ALTER TABLE territory RENAME TO old_territory;
CREATE TABLE territory (
    id                    BLOB PRIMARY KEY NOT NULL,
    diagnostic_id         BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    created_stamp         BLOB NOT NULL,
    name                  TEXT NOT NULL,
    name_edit_stamp       BLOB,
    name_stamp            BLOB GENERATED ALWAYS AS (coalesce(name_edit_stamp, created_stamp)) VIRTUAL,
    communes              TEXT NOT NULL,
    communes_edit_stamp   BLOB,
    communes_stamp        BLOB GENERATED ALWAYS AS (coalesce(communes_edit_stamp, created_stamp)) VIRTUAL,
    position              INTEGER NOT NULL,
    position_edit_stamp   BLOB,
    position_stamp        BLOB GENERATED ALWAYS AS (coalesce(position_edit_stamp, created_stamp)) VIRTUAL,
    deleted               INTEGER NOT NULL DEFAULT 0,
    deleted_edit_stamp    BLOB,
    deleted_stamp         BLOB GENERATED ALWAYS AS (coalesce(deleted_edit_stamp, created_stamp)) VIRTUAL
) STRICT;
INSERT INTO territory (rowid, id, diagnostic_id, created_stamp, name, name_edit_stamp, communes, communes_edit_stamp, position, position_edit_stamp, deleted, deleted_edit_stamp)
    SELECT rowid, id, diagnostic_id, c, name, nullif(name_stamp, c), communes, nullif(communes_stamp, c), position, nullif(position_stamp, c), deleted, nullif(deleted_stamp, c)
      FROM (SELECT *, rowid, coalesce(iif(substr(deleted_stamp, 25) = zeroblob(8), deleted_stamp, NULL), iif(substr(name_stamp, 25) = zeroblob(8), name_stamp, NULL), iif(substr(communes_stamp, 25) = zeroblob(8), communes_stamp, NULL), iif(substr(position_stamp, 25) = zeroblob(8), position_stamp, NULL), deleted_stamp) AS c FROM old_territory);
DROP TABLE old_territory;
CREATE INDEX territory_by_diagnostic ON territory(diagnostic_id);

-- theme
ALTER TABLE theme RENAME TO old_theme;
CREATE TABLE theme (
    id                    BLOB PRIMARY KEY NOT NULL,
    diagnostic_id         BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    created_stamp         BLOB NOT NULL,
    name                  TEXT NOT NULL,
    name_edit_stamp       BLOB,
    name_stamp            BLOB GENERATED ALWAYS AS (coalesce(name_edit_stamp, created_stamp)) VIRTUAL,
    position              INTEGER NOT NULL,
    position_edit_stamp   BLOB,
    position_stamp        BLOB GENERATED ALWAYS AS (coalesce(position_edit_stamp, created_stamp)) VIRTUAL,
    deleted               INTEGER NOT NULL DEFAULT 0,
    deleted_edit_stamp    BLOB,
    deleted_stamp         BLOB GENERATED ALWAYS AS (coalesce(deleted_edit_stamp, created_stamp)) VIRTUAL
) STRICT;
INSERT INTO theme (rowid, id, diagnostic_id, created_stamp, name, name_edit_stamp, position, position_edit_stamp, deleted, deleted_edit_stamp)
    SELECT rowid, id, diagnostic_id, c, name, nullif(name_stamp, c), position, nullif(position_stamp, c), deleted, nullif(deleted_stamp, c)
      FROM (SELECT *, rowid, coalesce(iif(substr(deleted_stamp, 25) = zeroblob(8), deleted_stamp, NULL), iif(substr(name_stamp, 25) = zeroblob(8), name_stamp, NULL), iif(substr(position_stamp, 25) = zeroblob(8), position_stamp, NULL), deleted_stamp) AS c FROM old_theme);
DROP TABLE old_theme;
CREATE INDEX theme_by_diagnostic ON theme(diagnostic_id);

-- category
ALTER TABLE category RENAME TO old_category;
CREATE TABLE category (
    id                    BLOB PRIMARY KEY NOT NULL,
    diagnostic_id         BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    created_stamp         BLOB NOT NULL,
    code                  TEXT NOT NULL,
    code_edit_stamp       BLOB,
    code_stamp            BLOB GENERATED ALWAYS AS (coalesce(code_edit_stamp, created_stamp)) VIRTUAL,
    label                 TEXT NOT NULL,
    label_edit_stamp      BLOB,
    label_stamp           BLOB GENERATED ALWAYS AS (coalesce(label_edit_stamp, created_stamp)) VIRTUAL,
    shortcut              TEXT NOT NULL,
    shortcut_edit_stamp   BLOB,
    shortcut_stamp        BLOB GENERATED ALWAYS AS (coalesce(shortcut_edit_stamp, created_stamp)) VIRTUAL,
    position              INTEGER NOT NULL,
    position_edit_stamp   BLOB,
    position_stamp        BLOB GENERATED ALWAYS AS (coalesce(position_edit_stamp, created_stamp)) VIRTUAL,
    deleted               INTEGER NOT NULL DEFAULT 0,
    deleted_edit_stamp    BLOB,
    deleted_stamp         BLOB GENERATED ALWAYS AS (coalesce(deleted_edit_stamp, created_stamp)) VIRTUAL
) STRICT;
INSERT INTO category (rowid, id, diagnostic_id, created_stamp, code, code_edit_stamp, label, label_edit_stamp, shortcut, shortcut_edit_stamp, position, position_edit_stamp, deleted, deleted_edit_stamp)
    SELECT rowid, id, diagnostic_id, c, code, nullif(code_stamp, c), label, nullif(label_stamp, c), shortcut, nullif(shortcut_stamp, c), position, nullif(position_stamp, c), deleted, nullif(deleted_stamp, c)
      FROM (SELECT *, rowid, coalesce(iif(substr(deleted_stamp, 25) = zeroblob(8), deleted_stamp, NULL), iif(substr(code_stamp, 25) = zeroblob(8), code_stamp, NULL), iif(substr(label_stamp, 25) = zeroblob(8), label_stamp, NULL), iif(substr(shortcut_stamp, 25) = zeroblob(8), shortcut_stamp, NULL), iif(substr(position_stamp, 25) = zeroblob(8), position_stamp, NULL), deleted_stamp) AS c FROM old_category);
DROP TABLE old_category;
CREATE INDEX category_by_diagnostic ON category(diagnostic_id);

-- workshop
ALTER TABLE workshop RENAME TO old_workshop;
CREATE TABLE workshop (
    id                        BLOB PRIMARY KEY NOT NULL,
    diagnostic_id             BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    created_stamp             BLOB NOT NULL,
    kind                      TEXT NOT NULL CHECK (kind IN ('territorial', 'thematic')),
    kind_edit_stamp           BLOB,
    kind_stamp                BLOB GENERATED ALWAYS AS (coalesce(kind_edit_stamp, created_stamp)) VIRTUAL,
    territory_id              BLOB REFERENCES territory(id) DEFERRABLE INITIALLY DEFERRED,
    territory_id_edit_stamp   BLOB,
    territory_id_stamp        BLOB GENERATED ALWAYS AS (coalesce(territory_id_edit_stamp, created_stamp)) VIRTUAL,
    theme_id                  BLOB REFERENCES theme(id) DEFERRABLE INITIALLY DEFERRED,
    theme_id_edit_stamp       BLOB,
    theme_id_stamp            BLOB GENERATED ALWAYS AS (coalesce(theme_id_edit_stamp, created_stamp)) VIRTUAL,
    title                     TEXT NOT NULL,
    title_edit_stamp          BLOB,
    title_stamp               BLOB GENERATED ALWAYS AS (coalesce(title_edit_stamp, created_stamp)) VIRTUAL,
    starts_at                 TEXT,
    starts_at_edit_stamp      BLOB,
    starts_at_stamp           BLOB GENERATED ALWAYS AS (coalesce(starts_at_edit_stamp, created_stamp)) VIRTUAL,
    ends_at                   TEXT,
    ends_at_edit_stamp        BLOB,
    ends_at_stamp             BLOB GENERATED ALWAYS AS (coalesce(ends_at_edit_stamp, created_stamp)) VIRTUAL,
    place                     TEXT NOT NULL,
    place_edit_stamp          BLOB,
    place_stamp               BLOB GENERATED ALWAYS AS (coalesce(place_edit_stamp, created_stamp)) VIRTUAL,
    facilitators              TEXT NOT NULL,
    facilitators_edit_stamp   BLOB,
    facilitators_stamp        BLOB GENERATED ALWAYS AS (coalesce(facilitators_edit_stamp, created_stamp)) VIRTUAL,
    token_budget              INTEGER NOT NULL,
    token_budget_edit_stamp   BLOB,
    token_budget_stamp        BLOB GENERATED ALWAYS AS (coalesce(token_budget_edit_stamp, created_stamp)) VIRTUAL,
    deleted                   INTEGER NOT NULL DEFAULT 0,
    deleted_edit_stamp        BLOB,
    deleted_stamp             BLOB GENERATED ALWAYS AS (coalesce(deleted_edit_stamp, created_stamp)) VIRTUAL
) STRICT;
INSERT INTO workshop (rowid, id, diagnostic_id, created_stamp, kind, kind_edit_stamp, territory_id, territory_id_edit_stamp, theme_id, theme_id_edit_stamp, title, title_edit_stamp, starts_at, starts_at_edit_stamp, ends_at, ends_at_edit_stamp, place, place_edit_stamp, facilitators, facilitators_edit_stamp, token_budget, token_budget_edit_stamp, deleted, deleted_edit_stamp)
    SELECT rowid, id, diagnostic_id, c, kind, nullif(kind_stamp, c), territory_id, nullif(territory_id_stamp, c), theme_id, nullif(theme_id_stamp, c), title, nullif(title_stamp, c), starts_at, nullif(starts_at_stamp, c), ends_at, nullif(ends_at_stamp, c), place, nullif(place_stamp, c), facilitators, nullif(facilitators_stamp, c), token_budget, nullif(token_budget_stamp, c), deleted, nullif(deleted_stamp, c)
      FROM (SELECT *, rowid, coalesce(iif(substr(deleted_stamp, 25) = zeroblob(8), deleted_stamp, NULL), iif(substr(kind_stamp, 25) = zeroblob(8), kind_stamp, NULL), iif(substr(territory_id_stamp, 25) = zeroblob(8), territory_id_stamp, NULL), iif(substr(theme_id_stamp, 25) = zeroblob(8), theme_id_stamp, NULL), iif(substr(title_stamp, 25) = zeroblob(8), title_stamp, NULL), iif(substr(starts_at_stamp, 25) = zeroblob(8), starts_at_stamp, NULL), iif(substr(ends_at_stamp, 25) = zeroblob(8), ends_at_stamp, NULL), iif(substr(place_stamp, 25) = zeroblob(8), place_stamp, NULL), iif(substr(facilitators_stamp, 25) = zeroblob(8), facilitators_stamp, NULL), iif(substr(token_budget_stamp, 25) = zeroblob(8), token_budget_stamp, NULL), deleted_stamp) AS c FROM old_workshop);
DROP TABLE old_workshop;
CREATE INDEX workshop_by_diagnostic ON workshop(diagnostic_id);

-- phase
ALTER TABLE phase RENAME TO old_phase;
CREATE TABLE phase (
    id                        BLOB PRIMARY KEY NOT NULL,
    workshop_id               BLOB NOT NULL REFERENCES workshop(id) DEFERRABLE INITIALLY DEFERRED,
    created_stamp             BLOB NOT NULL,
    title                     TEXT NOT NULL,
    title_edit_stamp          BLOB,
    title_stamp               BLOB GENERATED ALWAYS AS (coalesce(title_edit_stamp, created_stamp)) VIRTUAL,
    question                  TEXT NOT NULL,
    question_edit_stamp       BLOB,
    question_stamp            BLOB GENERATED ALWAYS AS (coalesce(question_edit_stamp, created_stamp)) VIRTUAL,
    duration_min              INTEGER NOT NULL,
    duration_min_edit_stamp   BLOB,
    duration_min_stamp        BLOB GENERATED ALWAYS AS (coalesce(duration_min_edit_stamp, created_stamp)) VIRTUAL,
    position                  INTEGER NOT NULL,
    position_edit_stamp       BLOB,
    position_stamp            BLOB GENERATED ALWAYS AS (coalesce(position_edit_stamp, created_stamp)) VIRTUAL,
    deleted                   INTEGER NOT NULL DEFAULT 0,
    deleted_edit_stamp        BLOB,
    deleted_stamp             BLOB GENERATED ALWAYS AS (coalesce(deleted_edit_stamp, created_stamp)) VIRTUAL
) STRICT;
INSERT INTO phase (rowid, id, workshop_id, created_stamp, title, title_edit_stamp, question, question_edit_stamp, duration_min, duration_min_edit_stamp, position, position_edit_stamp, deleted, deleted_edit_stamp)
    SELECT rowid, id, workshop_id, c, title, nullif(title_stamp, c), question, nullif(question_stamp, c), duration_min, nullif(duration_min_stamp, c), position, nullif(position_stamp, c), deleted, nullif(deleted_stamp, c)
      FROM (SELECT *, rowid, coalesce(iif(substr(deleted_stamp, 25) = zeroblob(8), deleted_stamp, NULL), iif(substr(title_stamp, 25) = zeroblob(8), title_stamp, NULL), iif(substr(question_stamp, 25) = zeroblob(8), question_stamp, NULL), iif(substr(duration_min_stamp, 25) = zeroblob(8), duration_min_stamp, NULL), iif(substr(position_stamp, 25) = zeroblob(8), position_stamp, NULL), deleted_stamp) AS c FROM old_phase);
DROP TABLE old_phase;
CREATE INDEX phase_by_workshop ON phase(workshop_id);

-- organisation
ALTER TABLE organisation RENAME TO old_organisation;
CREATE TABLE organisation (
    id                          BLOB PRIMARY KEY NOT NULL,
    diagnostic_id               BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    created_stamp               BLOB NOT NULL,
    name                        TEXT NOT NULL,
    name_edit_stamp             BLOB,
    name_stamp                  BLOB GENERATED ALWAYS AS (coalesce(name_edit_stamp, created_stamp)) VIRTUAL,
    structure_type              TEXT NOT NULL,
    structure_type_edit_stamp   BLOB,
    structure_type_stamp        BLOB GENERATED ALWAYS AS (coalesce(structure_type_edit_stamp, created_stamp)) VIRTUAL,
    deleted                     INTEGER NOT NULL DEFAULT 0,
    deleted_edit_stamp          BLOB,
    deleted_stamp               BLOB GENERATED ALWAYS AS (coalesce(deleted_edit_stamp, created_stamp)) VIRTUAL
) STRICT;
INSERT INTO organisation (rowid, id, diagnostic_id, created_stamp, name, name_edit_stamp, structure_type, structure_type_edit_stamp, deleted, deleted_edit_stamp)
    SELECT rowid, id, diagnostic_id, c, name, nullif(name_stamp, c), structure_type, nullif(structure_type_stamp, c), deleted, nullif(deleted_stamp, c)
      FROM (SELECT *, rowid, coalesce(iif(substr(deleted_stamp, 25) = zeroblob(8), deleted_stamp, NULL), iif(substr(name_stamp, 25) = zeroblob(8), name_stamp, NULL), iif(substr(structure_type_stamp, 25) = zeroblob(8), structure_type_stamp, NULL), deleted_stamp) AS c FROM old_organisation);
DROP TABLE old_organisation;
CREATE INDEX organisation_by_diagnostic ON organisation(diagnostic_id);

-- participant
ALTER TABLE participant RENAME TO old_participant;
CREATE TABLE participant (
    id                           BLOB PRIMARY KEY NOT NULL,
    diagnostic_id                BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    created_stamp                BLOB NOT NULL,
    name                         TEXT,
    name_edit_stamp              BLOB,
    name_stamp                   BLOB GENERATED ALWAYS AS (coalesce(name_edit_stamp, created_stamp)) VIRTUAL,
    organisation_id              BLOB REFERENCES organisation(id) DEFERRABLE INITIALLY DEFERRED,
    organisation_id_edit_stamp   BLOB,
    organisation_id_stamp        BLOB GENERATED ALWAYS AS (coalesce(organisation_id_edit_stamp, created_stamp)) VIRTUAL,
    structure_type               TEXT NOT NULL,
    structure_type_edit_stamp    BLOB,
    structure_type_stamp         BLOB GENERATED ALWAYS AS (coalesce(structure_type_edit_stamp, created_stamp)) VIRTUAL,
    role                         TEXT NOT NULL,
    role_edit_stamp              BLOB,
    role_stamp                   BLOB GENERATED ALWAYS AS (coalesce(role_edit_stamp, created_stamp)) VIRTUAL,
    email                        TEXT,
    email_edit_stamp             BLOB,
    email_stamp                  BLOB GENERATED ALWAYS AS (coalesce(email_edit_stamp, created_stamp)) VIRTUAL,
    consent_named                INTEGER NOT NULL,
    consent_named_edit_stamp     BLOB,
    consent_named_stamp          BLOB GENERATED ALWAYS AS (coalesce(consent_named_edit_stamp, created_stamp)) VIRTUAL,
    deleted                      INTEGER NOT NULL DEFAULT 0,
    deleted_edit_stamp           BLOB,
    deleted_stamp                BLOB GENERATED ALWAYS AS (coalesce(deleted_edit_stamp, created_stamp)) VIRTUAL,
    erased_stamp                 BLOB
) STRICT;
INSERT INTO participant (rowid, id, diagnostic_id, created_stamp, name, name_edit_stamp, organisation_id, organisation_id_edit_stamp, structure_type, structure_type_edit_stamp, role, role_edit_stamp, email, email_edit_stamp, consent_named, consent_named_edit_stamp, deleted, deleted_edit_stamp, erased_stamp)
    SELECT rowid, id, diagnostic_id, c, name, nullif(name_stamp, c), organisation_id, nullif(organisation_id_stamp, c), structure_type, nullif(structure_type_stamp, c), role, nullif(role_stamp, c), email, nullif(email_stamp, c), consent_named, nullif(consent_named_stamp, c), deleted, nullif(deleted_stamp, c), erased_stamp
      FROM (SELECT *, rowid, coalesce(iif(substr(deleted_stamp, 25) = zeroblob(8), deleted_stamp, NULL), iif(substr(organisation_id_stamp, 25) = zeroblob(8), organisation_id_stamp, NULL), iif(substr(structure_type_stamp, 25) = zeroblob(8), structure_type_stamp, NULL), iif(substr(role_stamp, 25) = zeroblob(8), role_stamp, NULL), iif(substr(consent_named_stamp, 25) = zeroblob(8), consent_named_stamp, NULL), iif(substr(name_stamp, 25) = zeroblob(8), name_stamp, NULL), iif(substr(email_stamp, 25) = zeroblob(8), email_stamp, NULL), deleted_stamp) AS c FROM old_participant);
DROP TABLE old_participant;
CREATE INDEX participant_by_diagnostic ON participant(diagnostic_id);

-- contribution
ALTER TABLE contribution RENAME TO old_contribution;
CREATE TABLE contribution (
    id                          BLOB PRIMARY KEY NOT NULL,
    workshop_id                 BLOB NOT NULL REFERENCES workshop(id) DEFERRABLE INITIALLY DEFERRED,
    created_stamp               BLOB NOT NULL,
    text                        TEXT NOT NULL,
    text_edit_stamp             BLOB,
    text_stamp                  BLOB GENERATED ALWAYS AS (coalesce(text_edit_stamp, created_stamp)) VIRTUAL,
    category_id                 BLOB REFERENCES category(id) DEFERRABLE INITIALLY DEFERRED,
    category_id_edit_stamp      BLOB,
    category_id_stamp           BLOB GENERATED ALWAYS AS (coalesce(category_id_edit_stamp, created_stamp)) VIRTUAL,
    phase_id                    BLOB REFERENCES phase(id) DEFERRABLE INITIALLY DEFERRED,
    phase_id_edit_stamp         BLOB,
    phase_id_stamp              BLOB GENERATED ALWAYS AS (coalesce(phase_id_edit_stamp, created_stamp)) VIRTUAL,
    participant_id              BLOB REFERENCES participant(id) DEFERRABLE INITIALLY DEFERRED,
    participant_id_edit_stamp   BLOB,
    participant_id_stamp        BLOB GENERATED ALWAYS AS (coalesce(participant_id_edit_stamp, created_stamp)) VIRTUAL,
    structure_type              TEXT,
    structure_type_edit_stamp   BLOB,
    structure_type_stamp        BLOB GENERATED ALWAYS AS (coalesce(structure_type_edit_stamp, created_stamp)) VIRTUAL,
    duplicate_of                BLOB REFERENCES contribution(id) DEFERRABLE INITIALLY DEFERRED,
    duplicate_of_edit_stamp     BLOB,
    duplicate_of_stamp          BLOB GENERATED ALWAYS AS (coalesce(duplicate_of_edit_stamp, created_stamp)) VIRTUAL,
    deleted                     INTEGER NOT NULL DEFAULT 0,
    deleted_edit_stamp          BLOB,
    deleted_stamp               BLOB GENERATED ALWAYS AS (coalesce(deleted_edit_stamp, created_stamp)) VIRTUAL
) STRICT;
INSERT INTO contribution (rowid, id, workshop_id, created_stamp, text, text_edit_stamp, category_id, category_id_edit_stamp, phase_id, phase_id_edit_stamp, participant_id, participant_id_edit_stamp, structure_type, structure_type_edit_stamp, duplicate_of, duplicate_of_edit_stamp, deleted, deleted_edit_stamp)
    SELECT rowid, id, workshop_id, c, text, nullif(text_stamp, c), category_id, nullif(category_id_stamp, c), phase_id, nullif(phase_id_stamp, c), participant_id, nullif(participant_id_stamp, c), structure_type, nullif(structure_type_stamp, c), duplicate_of, nullif(duplicate_of_stamp, c), deleted, nullif(deleted_stamp, c)
      FROM (SELECT *, rowid, coalesce(iif(substr(deleted_stamp, 25) = zeroblob(8), deleted_stamp, NULL), iif(substr(text_stamp, 25) = zeroblob(8), text_stamp, NULL), iif(substr(category_id_stamp, 25) = zeroblob(8), category_id_stamp, NULL), iif(substr(phase_id_stamp, 25) = zeroblob(8), phase_id_stamp, NULL), iif(substr(participant_id_stamp, 25) = zeroblob(8), participant_id_stamp, NULL), iif(substr(structure_type_stamp, 25) = zeroblob(8), structure_type_stamp, NULL), iif(substr(duplicate_of_stamp, 25) = zeroblob(8), duplicate_of_stamp, NULL), deleted_stamp) AS c FROM old_contribution);
DROP TABLE old_contribution;
CREATE INDEX contribution_by_workshop ON contribution(workshop_id);

-- cluster
ALTER TABLE cluster RENAME TO old_cluster;
CREATE TABLE cluster (
    id                    BLOB PRIMARY KEY NOT NULL,
    workshop_id           BLOB NOT NULL REFERENCES workshop(id) DEFERRABLE INITIALLY DEFERRED,
    created_stamp         BLOB NOT NULL,
    name                  TEXT NOT NULL,
    name_edit_stamp       BLOB,
    name_stamp            BLOB GENERATED ALWAYS AS (coalesce(name_edit_stamp, created_stamp)) VIRTUAL,
    position              INTEGER NOT NULL,
    position_edit_stamp   BLOB,
    position_stamp        BLOB GENERATED ALWAYS AS (coalesce(position_edit_stamp, created_stamp)) VIRTUAL,
    deleted               INTEGER NOT NULL DEFAULT 0,
    deleted_edit_stamp    BLOB,
    deleted_stamp         BLOB GENERATED ALWAYS AS (coalesce(deleted_edit_stamp, created_stamp)) VIRTUAL
) STRICT;
INSERT INTO cluster (rowid, id, workshop_id, created_stamp, name, name_edit_stamp, position, position_edit_stamp, deleted, deleted_edit_stamp)
    SELECT rowid, id, workshop_id, c, name, nullif(name_stamp, c), position, nullif(position_stamp, c), deleted, nullif(deleted_stamp, c)
      FROM (SELECT *, rowid, coalesce(iif(substr(deleted_stamp, 25) = zeroblob(8), deleted_stamp, NULL), iif(substr(name_stamp, 25) = zeroblob(8), name_stamp, NULL), iif(substr(position_stamp, 25) = zeroblob(8), position_stamp, NULL), deleted_stamp) AS c FROM old_cluster);
DROP TABLE old_cluster;
CREATE INDEX cluster_by_workshop ON cluster(workshop_id);

-- initiative
ALTER TABLE initiative RENAME TO old_initiative;
CREATE TABLE initiative (
    id                        BLOB PRIMARY KEY NOT NULL,
    diagnostic_id             BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    created_stamp             BLOB NOT NULL,
    name                      TEXT NOT NULL,
    name_edit_stamp           BLOB,
    name_stamp                BLOB GENERATED ALWAYS AS (coalesce(name_edit_stamp, created_stamp)) VIRTUAL,
    legal_form                TEXT NOT NULL,
    legal_form_edit_stamp     BLOB,
    legal_form_stamp          BLOB GENERATED ALWAYS AS (coalesce(legal_form_edit_stamp, created_stamp)) VIRTUAL,
    sector                    TEXT NOT NULL,
    sector_edit_stamp         BLOB,
    sector_stamp              BLOB GENERATED ALWAYS AS (coalesce(sector_edit_stamp, created_stamp)) VIRTUAL,
    commune                   TEXT NOT NULL,
    commune_edit_stamp        BLOB,
    commune_stamp             BLOB GENERATED ALWAYS AS (coalesce(commune_edit_stamp, created_stamp)) VIRTUAL,
    territory_id              BLOB REFERENCES territory(id) DEFERRABLE INITIALLY DEFERRED,
    territory_id_edit_stamp   BLOB,
    territory_id_stamp        BLOB GENERATED ALWAYS AS (coalesce(territory_id_edit_stamp, created_stamp)) VIRTUAL,
    jobs                      INTEGER,
    jobs_edit_stamp           BLOB,
    jobs_stamp                BLOB GENERATED ALWAYS AS (coalesce(jobs_edit_stamp, created_stamp)) VIRTUAL,
    contact                   TEXT,
    contact_edit_stamp        BLOB,
    contact_stamp             BLOB GENERATED ALWAYS AS (coalesce(contact_edit_stamp, created_stamp)) VIRTUAL,
    description               TEXT NOT NULL,
    description_edit_stamp    BLOB,
    description_stamp         BLOB GENERATED ALWAYS AS (coalesce(description_edit_stamp, created_stamp)) VIRTUAL,
    merged_into               BLOB REFERENCES initiative(id) DEFERRABLE INITIALLY DEFERRED,
    merged_into_edit_stamp    BLOB,
    merged_into_stamp         BLOB GENERATED ALWAYS AS (coalesce(merged_into_edit_stamp, created_stamp)) VIRTUAL,
    deleted                   INTEGER NOT NULL DEFAULT 0,
    deleted_edit_stamp        BLOB,
    deleted_stamp             BLOB GENERATED ALWAYS AS (coalesce(deleted_edit_stamp, created_stamp)) VIRTUAL,
    erased_stamp              BLOB
) STRICT;
INSERT INTO initiative (rowid, id, diagnostic_id, created_stamp, name, name_edit_stamp, legal_form, legal_form_edit_stamp, sector, sector_edit_stamp, commune, commune_edit_stamp, territory_id, territory_id_edit_stamp, jobs, jobs_edit_stamp, contact, contact_edit_stamp, description, description_edit_stamp, merged_into, merged_into_edit_stamp, deleted, deleted_edit_stamp, erased_stamp)
    SELECT rowid, id, diagnostic_id, c, name, nullif(name_stamp, c), legal_form, nullif(legal_form_stamp, c), sector, nullif(sector_stamp, c), commune, nullif(commune_stamp, c), territory_id, nullif(territory_id_stamp, c), jobs, nullif(jobs_stamp, c), contact, nullif(contact_stamp, c), description, nullif(description_stamp, c), merged_into, nullif(merged_into_stamp, c), deleted, nullif(deleted_stamp, c), erased_stamp
      FROM (SELECT *, rowid, coalesce(iif(substr(deleted_stamp, 25) = zeroblob(8), deleted_stamp, NULL), iif(substr(name_stamp, 25) = zeroblob(8), name_stamp, NULL), iif(substr(legal_form_stamp, 25) = zeroblob(8), legal_form_stamp, NULL), iif(substr(sector_stamp, 25) = zeroblob(8), sector_stamp, NULL), iif(substr(commune_stamp, 25) = zeroblob(8), commune_stamp, NULL), iif(substr(territory_id_stamp, 25) = zeroblob(8), territory_id_stamp, NULL), iif(substr(jobs_stamp, 25) = zeroblob(8), jobs_stamp, NULL), iif(substr(description_stamp, 25) = zeroblob(8), description_stamp, NULL), iif(substr(merged_into_stamp, 25) = zeroblob(8), merged_into_stamp, NULL), iif(substr(contact_stamp, 25) = zeroblob(8), contact_stamp, NULL), deleted_stamp) AS c FROM old_initiative);
DROP TABLE old_initiative;
CREATE INDEX initiative_by_diagnostic ON initiative(diagnostic_id);

-- recommendation
ALTER TABLE recommendation RENAME TO old_recommendation;
CREATE TABLE recommendation (
    id                    BLOB PRIMARY KEY NOT NULL,
    diagnostic_id         BLOB NOT NULL REFERENCES diagnostic(id) DEFERRABLE INITIALLY DEFERRED,
    created_stamp         BLOB NOT NULL,
    title                 TEXT NOT NULL,
    title_edit_stamp      BLOB,
    title_stamp           BLOB GENERATED ALWAYS AS (coalesce(title_edit_stamp, created_stamp)) VIRTUAL,
    body                  TEXT NOT NULL,
    body_edit_stamp       BLOB,
    body_stamp            BLOB GENERATED ALWAYS AS (coalesce(body_edit_stamp, created_stamp)) VIRTUAL,
    audience              TEXT NOT NULL,
    audience_edit_stamp   BLOB,
    audience_stamp        BLOB GENERATED ALWAYS AS (coalesce(audience_edit_stamp, created_stamp)) VIRTUAL,
    status                TEXT NOT NULL,
    status_edit_stamp     BLOB,
    status_stamp          BLOB GENERATED ALWAYS AS (coalesce(status_edit_stamp, created_stamp)) VIRTUAL,
    position              INTEGER NOT NULL,
    position_edit_stamp   BLOB,
    position_stamp        BLOB GENERATED ALWAYS AS (coalesce(position_edit_stamp, created_stamp)) VIRTUAL,
    deleted               INTEGER NOT NULL DEFAULT 0,
    deleted_edit_stamp    BLOB,
    deleted_stamp         BLOB GENERATED ALWAYS AS (coalesce(deleted_edit_stamp, created_stamp)) VIRTUAL
) STRICT;
INSERT INTO recommendation (rowid, id, diagnostic_id, created_stamp, title, title_edit_stamp, body, body_edit_stamp, audience, audience_edit_stamp, status, status_edit_stamp, position, position_edit_stamp, deleted, deleted_edit_stamp)
    SELECT rowid, id, diagnostic_id, c, title, nullif(title_stamp, c), body, nullif(body_stamp, c), audience, nullif(audience_stamp, c), status, nullif(status_stamp, c), position, nullif(position_stamp, c), deleted, nullif(deleted_stamp, c)
      FROM (SELECT *, rowid, coalesce(iif(substr(deleted_stamp, 25) = zeroblob(8), deleted_stamp, NULL), iif(substr(title_stamp, 25) = zeroblob(8), title_stamp, NULL), iif(substr(body_stamp, 25) = zeroblob(8), body_stamp, NULL), iif(substr(audience_stamp, 25) = zeroblob(8), audience_stamp, NULL), iif(substr(status_stamp, 25) = zeroblob(8), status_stamp, NULL), iif(substr(position_stamp, 25) = zeroblob(8), position_stamp, NULL), deleted_stamp) AS c FROM old_recommendation);
DROP TABLE old_recommendation;
CREATE INDEX recommendation_by_diagnostic ON recommendation(diagnostic_id);

-- attendance
ALTER TABLE attendance RENAME TO old_attendance;
CREATE TABLE attendance (
    workshop_id    BLOB NOT NULL REFERENCES workshop(id) DEFERRABLE INITIALLY DEFERRED,
    participant_id BLOB NOT NULL REFERENCES participant(id) DEFERRABLE INITIALLY DEFERRED,
    added_stamp    BLOB NOT NULL,
    removed_stamp  BLOB,
    PRIMARY KEY (workshop_id, added_stamp)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO attendance (workshop_id, participant_id, added_stamp, removed_stamp)
    SELECT workshop_id, participant_id, added_stamp, removed_stamp FROM old_attendance ORDER BY workshop_id, added_stamp, removed_stamp DESC;
DROP TABLE old_attendance;

-- contribution_stake
ALTER TABLE contribution_stake RENAME TO old_contribution_stake;
CREATE TABLE contribution_stake (
    contribution_id BLOB NOT NULL REFERENCES contribution(id) DEFERRABLE INITIALLY DEFERRED,
    stake_id        BLOB NOT NULL REFERENCES stake(id) DEFERRABLE INITIALLY DEFERRED,
    added_stamp     BLOB NOT NULL,
    removed_stamp   BLOB,
    PRIMARY KEY (contribution_id, added_stamp)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO contribution_stake (contribution_id, stake_id, added_stamp, removed_stamp)
    SELECT contribution_id, stake_id, added_stamp, removed_stamp FROM old_contribution_stake ORDER BY contribution_id, added_stamp, removed_stamp DESC;
DROP TABLE old_contribution_stake;

-- cluster_member
ALTER TABLE cluster_member RENAME TO old_cluster_member;
CREATE TABLE cluster_member (
    contribution_id BLOB NOT NULL REFERENCES contribution(id) DEFERRABLE INITIALLY DEFERRED,
    cluster_id      BLOB NOT NULL REFERENCES cluster(id) DEFERRABLE INITIALLY DEFERRED,
    added_stamp     BLOB NOT NULL,
    removed_stamp   BLOB,
    PRIMARY KEY (contribution_id, added_stamp)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO cluster_member (contribution_id, cluster_id, added_stamp, removed_stamp)
    SELECT contribution_id, cluster_id, added_stamp, removed_stamp FROM old_cluster_member ORDER BY contribution_id, added_stamp, removed_stamp DESC;
DROP TABLE old_cluster_member;

-- vote
ALTER TABLE vote RENAME TO old_vote;
CREATE TABLE vote (
    workshop_id     BLOB NOT NULL REFERENCES workshop(id) DEFERRABLE INITIALLY DEFERRED,
    contribution_id BLOB REFERENCES contribution(id) DEFERRABLE INITIALLY DEFERRED,
    cluster_id      BLOB REFERENCES cluster(id) DEFERRABLE INITIALLY DEFERRED,
    participant_id  BLOB REFERENCES participant(id) DEFERRABLE INITIALLY DEFERRED,
    dots            INTEGER NOT NULL CHECK (dots >= 0),
    added_stamp     BLOB NOT NULL,
    removed_stamp   BLOB,
    PRIMARY KEY (workshop_id, added_stamp)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO vote (workshop_id, contribution_id, cluster_id, participant_id, dots, added_stamp, removed_stamp)
    SELECT workshop_id, contribution_id, cluster_id, participant_id, dots, added_stamp, removed_stamp FROM old_vote ORDER BY workshop_id, added_stamp, removed_stamp DESC;
DROP TABLE old_vote;

-- initiative_source
ALTER TABLE initiative_source RENAME TO old_initiative_source;
CREATE TABLE initiative_source (
    initiative_id   BLOB NOT NULL REFERENCES initiative(id) DEFERRABLE INITIALLY DEFERRED,
    contribution_id BLOB REFERENCES contribution(id) DEFERRABLE INITIALLY DEFERRED,
    workshop_id     BLOB REFERENCES workshop(id) DEFERRABLE INITIALLY DEFERRED,
    added_stamp     BLOB NOT NULL,
    removed_stamp   BLOB,
    PRIMARY KEY (initiative_id, added_stamp)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO initiative_source (initiative_id, contribution_id, workshop_id, added_stamp, removed_stamp)
    SELECT initiative_id, contribution_id, workshop_id, added_stamp, removed_stamp FROM old_initiative_source ORDER BY initiative_id, added_stamp, removed_stamp DESC;
DROP TABLE old_initiative_source;

-- recommendation_stake
ALTER TABLE recommendation_stake RENAME TO old_recommendation_stake;
CREATE TABLE recommendation_stake (
    recommendation_id BLOB NOT NULL REFERENCES recommendation(id) DEFERRABLE INITIALLY DEFERRED,
    stake_id          BLOB NOT NULL REFERENCES stake(id) DEFERRABLE INITIALLY DEFERRED,
    added_stamp       BLOB NOT NULL,
    removed_stamp     BLOB,
    PRIMARY KEY (recommendation_id, added_stamp)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO recommendation_stake (recommendation_id, stake_id, added_stamp, removed_stamp)
    SELECT recommendation_id, stake_id, added_stamp, removed_stamp FROM old_recommendation_stake ORDER BY recommendation_id, added_stamp, removed_stamp DESC;
DROP TABLE old_recommendation_stake;

-- recommendation_source
ALTER TABLE recommendation_source RENAME TO old_recommendation_source;
CREATE TABLE recommendation_source (
    recommendation_id BLOB NOT NULL REFERENCES recommendation(id) DEFERRABLE INITIALLY DEFERRED,
    contribution_id   BLOB NOT NULL REFERENCES contribution(id) DEFERRABLE INITIALLY DEFERRED,
    added_stamp       BLOB NOT NULL,
    removed_stamp     BLOB,
    PRIMARY KEY (recommendation_id, added_stamp)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO recommendation_source (recommendation_id, contribution_id, added_stamp, removed_stamp)
    SELECT recommendation_id, contribution_id, added_stamp, removed_stamp FROM old_recommendation_source ORDER BY recommendation_id, added_stamp, removed_stamp DESC;
DROP TABLE old_recommendation_source;

PRAGMA legacy_alter_table = OFF;
