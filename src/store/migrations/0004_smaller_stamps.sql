-- Récolte schema, version 4: 8-byte device ids in stamps, votes owned by what they are on.
--
-- * A stamp is the writer's HLC (8 bytes, big-endian) then its device id, now 8 bytes
--   instead of a 16-byte UUID: a set stamp (`added_stamp`, `removed_stamp`, `erased_stamp`)
--   is 16 bytes, a field stamp (`created_stamp`, `<field>_edit_stamp`, `field_version.stamp`)
--   24, the replaced HLC following the write's stamp. A device set up before keeps the first
--   8 bytes of its UUID (`meta` key `local.device_id`, now 16 hexadecimal digits), so every
--   stamp is cut the same way and keeps its order (see src/clock.rs for the collision bound).
-- * A cut field stamp is `CAST(substr(s, 1, 16) || substr(s, 25, 8) AS BLOB)`: `||` yields
--   text, and the cast gives back its bytes as a blob, as STRICT tables require. The zero
--   stamp of an erased personal field becomes the zero stamp of the new length the same way.
-- * Records are updated in place and keep their rowids, which the local search index refers
--   to; an edit stamp that the cut would make equal to the creation stamp becomes NULL, as
--   the convention of version 3 wants. Set tables and the kept versions are rebuilt, as
--   version 3 did, since a stamp is part of their key: should two entries become twins, the
--   one with the latest removal stays (of two kept versions, the first in the old order).
-- * A vote (a participant's dots on an item, or a tally counted on the wall when
--   `participant_id` is NULL) is owned by the item it is on: `contribution_vote` and
--   `cluster_vote` replace `vote`, whose `workshop_id` repeated what the item says. An entry
--   is identified by its item and its `added_stamp`; the votes of a workshop are read
--   through its contributions and clusters, indexed by workshop. An entry naming a
--   contribution goes with it, as readers counted it; one naming no item, which no build
--   writes and no reader counted, is dropped.
-- * Older builds must not read these stamps as theirs: the file's minimum reader is format 2.
-- Conventions of version 3 otherwise hold.

PRAGMA legacy_alter_table = ON;

UPDATE meta SET value = substr(replace(value, '-', ''), 1, 16) WHERE key = 'local.device_id';
UPDATE meta SET value = '2' WHERE key = 'min_reader_version' AND CAST(value AS INTEGER) < 2;

-- Records
UPDATE diagnostic SET created_stamp = CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB),
    title_edit_stamp = nullif(CAST(substr(title_edit_stamp, 1, 16) || substr(title_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    description_edit_stamp = nullif(CAST(substr(description_edit_stamp, 1, 16) || substr(description_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    period_start_edit_stamp = nullif(CAST(substr(period_start_edit_stamp, 1, 16) || substr(period_start_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    period_end_edit_stamp = nullif(CAST(substr(period_end_edit_stamp, 1, 16) || substr(period_end_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    is_demo_edit_stamp = nullif(CAST(substr(is_demo_edit_stamp, 1, 16) || substr(is_demo_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    deleted_edit_stamp = nullif(CAST(substr(deleted_edit_stamp, 1, 16) || substr(deleted_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB));
UPDATE stake SET created_stamp = CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB),
    label_edit_stamp = nullif(CAST(substr(label_edit_stamp, 1, 16) || substr(label_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    position_edit_stamp = nullif(CAST(substr(position_edit_stamp, 1, 16) || substr(position_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    deleted_edit_stamp = nullif(CAST(substr(deleted_edit_stamp, 1, 16) || substr(deleted_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB));
UPDATE territory SET created_stamp = CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB),
    name_edit_stamp = nullif(CAST(substr(name_edit_stamp, 1, 16) || substr(name_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    communes_edit_stamp = nullif(CAST(substr(communes_edit_stamp, 1, 16) || substr(communes_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    position_edit_stamp = nullif(CAST(substr(position_edit_stamp, 1, 16) || substr(position_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    deleted_edit_stamp = nullif(CAST(substr(deleted_edit_stamp, 1, 16) || substr(deleted_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB));
UPDATE theme SET created_stamp = CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB),
    name_edit_stamp = nullif(CAST(substr(name_edit_stamp, 1, 16) || substr(name_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    position_edit_stamp = nullif(CAST(substr(position_edit_stamp, 1, 16) || substr(position_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    deleted_edit_stamp = nullif(CAST(substr(deleted_edit_stamp, 1, 16) || substr(deleted_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB));
UPDATE category SET created_stamp = CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB),
    code_edit_stamp = nullif(CAST(substr(code_edit_stamp, 1, 16) || substr(code_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    label_edit_stamp = nullif(CAST(substr(label_edit_stamp, 1, 16) || substr(label_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    shortcut_edit_stamp = nullif(CAST(substr(shortcut_edit_stamp, 1, 16) || substr(shortcut_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    position_edit_stamp = nullif(CAST(substr(position_edit_stamp, 1, 16) || substr(position_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    deleted_edit_stamp = nullif(CAST(substr(deleted_edit_stamp, 1, 16) || substr(deleted_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB));
UPDATE workshop SET created_stamp = CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB),
    kind_edit_stamp = nullif(CAST(substr(kind_edit_stamp, 1, 16) || substr(kind_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    territory_id_edit_stamp = nullif(CAST(substr(territory_id_edit_stamp, 1, 16) || substr(territory_id_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    theme_id_edit_stamp = nullif(CAST(substr(theme_id_edit_stamp, 1, 16) || substr(theme_id_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    title_edit_stamp = nullif(CAST(substr(title_edit_stamp, 1, 16) || substr(title_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    starts_at_edit_stamp = nullif(CAST(substr(starts_at_edit_stamp, 1, 16) || substr(starts_at_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    ends_at_edit_stamp = nullif(CAST(substr(ends_at_edit_stamp, 1, 16) || substr(ends_at_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    place_edit_stamp = nullif(CAST(substr(place_edit_stamp, 1, 16) || substr(place_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    facilitators_edit_stamp = nullif(CAST(substr(facilitators_edit_stamp, 1, 16) || substr(facilitators_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    token_budget_edit_stamp = nullif(CAST(substr(token_budget_edit_stamp, 1, 16) || substr(token_budget_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    deleted_edit_stamp = nullif(CAST(substr(deleted_edit_stamp, 1, 16) || substr(deleted_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB));
UPDATE phase SET created_stamp = CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB),
    title_edit_stamp = nullif(CAST(substr(title_edit_stamp, 1, 16) || substr(title_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    question_edit_stamp = nullif(CAST(substr(question_edit_stamp, 1, 16) || substr(question_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    duration_min_edit_stamp = nullif(CAST(substr(duration_min_edit_stamp, 1, 16) || substr(duration_min_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    position_edit_stamp = nullif(CAST(substr(position_edit_stamp, 1, 16) || substr(position_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    deleted_edit_stamp = nullif(CAST(substr(deleted_edit_stamp, 1, 16) || substr(deleted_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB));
UPDATE organisation SET created_stamp = CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB),
    name_edit_stamp = nullif(CAST(substr(name_edit_stamp, 1, 16) || substr(name_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    structure_type_edit_stamp = nullif(CAST(substr(structure_type_edit_stamp, 1, 16) || substr(structure_type_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    deleted_edit_stamp = nullif(CAST(substr(deleted_edit_stamp, 1, 16) || substr(deleted_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB));
UPDATE participant SET created_stamp = CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB),
    name_edit_stamp = nullif(CAST(substr(name_edit_stamp, 1, 16) || substr(name_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    organisation_id_edit_stamp = nullif(CAST(substr(organisation_id_edit_stamp, 1, 16) || substr(organisation_id_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    structure_type_edit_stamp = nullif(CAST(substr(structure_type_edit_stamp, 1, 16) || substr(structure_type_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    role_edit_stamp = nullif(CAST(substr(role_edit_stamp, 1, 16) || substr(role_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    email_edit_stamp = nullif(CAST(substr(email_edit_stamp, 1, 16) || substr(email_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    consent_named_edit_stamp = nullif(CAST(substr(consent_named_edit_stamp, 1, 16) || substr(consent_named_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    deleted_edit_stamp = nullif(CAST(substr(deleted_edit_stamp, 1, 16) || substr(deleted_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    erased_stamp = substr(erased_stamp, 1, 16);
UPDATE contribution SET created_stamp = CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB),
    text_edit_stamp = nullif(CAST(substr(text_edit_stamp, 1, 16) || substr(text_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    category_id_edit_stamp = nullif(CAST(substr(category_id_edit_stamp, 1, 16) || substr(category_id_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    phase_id_edit_stamp = nullif(CAST(substr(phase_id_edit_stamp, 1, 16) || substr(phase_id_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    participant_id_edit_stamp = nullif(CAST(substr(participant_id_edit_stamp, 1, 16) || substr(participant_id_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    structure_type_edit_stamp = nullif(CAST(substr(structure_type_edit_stamp, 1, 16) || substr(structure_type_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    duplicate_of_edit_stamp = nullif(CAST(substr(duplicate_of_edit_stamp, 1, 16) || substr(duplicate_of_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    deleted_edit_stamp = nullif(CAST(substr(deleted_edit_stamp, 1, 16) || substr(deleted_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB));
UPDATE cluster SET created_stamp = CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB),
    name_edit_stamp = nullif(CAST(substr(name_edit_stamp, 1, 16) || substr(name_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    position_edit_stamp = nullif(CAST(substr(position_edit_stamp, 1, 16) || substr(position_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    deleted_edit_stamp = nullif(CAST(substr(deleted_edit_stamp, 1, 16) || substr(deleted_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB));
UPDATE initiative SET created_stamp = CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB),
    name_edit_stamp = nullif(CAST(substr(name_edit_stamp, 1, 16) || substr(name_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    legal_form_edit_stamp = nullif(CAST(substr(legal_form_edit_stamp, 1, 16) || substr(legal_form_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    sector_edit_stamp = nullif(CAST(substr(sector_edit_stamp, 1, 16) || substr(sector_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    commune_edit_stamp = nullif(CAST(substr(commune_edit_stamp, 1, 16) || substr(commune_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    territory_id_edit_stamp = nullif(CAST(substr(territory_id_edit_stamp, 1, 16) || substr(territory_id_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    jobs_edit_stamp = nullif(CAST(substr(jobs_edit_stamp, 1, 16) || substr(jobs_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    contact_edit_stamp = nullif(CAST(substr(contact_edit_stamp, 1, 16) || substr(contact_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    description_edit_stamp = nullif(CAST(substr(description_edit_stamp, 1, 16) || substr(description_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    merged_into_edit_stamp = nullif(CAST(substr(merged_into_edit_stamp, 1, 16) || substr(merged_into_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    deleted_edit_stamp = nullif(CAST(substr(deleted_edit_stamp, 1, 16) || substr(deleted_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    erased_stamp = substr(erased_stamp, 1, 16);
UPDATE recommendation SET created_stamp = CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB),
    title_edit_stamp = nullif(CAST(substr(title_edit_stamp, 1, 16) || substr(title_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    body_edit_stamp = nullif(CAST(substr(body_edit_stamp, 1, 16) || substr(body_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    audience_edit_stamp = nullif(CAST(substr(audience_edit_stamp, 1, 16) || substr(audience_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    status_edit_stamp = nullif(CAST(substr(status_edit_stamp, 1, 16) || substr(status_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    position_edit_stamp = nullif(CAST(substr(position_edit_stamp, 1, 16) || substr(position_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB)),
    deleted_edit_stamp = nullif(CAST(substr(deleted_edit_stamp, 1, 16) || substr(deleted_edit_stamp, 25, 8) AS BLOB), CAST(substr(created_stamp, 1, 16) || substr(created_stamp, 25, 8) AS BLOB));

-- field_version
ALTER TABLE field_version RENAME TO old_field_version;
CREATE TABLE field_version (
    table_name TEXT NOT NULL,
    record_id  BLOB NOT NULL,
    field      TEXT NOT NULL,
    stamp      BLOB NOT NULL,
    value      ANY,
    PRIMARY KEY (table_name, record_id, field, stamp)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO field_version (table_name, record_id, field, stamp, value)
    SELECT table_name, record_id, field, CAST(substr(stamp, 1, 16) || substr(stamp, 25, 8) AS BLOB), value FROM old_field_version
     ORDER BY table_name, record_id, field, stamp;
DROP TABLE old_field_version;

-- Set entries
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
    SELECT workshop_id, participant_id, substr(added_stamp, 1, 16), substr(removed_stamp, 1, 16) FROM old_attendance
     ORDER BY workshop_id, substr(added_stamp, 1, 16), substr(removed_stamp, 1, 16) DESC;
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
    SELECT contribution_id, stake_id, substr(added_stamp, 1, 16), substr(removed_stamp, 1, 16) FROM old_contribution_stake
     ORDER BY contribution_id, substr(added_stamp, 1, 16), substr(removed_stamp, 1, 16) DESC;
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
    SELECT contribution_id, cluster_id, substr(added_stamp, 1, 16), substr(removed_stamp, 1, 16) FROM old_cluster_member
     ORDER BY contribution_id, substr(added_stamp, 1, 16), substr(removed_stamp, 1, 16) DESC;
DROP TABLE old_cluster_member;

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
    SELECT initiative_id, contribution_id, workshop_id, substr(added_stamp, 1, 16), substr(removed_stamp, 1, 16) FROM old_initiative_source
     ORDER BY initiative_id, substr(added_stamp, 1, 16), substr(removed_stamp, 1, 16) DESC;
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
    SELECT recommendation_id, stake_id, substr(added_stamp, 1, 16), substr(removed_stamp, 1, 16) FROM old_recommendation_stake
     ORDER BY recommendation_id, substr(added_stamp, 1, 16), substr(removed_stamp, 1, 16) DESC;
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
    SELECT recommendation_id, contribution_id, substr(added_stamp, 1, 16), substr(removed_stamp, 1, 16) FROM old_recommendation_source
     ORDER BY recommendation_id, substr(added_stamp, 1, 16), substr(removed_stamp, 1, 16) DESC;
DROP TABLE old_recommendation_source;

-- Votes: one table per kind of item voted on, clustered by that item; see the header.
CREATE TABLE contribution_vote (
    contribution_id BLOB NOT NULL REFERENCES contribution(id) DEFERRABLE INITIALLY DEFERRED,
    participant_id  BLOB REFERENCES participant(id) DEFERRABLE INITIALLY DEFERRED,
    dots            INTEGER NOT NULL CHECK (dots >= 0),
    added_stamp     BLOB NOT NULL,
    removed_stamp   BLOB,
    PRIMARY KEY (contribution_id, added_stamp)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO contribution_vote (contribution_id, participant_id, dots, added_stamp, removed_stamp)
    SELECT contribution_id, participant_id, dots, substr(added_stamp, 1, 16), substr(removed_stamp, 1, 16) FROM vote
     WHERE contribution_id IS NOT NULL
     ORDER BY contribution_id, substr(added_stamp, 1, 16), substr(removed_stamp, 1, 16) DESC;
CREATE TABLE cluster_vote (
    cluster_id      BLOB NOT NULL REFERENCES cluster(id) DEFERRABLE INITIALLY DEFERRED,
    participant_id  BLOB REFERENCES participant(id) DEFERRABLE INITIALLY DEFERRED,
    dots            INTEGER NOT NULL CHECK (dots >= 0),
    added_stamp     BLOB NOT NULL,
    removed_stamp   BLOB,
    PRIMARY KEY (cluster_id, added_stamp)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO cluster_vote (cluster_id, participant_id, dots, added_stamp, removed_stamp)
    SELECT cluster_id, participant_id, dots, substr(added_stamp, 1, 16), substr(removed_stamp, 1, 16) FROM vote
     WHERE contribution_id IS NULL AND cluster_id IS NOT NULL
     ORDER BY cluster_id, substr(added_stamp, 1, 16), substr(removed_stamp, 1, 16) DESC;
DROP TABLE vote;

PRAGMA legacy_alter_table = OFF;
